/**
 * The primary's one listening socket.
 *
 *   listenOnce({ host: '127.0.0.1', port: 0 }) ──▶ net.Server, listening, port chosen by the OS
 *
 * This is the only bind() in the whole stage. Everything after it shares this socket: the
 * workers get a duplicate descriptor of it (shared-socket mode), or the accepted connections
 * it produces (per-connection mode). Port 0 lets the kernel pick a free port, so two runs
 * never collide; the caller reports the real port.
 */
import { createServer, type Server, type ServerOpts } from 'node:net';

export interface ListenOptions {
  host?: string;
  port?: number;
  /** net.createServer options, e.g. { pauseOnConnect: true } for per-connection passing. */
  serverOptions?: ServerOpts;
}

export function listenOnce(options: ListenOptions = {}): Promise<Server> {
  const server = createServer(options.serverOptions ?? {});
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** The port a listening server is bound to. */
export function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('the server is not listening on a TCP port');
  }
  return address.port;
}
