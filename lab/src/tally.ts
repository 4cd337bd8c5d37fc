/**
 * Counting what the load saw: who served each request, over which connection, and what failed.
 *
 *   RequestResult { ok, servedBy (x-served-by), connection (lane or request number) }
 *        │
 *        ▼ add()
 *   per worker: requests, connections  ·  failed, by reason  ·  new-connection arrivals
 *   (a worker is a pid, or `<pid>.<threadId>` for a thread: src/worker-key.ts)
 *
 * The client is the only observer every mode has: the response header names the process
 * that served it. A connection is counted once, for the worker that served it:
 * - fresh connections: every request is its own connection, so every request counts one;
 * - keep-alive: a lane keeps one connection, so a lane counts a new connection when it first
 *   gets an answer, and again whenever a different process answers it or a request fails
 *   (the old connection died: the worker went away, or drained and said 'connection: close').
 *   A lane that reconnects to the same worker is not noticed; the page says so.
 * Nothing here knows about time or processes: the lab feeds it results and reads it back.
 */
import type { RequestResult } from '@cluster-from-scratch/kit/http-load';
import { type WorkerKey, workerKey } from './worker-key.ts';

export type LoadShape = 'fresh' | 'keep-alive';

export interface PidCount {
  requests: number;
  connections: number;
}

export interface Arrival {
  /** The worker that served the connection's first request (a pid, or a thread's label). */
  pid: WorkerKey;
  /** Client connection number, for the page to tell arrivals apart. */
  connection: number;
}

export interface Failure {
  at: number;
  reason: string;
}

export class LoadTally {
  private readonly counts = new Map<WorkerKey, PidCount>();
  /** keep-alive lanes: which worker answered last, or undefined after a failure. */
  private readonly lanes = new Map<number, WorkerKey | undefined>();
  private pending: Arrival[] = [];
  private dropped = 0;
  requests = 0;
  failed = 0;
  connections = 0;
  readonly reasons = new Map<string, number>();
  readonly recentFailures: Failure[] = [];

  constructor(
    readonly shape: LoadShape = 'fresh',
    /** How many arrivals to keep for the page between two flushes. */
    private readonly arrivalLimit = 40,
  ) {}

  add(result: RequestResult, now = Date.now()): void {
    if (!result.ok || result.servedBy === undefined) {
      this.failed++;
      const reason =
        result.error ?? (result.status ? `HTTP ${result.status}` : 'no x-served-by header');
      this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
      this.recentFailures.push({ at: now, reason });
      if (this.recentFailures.length > 10) this.recentFailures.shift();
      if (this.shape === 'keep-alive') this.lanes.set(result.connection, undefined);
      return;
    }
    const pid = workerKey(result.servedBy, result.thread);
    const count = this.entry(pid);
    count.requests++;
    this.requests++;
    if (this.isNewConnection(result.connection, pid)) {
      count.connections++;
      this.connections++;
      if (this.pending.length < this.arrivalLimit) {
        this.pending.push({ pid, connection: result.connection });
      } else this.dropped++;
    }
  }

  private isNewConnection(connection: number, pid: WorkerKey): boolean {
    if (this.shape === 'fresh') return true;
    const last = this.lanes.get(connection);
    this.lanes.set(connection, pid);
    return last !== pid;
  }

  private entry(pid: WorkerKey): PidCount {
    let count = this.counts.get(pid);
    if (!count) {
      count = { requests: 0, connections: 0 };
      this.counts.set(pid, count);
    }
    return count;
  }

  get(pid: WorkerKey): PidCount {
    return this.counts.get(pid) ?? { requests: 0, connections: 0 };
  }

  /** Every worker that served something. */
  pids(): WorkerKey[] {
    return [...this.counts.keys()];
  }

  /** The arrivals since the last call, and how many did not fit. */
  takeArrivals(): { arrivals: Arrival[]; dropped: number } {
    const out = { arrivals: this.pending, dropped: this.dropped };
    this.pending = [];
    this.dropped = 0;
    return out;
  }
}
