/**
 * The arithmetic behind every table: percentiles, fairness of a per-worker tally, spreads over
 * repeats, and how noisy a figure was.
 *
 *   per-worker counts [510, 490] ──fairnessRow──▶ shares 0.51/0.49, max/min 1.04, CV 0.02, Jain 0.9996
 *   repeats [1810, 1702, 1935]   ──spreadOf───▶ { min 1702, median 1810, max 1935, noise 12.9% }
 *
 * Fairness is computed over the workers the server *reported*, so a worker that served nothing
 * counts as a zero rather than silently vanishing from the tally.
 */
import { type Fairness, fairness, spread } from '@cluster-from-scratch/kit/fairness';

/** The q-quantile (0..1) of already sorted values, nearest rank. NaN for no values. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN;
}

export interface Spread {
  min: number;
  median: number;
  max: number;
  /** (max - min) / median: how far apart the repeats landed. 0 when there is one repeat. */
  noise: number;
  n: number;
}

/**
 * Min, median, max and relative spread of repeated measurements. NaN (nothing measured) and null
 * (how JSON stores ∞) are handled: NaN is left out, null comes back as Infinity.
 */
export function spreadOf(values: readonly (number | null)[]): Spread {
  const known = values
    .map((v) => (v === null ? Number.POSITIVE_INFINITY : v))
    .filter((v) => !Number.isNaN(v));
  const s = spread(known);
  const noise =
    known.length > 1 && Number.isFinite(s.max) && s.median !== 0
      ? (s.max - s.min) / Math.abs(s.median)
      : 0;
  return { ...s, noise, n: known.length };
}

export interface WorkerCount {
  pid: number;
  /** A worker thread's id, when the workers are threads of one process (stage 08). */
  thread?: number;
  requests: number;
  connections: number;
}

/**
 * Per-worker counts padded with every pid the server reported, in the server's order, plus any
 * other pid that answered (a primary that also serves) at the end.
 */
export function padWorkers(
  workerPids: readonly number[],
  counted: readonly WorkerCount[],
): WorkerCount[] {
  const byPid = new Map(counted.map((c) => [c.pid, c]));
  const rows = workerPids.map((pid) => byPid.get(pid) ?? { pid, requests: 0, connections: 0 });
  for (const c of counted) if (!workerPids.includes(c.pid)) rows.push(c);
  return rows;
}

export interface FairnessRow {
  shares: number[];
  maxOverMin: number;
  cv: number;
  jain: number;
}

export function fairnessRow(counts: readonly number[]): FairnessRow {
  const f: Fairness = fairness(counts);
  return {
    shares: f.shares,
    maxOverMin: f.maxOverMin,
    cv: f.coefficientOfVariation,
    jain: f.jain,
  };
}

/**
 * The best Jain's index keep-alive can reach: `connections` connections over `workers`
 * workers, as even as whole connections allow (3 over 2 at best 2:1 → 0.9).
 */
export function bestJain(connections: number, workers: number): number {
  const counts = Array.from(
    { length: workers },
    (_, i) => Math.floor(connections / workers) + (i < connections % workers ? 1 : 0),
  );
  return fairness(counts).jain;
}

/** b / a, NaN when a is 0 or either is not a number. */
export function ratio(b: number, a: number): number {
  return a === 0 || !Number.isFinite(a) || !Number.isFinite(b) ? Number.NaN : b / a;
}
