/**
 * A free port on an address, from the kernel: listen on port 0, read which one it gave, close.
 *
 *   freePort('127.0.0.1')  →  41237
 *
 * For programs that need a port written in their config (nginx, HAProxy) before they start.
 * The port is free when asked and taken a moment later, so whoever uses it must be ready for
 * "Address already in use" and ask again.
 */
import { createServer } from 'node:net';

export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
