/**
 * listen-hook: how a plain server.listen() in a worker reaches our _getServer.
 *
 * What goes in: the clone's _getServer. What comes out: every net/http server in this worker
 * asks the primary for its socket instead of binding one.
 *
 * How net.Server#listen decides (Node 20, lib/net.js, listenInCluster):
 *
 *   listen(...) ─▶ listenInCluster(server, address, port, addressType, backlog, fd, exclusive)
 *                    require('cluster').isPrimary || exclusive ?
 *                      yes ─▶ server._listen2(...)          bind here, as any process does
 *                      no  ─▶ cluster._getServer(server, query, cb)
 *                               cb(err)    → net emits 'error' (EADDRINUSE …) on the server
 *                               cb(0, h)   → server._handle = h; server._listen2(...)
 *
 * In a clone worker Node's own cluster object is the *primary* one (no NODE_UNIQUE_ID), so net
 * would bind locally. We set two of its properties: isPrimary (and its alias isMaster) to
 * false, and _getServer to ours. net.js then does the rest exactly as for a node:cluster
 * worker: the exclusive test, the bind-error check, the error object, the _listen2 call.
 *
 * dgram asks isWorker instead: dgram-hook.ts sets that one. Only worker processes are touched.
 */
import nodeCluster from 'node:cluster';

export type GetServer = (
  server: unknown,
  query: Record<string, unknown>,
  cb: (err: number | null, handle: unknown) => void,
) => void;

export function routeListenThrough(getServer: GetServer): void {
  const target = nodeCluster as unknown as {
    isPrimary: boolean;
    isMaster: boolean;
    _getServer?: GetServer;
  };
  target.isPrimary = false;
  target.isMaster = false;
  target._getServer = getServer;
}
