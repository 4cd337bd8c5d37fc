/**
 * What every host serves: kit's hello app, plus a header that names the TCP connection the
 * request came in on.
 *
 *   GET / → 200 "hello from <pid>"   x-served-by: <pid>   x-upstream-connection: <pid>:<n>
 *
 * Behind nginx the host's client is nginx, so `<pid>:<n>` counts nginx's *upstream*
 * connections: n is 1 for the first connection this worker accepted, 2 for the next… Without
 * upstream keep-alive every request has its own n; with it, many requests share one. Counting
 * distinct values is exact, needs no /proc and no timing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { helloHandler } from '@cluster-from-scratch/kit/hello-app';

export const UPSTREAM_CONNECTION_HEADER = 'x-upstream-connection';

const connectionNumbers = new WeakMap<Socket, number>();
let accepted = 0;

export function hostHandler(req: IncomingMessage, res: ServerResponse): void {
  let n = connectionNumbers.get(req.socket);
  if (n === undefined) {
    n = ++accepted;
    connectionNumbers.set(req.socket, n);
  }
  res.setHeader(UPSTREAM_CONNECTION_HEADER, `${process.pid}:${n}`);
  helloHandler(req, res);
}
