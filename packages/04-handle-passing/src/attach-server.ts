/**
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
import type { Server, Socket } from 'node:net';

export function attachServer(handle: Server, app: HttpServer): () => void {
  // #region exercise 04.1 attachServer()
  // Emitting 'connection' is exactly what http.Server does for itself when it listens, so
  // handing it an accepted socket this way gives the same behaviour: keep-alive, parsing,
  // responses.
  const onConnection = (socket: Socket) => {
    app.emit('connection', socket);
  };
  handle.on('connection', onConnection);
  return () => {
    handle.off('connection', onConnection);
  };
  // #endregion exercise 04.1
}
