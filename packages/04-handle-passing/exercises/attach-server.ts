/**
 * Exercise 04.1 — Attach the received server handle to an http server.
 * This file is yours: write attachServer() where it says TODO(exercise 04.1); the rest is done.
 * Check it with `npm run verify -- 04.1`; stuck? `npm run hint -- 04.1`.
 * (Made from the solution, src/attach-server.ts, by `npm run exercises:generate`.)
 *
 * Serving HTTP on a listening socket somebody else opened.
 *
 *   received net.Server ──'connection'(socket)──▶ http.Server.emit('connection', socket)
 *   (already listening:                           (never listens itself: it only parses
 *    the worker accepts on it)                      requests on sockets it is given)
 *
 * The worker's net.Server accepts; the http.Server never calls listen().
 *
 * Returns a function that detaches again (the worker stops taking connections from this
 * socket without closing it).
 */
import type { Server as HttpServer } from 'node:http';
import type { Server } from 'node:net';

export function attachServer(handle: Server, app: HttpServer): () => void {
  // TODO(exercise 04.1): every time `handle` accepts a connection, give the socket to `app`
  // as if `app` had accepted it itself. Return a function that undoes this.
  void handle;
  void app;
  throw new Error('TODO(exercise 04.1): attachServer() is not written yet');
}
