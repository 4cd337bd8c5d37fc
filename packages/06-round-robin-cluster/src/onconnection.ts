/**
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
import { nodeHas } from '@cluster-from-scratch/kit/node-lines';

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
  // #region exercise 06.3 onconnection()
  const entry = servers.get(message.key);
  // A server counts once net.js has set it up (it gave the handle its onconnection).
  let accepted = typeof entry?.handle.onconnection === 'function';
  if (entry && accepted) {
    const { maxConnections, _connections = 0, dropMaxConnection } = entry.server;
    // At the limit a worker declines, so the primary can try another worker (a1-58). Which
    // limit counts follows the Node we run on: Node 20 ignores maxConnections 0 (falsy); from
    // 21.0 any number counts; from 22.12 / 23.1 a server with dropMaxConnection takes it and
    // lets net drop it instead.
    const limited = nodeHas('maxConnectionsZeroCounts')
      ? maxConnections != null
      : Boolean(maxConnections);
    const dropsItself = nodeHas('dropMaxConnection') && dropMaxConnection === true;
    if (limited && _connections >= (maxConnections ?? 0) && !dropsItself) accepted = false;
  }
  ack(accepted);
  if (entry && accepted) {
    // Called as a method: net's onconnection finds its server through `this`.
    entry.handle.onconnection?.(0, socket);
  } else {
    socket.close(); // the primary keeps its copy and passes it on
  }
  // #endregion exercise 06.3
}
