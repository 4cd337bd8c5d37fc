/**
 * Exercise 06.3 — Routing a newconn to the right server in the worker.
 * This file is yours: write onconnection() where it says TODO(exercise 06.3); the rest is done.
 * When the spec runs, every worker of the clone uses this file. Check it with
 * `npm run verify -- 06.3`; stuck? `npm run hint -- 06.3`.
 * (Made from the solution, src/onconnection.ts, by `npm run exercises:generate`.)
 *
 * onconnection: a worker receives a connection from the primary and routes it to the right
 * server (Node: onconnection() in internal/cluster/child). Exercise 06.3.
 *
 * What goes in: a `newconn` message ({key, seq}) with a socket handle, the worker's servers by
 * key, and a function that sends the ack. What comes out: the ack {accepted} to the primary,
 * and the socket given to the server's onconnection, which turns it into a net.Socket and
 * emits 'connection' (then http takes over as usual).
 *
 *   primary ── {act:'newconn', key:'null:0:4:undefined:0', seq:12} + socket ──▶ worker
 *   worker:  servers.get(key)?  ── no ──────────────▶ ack(false), close our copy
 *              │ yes, but at maxConnections ─────────▶ ack(false), close our copy
 *              └ yes ─▶ ack(true) ─▶ handle.onconnection(0, socket) ─▶ server 'connection'
 *
 * A declined connection is not lost: the primary still holds it and offers it to the next
 * free worker. The key matters because one worker may run several servers on several ports.
 */

/** One server of this worker: the handle net.js uses, and the net.Server that owns it. */

export interface ServerEntry {
  handle: { onconnection?: ((err: number, handle?: { close(): void }) => void) | null };
  server: { maxConnections?: number; _connections?: number; dropMaxConnection?: boolean };
}

export interface NewConnMessage {
  key: string;
}

export function onconnection(
  message: NewConnMessage,
  socket: { close(): void },
  servers: ReadonlyMap<string, ServerEntry>,
  ack: (accepted: boolean) => void,
): void {
  // TODO(exercise 06.3): route the connection to the server named by message.key.
  //   - accepted when servers has that key (and its handle has an onconnection function)…
  //   - …unless that server is at its limit: server.maxConnections set and
  //     server._connections >= maxConnections
  //   - ack(accepted) first, then: accepted → entry.handle.onconnection(0, socket), called
  //     as a method (net finds the server through `this`); declined → socket.close()
  throw new Error(`TODO(exercise 06.3): ${message.key} ${socket} ${servers.size} ${typeof ack}`);
}
