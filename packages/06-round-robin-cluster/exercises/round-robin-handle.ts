/**
 * Exercise 06.1 — The free-worker queue of the round-robin handle (distribute, handoff).
 * This file is yours: write distribute() and handoff() where it says TODO(exercise 06.1); the rest
 * is done. When the spec runs, the whole clone runs with this file in its primary. Check it with
 * `npm run verify -- 06.1`; stuck? `npm run hint -- 06.1`.
 * (Made from the solution, src/round-robin-handle.ts, by `npm run exercises:generate`.)
 *
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
import type {
  AddCallback,
  ConnectionHandle,
  ListeningHandle,
  ListenQuery,
  NetServerInternals,
  ServerHandle,
} from '../src/handles.ts';
import { sendHelper } from '../src/utils.ts';
import type { Worker } from '../src/worker.ts';

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
    // TODO(exercise 06.1): queue the connection, then hand it to the first free worker.
    //   - err set or no conn: accept() failed, there is nothing to hand out
    //   - push conn onto this.pending
    //   - take the *first* worker of this.free (a Map keeps insertion order), if there is one,
    //     delete it from this.free and call this.handoff(worker)
    //   - nobody free: leave it queued; the next ack (handoff) picks it up
    throw new Error(`TODO(exercise 06.1): distribute ${err} ${conn}`);
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
    // TODO(exercise 06.1): give this worker the oldest pending connection.
    //   - the worker left (not in this.all): do nothing
    //   - nothing pending: the worker is free again (this.free.set)
    //   - otherwise take the oldest connection and send it with
    //       sendHelper(worker.process, { act: 'newconn', key: this.key }, conn, (reply) => …)
    //     and in the ack callback: accepted → close our copy (conn.close());
    //     declined → this.distribute(0, conn) so another worker gets it;
    //     then this.handoff(worker) again (more may be waiting, or it becomes free)
    void sendHelper;
    throw new Error(`TODO(exercise 06.1): handoff to worker ${worker.id}`);
  }
}
