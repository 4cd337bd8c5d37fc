/**
 * The host app `--app socketio`: the hello app (host-app.ts) with socket.io beside it, in every
 * worker, and optionally @socket.io/sticky in the host's primary (`--sticky`).
 *
 *   GET /                      → hostHandler, as every host serves
 *   /socket.io/?EIO=4&…        → socket.io: 'echo' is acknowledged with the worker's pid
 *                                (stage 06's attachEcho, demos/sticky/app.ts)
 *
 *   plain    primary ── round robin over connections ──▶ worker 1 | worker 2 (each listens)
 *   sticky   primary listens itself; per connection it reads the first bytes for `sid=` and
 *            hands the connection (or, for a request with a body, its bytes) to the worker
 *            that owns that session: @socket.io/sticky's setupMaster / setupWorker
 *
 * @socket.io/sticky asks `require('cluster')` for the workers, so on the clone it only works
 * when that require gives the clone too: hosts.ts starts such a host with stage 06's register
 * entry, and cluster-host.ts then takes its cluster from `node:cluster` like any library.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { attachEcho } from '@cluster-from-scratch/06-round-robin-cluster/sticky-demo/app';
import { waitForEvent } from '@cluster-from-scratch/kit/timeout';
import { setupMaster, setupWorker } from '@socket.io/sticky';
import { Server } from 'socket.io';
import { hostHandler } from './host-app.ts';

/**
 * A worker's server: hostHandler for plain HTTP, socket.io on /socket.io/. With `sticky` it
 * does not listen: its connections come from the primary over IPC.
 */
export function socketIoWorker(sticky: boolean): HttpServer {
  const server = createServer(hostHandler);
  const io = new Server(server);
  attachEcho(io);
  // Leave when the primary lets go: nothing else would end socket.io's timers, and a
  // connection sticky handed over (or a long poll) would keep this process alive.
  process.once('disconnect', () => {
    io.close();
    server.closeAllConnections();
    // Seen after 40 sessions, about one stop in five: a timer of socket.io's outlives
    // io.close() (process.getActiveResourcesInfo() shows one 'Timeout' and no socket) and keeps
    // the worker alive past the host's 30 s stop. Once its primary has let go, a worker has
    // nothing left to serve: it leaves.
    setImmediate(() => process.exit(0));
  });
  if (sticky) setupWorker(io);
  return server;
}

/** The primary's front door under `--sticky`: it owns the port and routes by session id. */
export async function stickyPrimary(address: string, port: number): Promise<number> {
  const server = createServer();
  setupMaster(server, { loadBalancingMethod: 'least-connection' });
  server.listen(port, address);
  await waitForEvent(server, 'listening', { what: `the sticky front door on ${address}` });
  return (server.address() as AddressInfo).port;
}
