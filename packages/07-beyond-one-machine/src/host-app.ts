/**
 * What every host serves: kit's hello app, plus a header that names the TCP connection the
 * request came in on.
 *
 *   GET /     → 200 "hello from <pid>"   x-served-by: <pid>   x-upstream-connection: <pid>:<n>
 *   GET /hold → 200, the headers and a first line at once, then the response stays open until
 *               the client goes: a long-lived connection (a WebSocket, a stream, a long poll);
 *               a line every 250 ms keeps it alive and lets the proxy see a client that left
 *
 * Behind nginx the host's client is nginx, so `<pid>:<n>` counts nginx's *upstream*
 * connections: n is 1 for the first connection this worker accepted, 2 for the next… Without
 * upstream keep-alive every request has its own n; with it, many requests share one. Counting
 * distinct values is exact, needs no /proc and no timing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { helloHandler, SERVED_BY_HEADER } from '@cluster-from-scratch/kit/hello-app';

export const UPSTREAM_CONNECTION_HEADER = 'x-upstream-connection';
export const HOLD_PATH = '/hold';
const HOLD_HEARTBEAT_MS = 250;

const connectionNumbers = new WeakMap<Socket, number>();
let accepted = 0;

export function hostHandler(req: IncomingMessage, res: ServerResponse): void {
  let n = connectionNumbers.get(req.socket);
  if (n === undefined) {
    n = ++accepted;
    connectionNumbers.set(req.socket, n);
  }
  res.setHeader(UPSTREAM_CONNECTION_HEADER, `${process.pid}:${n}`);
  if (req.url === HOLD_PATH) {
    // Chunked, never ended by us: the proxy holds the connection to this host as long as its
    // client holds the one to the proxy. That is what leastconn counts.
    res.writeHead(200, { 'content-type': 'text/plain', [SERVED_BY_HEADER]: String(process.pid) });
    res.write(`held by ${process.pid}\n`);
    // A heartbeat, as server-sent events send: a proxy learns that its client went only when
    // it next writes to it (a closed client sent a FIN, and HAProxy waits for the response to
    // end), and it keeps a quiet response from hitting the proxy's idle timeout.
    const beat = setInterval(() => res.write('.\n'), HOLD_HEARTBEAT_MS);
    res.on('close', () => clearInterval(beat));
    return;
  }
  helloHandler(req, res);
}
