/**
 * Open connections per worker, over time: the lines of the long-lived view's chart.
 *
 *   change(4242, +1) at 3.20 s ──▶ 4242: … [3.20, 17]      one line per worker that ever held one
 *   change(4242, -1) at 3.21 s ──▶ 4242: … [3.21, 16]      (changes within 50 ms share a point)
 *
 * A line has a point only where its count changed; the page draws it as steps (the count holds
 * until the next point) and carries the last one on to "now".
 */
import { fairness } from '@cluster-from-scratch/kit/fairness';
import type { WorkerKey } from './worker-key.ts';

/** [seconds since the load started, open connections from then on] */
export type OpenPoint = [number, number];

/** Changes closer together than this share one point: a wave is a step, not 24 points. */
const MERGE_S = 0.05;
const KEEP = 300;

export class OpenSeries {
  private readonly open = new Map<WorkerKey, number>();
  private readonly lines = new Map<WorkerKey, OpenPoint[]>();

  constructor(private readonly startedAt = Date.now()) {}

  /** Seconds since the load started. */
  seconds(now = Date.now()): number {
    return Math.round((now - this.startedAt) / 10) / 100;
  }

  change(worker: WorkerKey, delta: number, now = Date.now()): void {
    const n = Math.max(0, (this.open.get(worker) ?? 0) + delta);
    this.open.set(worker, n);
    const t = this.seconds(now);
    let line = this.lines.get(worker);
    if (!line) {
      line = [[t, 0]];
      this.lines.set(worker, line);
    }
    const last = line[line.length - 1];
    if (last && line.length > 1 && t - last[0] < MERGE_S) last[1] = n;
    else line.push([t, n]);
    if (line.length > KEEP) line.splice(0, line.length - KEEP);
  }

  count(worker: WorkerKey): number {
    return this.open.get(worker) ?? 0;
  }

  /** Every connection held right now. */
  total(): number {
    let sum = 0;
    for (const n of this.open.values()) sum += n;
    return sum;
  }

  /** The workers that hold at least one connection. */
  holding(): WorkerKey[] {
    return [...this.open].filter(([, n]) => n > 0).map(([w]) => w);
  }

  /** Open connections of each of `workers`, and Jain's index over them. */
  spread(workers: readonly WorkerKey[]): { open: [WorkerKey, number][]; jain: number } {
    const open = workers.map((w): [WorkerKey, number] => [w, this.count(w)]);
    return { open, jain: round(fairness(open.map(([, n]) => n)).jain) };
  }

  view(): { worker: WorkerKey; points: OpenPoint[] }[] {
    return [...this.lines].map(([worker, points]) => ({ worker, points }));
  }
}

export const round = (x: number) => Math.round(x * 1000) / 1000;
