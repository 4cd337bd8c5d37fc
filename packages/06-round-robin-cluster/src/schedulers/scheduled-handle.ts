/**
 * ScheduledHandle: round robin's handle, but a schedule chooses the worker for each connection
 * — BEYOND node:cluster (schedule.ts says why Node has no such thing). Used for TCP and pipes
 * under SCHED_IPHASH, SCHED_LEASTCONN, or SCHED_RR with setupPrimary({ schedule }).
 *
 * What goes in: what RoundRobinHandle takes, plus a schedule, plus `connclose` reports from
 * the workers. What comes out: one `newconn` per connection to the chosen worker, now carrying
 * a connection number `conn`, and a count of open connections per worker.
 *
 *   client ──connect──▶ primary: distribute(conn)
 *                         │ schedule(workers, {remoteAddress, openOn}) ─▶ worker 2
 *                         ▼
 *      open[2] += 1, {act:'newconn', key, conn: 17} + socket ──▶ worker 2 ── ack {accepted}
 *      … later, worker 2's socket closes ──▶ {act:'connclose', key, conn: 17} ──▶ open[2] -= 1
 *      declined ─▶ schedule again among the workers that have not declined it
 *
 * What differs from round robin, on purpose: a connection goes to the chosen worker at once,
 * even if that worker has not acked its previous one (round robin waits for a *free* worker).
 * A sticky choice cannot be traded for a quicker one; a busy worker makes its clients wait.
 */
import { debuglog } from 'node:util';
import { labEvent } from '@cluster-from-scratch/kit/lab-hook';
import type { ConnectionHandle, ListenQuery } from '../handles.ts';
import { RoundRobinHandle } from '../round-robin-handle.ts';
import { sendHelper } from '../utils.ts';
import type { Worker } from '../worker.ts';
import type { Schedule, ScheduledConnection } from './schedule.ts';

const debug = debuglog('cfs-06');

/** What a TCPWrap tells about its peer; a PipeWrap has no getpeername. */
interface PeerHandle extends ConnectionHandle {
  getpeername?: (out: { address?: string; port?: number }) => number;
}

export class ScheduledHandle extends RoundRobinHandle {
  /** Open connections per worker id: counted when sent, uncounted on a decline or a connclose. */
  readonly open = new Map<number, Set<number>>();
  private lastConn = 0;

  constructor(
    key: string,
    address: string | null,
    query: ListenQuery,
    private readonly schedule: Schedule,
  ) {
    super(key, address, query);
  }

  override distribute(err: number, conn?: ConnectionHandle): void {
    if (err || !conn) return;
    labEvent('accept', { role: 'primary' });
    this.dispatch(conn, new Set());
  }

  /** A worker joined (or re-announced itself): what waited for any worker goes out now. */
  override handoff(worker: Worker): void {
    if (!this.all.has(worker.id)) return;
    for (const conn of this.pending.splice(0)) this.dispatch(conn, new Set());
  }

  override remove(worker: Worker): boolean {
    this.open.delete(worker.id); // its connections went with it
    return super.remove(worker);
  }

  /** A worker says one of the connections it accepted has closed. */
  closed(worker: Worker, conn: number): void {
    this.open.get(worker.id)?.delete(conn);
  }

  openOn(worker: Worker): number {
    return this.open.get(worker.id)?.size ?? 0;
  }

  private dispatch(conn: ConnectionHandle, declined: Set<number>): void {
    const workers = [...this.all.values()]
      .filter((w) => !declined.has(w.id) && w.isConnected())
      .sort((a, b) => a.id - b.id);
    if (workers.length === 0) {
      this.pending.push(conn); // nobody to take it (yet): the next worker to join gets it
      return;
    }
    const peer: { address?: string; port?: number } = {};
    (conn as PeerHandle).getpeername?.(peer);
    const connection: ScheduledConnection = {
      remoteAddress: peer.address,
      remotePort: peer.port,
      key: this.key,
      openOn: (w) => this.openOn(w),
    };
    let worker: Worker | undefined;
    try {
      worker = this.schedule(workers, connection);
    } catch (error) {
      debug('schedule threw for %s: %s; the first worker gets it', this.key, error);
    }
    if (worker === undefined || !workers.includes(worker)) {
      // A schedule that picks nobody (or a stranger) must not lose the connection.
      debug('schedule chose no listed worker for %s; the first worker gets it', this.key);
      worker = workers[0] as Worker;
    }
    const chosen = worker;
    const id = ++this.lastConn;
    // Counted from the moment it is sent, not from the ack: a burst of connections arriving
    // together must not all see the same counts and pile onto one worker.
    const open = this.open.get(chosen.id) ?? new Set<number>();
    this.open.set(chosen.id, open.add(id));
    labEvent('handoff', { role: 'primary', worker: chosen.process.pid });
    sendHelper(chosen.process, { act: 'newconn', key: this.key, conn: id }, conn, (reply) => {
      if (reply.accepted) {
        conn.close(); // the worker has its own copy now
      } else {
        this.open.get(chosen.id)?.delete(id);
        declined.add(chosen.id);
        this.dispatch(conn, declined);
      }
    });
  }
}

/** The primary's handler for a worker's {act:'connclose', key, conn} (report-close.ts). */
export function connclose(
  handles: ReadonlyMap<string, unknown>,
  worker: Worker,
  message: Readonly<Record<string, unknown>>,
): void {
  const handle = typeof message.key === 'string' ? handles.get(message.key) : undefined;
  if (handle instanceof ScheduledHandle && typeof message.conn === 'number') {
    handle.closed(worker, message.conn);
    return;
  }
  debug('worker %d: connclose for %j, no scheduled server; ignored', worker.id, message.key);
}
