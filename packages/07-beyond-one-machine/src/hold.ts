/**
 * A long-lived connection through the front: the shape of a WebSocket, a server-sent event
 * stream or a long poll, as far as a balancer can tell.
 *
 *   const held = await holdThroughFront(port)   GET /hold ──▶ proxy ──▶ host (answers the
 *   held.server, held.servedBy                   headers, then keeps the response open)
 *   held.release()                               the client closes; the proxy closes its side
 *
 * A balancer that counts requests (roundrobin) sees one request per held connection, however
 * long it lasts; one that counts connections in flight (leastconn) sees it until it ends.
 */
import { request } from 'node:http';
import { SERVED_BY_HEADER } from '@cluster-from-scratch/kit/hello-app';
import { withTimeout } from '@cluster-from-scratch/kit/timeout';
import { HOLD_PATH } from './host-app.ts';

export interface HeldConnection {
  /** The server the proxy chose (x-upstream-server: h1, h2 …; undefined behind nginx). */
  server?: string;
  /** The upstream's address:port (x-upstream-addr). */
  upstream?: string;
  servedBy: number;
  /** Closes the connection from the client's side. */
  release(): void;
}

export function holdThroughFront(port: number, host = '127.0.0.1'): Promise<HeldConnection> {
  const req = request({ host, port, path: HOLD_PATH, agent: false });
  const held = new Promise<HeldConnection>((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (res) => {
      if (res.statusCode !== 200) {
        req.destroy();
        reject(new Error(`GET ${HOLD_PATH} through port ${port} answered ${res.statusCode}`));
        return;
      }
      // Once held, a reset of the connection is the end of the hold, not an error to throw.
      req.on('error', () => {});
      res.resume();
      resolve({
        server: res.headers['x-upstream-server'] as string | undefined,
        upstream: res.headers['x-upstream-addr'] as string | undefined,
        servedBy: Number(res.headers[SERVED_BY_HEADER]),
        release: () => req.destroy(),
      });
    });
  });
  req.end();
  return withTimeout(held, `a held connection (GET ${HOLD_PATH}) through port ${port}`, 30_000);
}
