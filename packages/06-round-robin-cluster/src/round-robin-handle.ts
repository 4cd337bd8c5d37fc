/**
 * RoundRobinHandle: the primary owns the listening socket and deals out connections
 * (Node: internal/cluster/round_robin_handle). Used for TCP under SCHED_RR, the default.
 *
 * What goes in: a key ("address:port:addressType:fd:index"), the listen options of the first
 * worker that asked, then workers (add/remove) and accepted connections (distribute).
 * What comes out: one `newconn` message + socket handle per connection, to a free worker.
 *
 *   client ──connect──▶ primary's listening socket
 *                         │ onconnection(err, conn)
 *                         ▼
 *                  distribute(conn) ── pending: [conn, …]
 *                         │ first worker in `free`?
 *                         ▼
 *                  handoff(worker) ── {act:'newconn', key} + conn ──▶ worker
 *                         ▲                                            │
 *                         └──── ack {accepted} ◀───────────────────────┘
 *              accepted → close our copy   declined → distribute(conn) again
 *              then handoff(worker) again: the next pending conn, or back into `free`
 *
 * "Free" means "has acknowledged its last connection". A worker that is busy (its event loop
 * blocked) or stopped cannot ack, so it is skipped: round robin over the *responsive* workers.
 */
import net from 'node:net';
import { constants } from 'node:os';
import { debuglog } from 'node:util';
import { labEvent } from '@cluster-from-scratch/kit/lab-hook';
import type {
  AddCallback,
  ConnectionHandle,
  ListeningHandle,
  ListenQuery,
  NetServerInternals,
  ServerHandle,
} from './handles.ts';
import { sendHelper } from './utils.ts';
import type { Worker } from './worker.ts';

const debug = debuglog('cfs-06');

// libuv's UV_TCP_IPV6ONLY bind flag. Node reads it from an internal binding we cannot reach.
const UV_TCP_IPV6ONLY = 1;

export class RoundRobinHandle implements ServerHandle {
  readonly key: string;
  data: unknown;
  /** Every worker that listens on this key, by id. */
  readonly all = new Map<number, Worker>();
  /** Workers ready for a connection, oldest first (a Map keeps insertion order). */
  readonly free = new Map<number, Worker>();
  /**
   * Accepted connections no worker has taken yet. Deliberate difference: Node keeps them in
   * its internal linked list; an array does the same job here (the queue stays short).
   */
  readonly pending: ConnectionHandle[] = [];
  /** The listening socket, once bound. */
  handle: ListeningHandle | null = null;
  /** The net.Server used to bind; dropped once listening (we keep only its handle). */
  private server: net.Server | null;

  constructor(key: string, address: string | null, query: ListenQuery) {
    this.key = key;
    // No connection listener: the server never sees a connection, distribute() does.
    this.server = net.createServer(() => {
      throw new Error('RoundRobinHandle: net.Server must not receive connections');
    });
    const { port, fd, flags = 0, backlog, readableAll, writableAll } = query;
    if (typeof fd === 'number' && fd >= 0) this.server.listen({ fd, backlog });
    else if (port >= 0) {
      this.server.listen({
        port,
        host: address ?? undefined,
        ipv6Only: Boolean(flags & UV_TCP_IPV6ONLY),
        backlog,
      });
    } else {
      // A Unix domain socket path.
      this.server.listen({ path: address ?? undefined, backlog, readableAll, writableAll });
    }
    this.server.once('listening', () => {
      const server = this.server as unknown as NetServerInternals;
      this.handle = server._handle;
      if (this.handle) this.handle.onconnection = (err, conn) => this.distribute(err, conn);
      // Detach the handle from the net.Server: from now on only we touch it.
      server._handle = null;
      this.server = null;
    });
  }

  add(worker: Worker, send: AddCallback): void {
    if (this.all.has(worker.id)) {
      // Node asserts here (crashing the primary); a confused worker is not worth that.
      debug('worker %d asked twice for %s; ignored', worker.id, this.key);
      return;
    }
    this.all.set(worker.id, worker);
    const done = () => {
      if (!this.handle) return send(-constants.errno.EBADF, null, null); // closed meanwhile
      if (this.handle.getsockname) {
        const sockname: Record<string, unknown> = {};
        this.handle.getsockname(sockname);
        send(null, { sockname }, null);
      } else {
        send(null, null, null); // a Unix socket has no sockname
      }
      this.handoff(worker); // connections may already be waiting
    };
    if (this.server === null) {
      done();
      return;
    }
    // Still binding: answer when that is over, one way or the other.
    this.server.once('listening', done);
    this.server.once('error', (err: NodeJS.ErrnoException) => send(err.errno ?? -1, null, null));
  }

  has(worker: Worker): boolean {
    return this.all.has(worker.id);
  }

  remove(worker: Worker): boolean {
    if (!this.all.delete(worker.id)) return false;
    this.free.delete(worker.id);
    if (this.all.size !== 0) return false;
    // The last worker is gone: drop waiting connections and stop listening.
    for (const conn of this.pending.splice(0)) conn.close();
    this.handle?.close();
    this.handle = null;
    return true;
  }

  /** A connection arrived (onconnection): queue it, and wake the first free worker if any. */
  distribute(err: number, conn?: ConnectionHandle): void {
    // #region exercise 06.1 distribute()
    if (err || !conn) return; // accept() failed: nothing to hand out
    labEvent('accept', { role: 'primary' }); // the lab's view (not in Node); free without a lab
    this.pending.push(conn);
    const first = this.free.values().next();
    if (first.done) return; // everyone is busy; the next ack will pick it up
    const worker = first.value;
    this.free.delete(worker.id);
    this.handoff(worker);
    // #endregion exercise 06.1
  }

  /**
   * Gives `worker` the oldest waiting connection, or marks it free when there is none.
   *
   * As in node:cluster, a worker that dies after the send and before its ack never calls back:
   * the connection is in neither `pending` nor the worker, and our copy stays open, unanswered,
   * until the primary exits (test/in-flight.test.ts). Kept on purpose in a drop-in clone; stage
   * 04's per-connection primary re-sends such a connection instead.
   */
  handoff(worker: Worker): void {
    // #region exercise 06.1 handoff()
    if (!this.all.has(worker.id)) return; // it closed its server meanwhile
    const conn = this.pending.shift();
    if (conn === undefined) {
      this.free.set(worker.id, worker);
      return;
    }
    if (!worker.isConnected()) {
      // Deliberate difference: Node's send fails silently here and the connection is lost.
      // We give it to the next free worker; this one leaves `all` when 'disconnect' arrives.
      this.distribute(0, conn);
      return;
    }
    const message = { act: 'newconn', key: this.key };
    labEvent('handoff', { role: 'primary', worker: worker.process.pid });
    sendHelper(worker.process, message, conn, (reply) => {
      if (reply.accepted)
        conn.close(); // the worker has its own copy now
      else this.distribute(0, conn); // it declined (closing, or at maxConnections): next one
      this.handoff(worker);
    });
    // #endregion exercise 06.1
  }
}
