/**
 * dgram-hook: how a plain socket.bind() of a UDP socket in a worker reaches our _getServer.
 *
 * What goes in: nothing (listen-hook.ts has already put our _getServer on Node's cluster
 * object). What comes out: every dgram socket in this worker asks the primary for its socket
 * instead of binding one, as in a node:cluster worker.
 *
 * How dgram's Socket#bind decides (lib/dgram.js; the same test on Node 20, 22, 24 and 26):
 *
 *   bind(port, address) ─▶ lookup(address) ─▶ require('cluster').isWorker && !exclusive ?
 *   bind({ fd })        ─────────────────────▶   (same test, no lookup)
 *       no  ─▶ handle.bind(ip, port, flags)                       bind here
 *       yes ─▶ cluster._getServer(socket, {address: ip, port, addressType: 'udp4', fd: -1,
 *                                          flags}, cb)
 *                cb(err)    → 'error' on the socket (bind EADDRINUSE …), callback not called
 *                cb(0, h)   → the socket takes h as its handle, starts receiving, 'listening'
 *                             (closed meanwhile? dgram closes h, and our wrapper tells the primary)
 *
 * `exclusive: true`, and from 22.12 / 23.1 `reusePort: true` (which sets exclusive), bind in
 * the worker whatever isWorker says; so does Node 26's bindSync(), which never asks.
 *
 * dgram reads `isWorker`, net reads `isPrimary`: in a clone worker Node's cluster object is the
 * primary one, so we set isWorker to true here (listen-hook.ts sets isPrimary to false). Both
 * now say "worker", as they do in a node:cluster worker. Nothing else in Node reads them.
 */
import nodeCluster from 'node:cluster';

export function routeBindThrough(): void {
  (nodeCluster as unknown as { isWorker: boolean }).isWorker = true;
}
