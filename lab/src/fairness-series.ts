/**
 * The fairness line of the page's chart: Jain's index over the whole load, and over the last
 * few seconds, sampled as the load runs.
 *
 *   sample(t, live workers, requests of a pid) ──▶ [t, Jain (whole load), Jain (last WINDOW_S)]
 *
 * The whole load says where the counts ended up; the window says what is happening now, so a
 * replaced worker (which starts from nothing) shows as a dip that recovers.
 */
import { fairness } from '@cluster-from-scratch/kit/fairness';
import type { WorkerKey } from './worker-key.ts';

/** The sliding window of the "recent" line, in seconds. */
const WINDOW_S = 2;
/** Samples closer together than this are skipped. */
const MIN_STEP_S = 0.2;
const KEEP = 400;

export type FairnessPoint = [number, number, number | null];

export class FairnessSeries {
  /** [seconds into the load, Jain over the whole load, Jain over the last WINDOW_S seconds] */
  points: FairnessPoint[] = [];
  /** Per-pid request counts at each sample, for the sliding window. */
  private samples: { t: number; counts: Map<WorkerKey, number> }[] = [];

  clear(): void {
    this.points = [];
    this.samples = [];
  }

  sample<K extends WorkerKey>(
    t: number,
    live: readonly K[],
    requestsOf: (worker: K) => number,
  ): void {
    const last = this.points[this.points.length - 1];
    if (last && t - last[0] < MIN_STEP_S) return;
    const counts = new Map(live.map((pid) => [pid, requestsOf(pid)]));
    this.samples.push({ t, counts });
    while (this.samples.length > 1 && t - (this.samples[1]?.t ?? t) >= WINDOW_S) {
      this.samples.shift();
    }
    const base = this.samples[0];
    const recent =
      base && base.t < t
        ? live.map((pid) => (counts.get(pid) ?? 0) - (base.counts.get(pid) ?? 0))
        : [];
    const recentJain = recent.some((n) => n > 0) ? fairness(recent).jain : null;
    const whole = fairness(live.map(requestsOf)).jain;
    const round = (x: number) => Math.round(x * 1000) / 1000;
    this.points.push([
      Math.round(t * 100) / 100,
      round(whole),
      recentJain === null ? null : round(recentJain),
    ]);
    if (this.points.length > KEEP) this.points.splice(0, this.points.length - KEEP);
  }
}
