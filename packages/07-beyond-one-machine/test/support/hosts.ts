/** Small questions the failure tests ask a host from outside. */
import { connect } from 'node:net';
import type { Host } from '../../src/hosts.ts';

/** Whether a connection to the host's address and port is refused (its port is closed). */
export function refuses(host: Host): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: host.address, port: host.port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}
