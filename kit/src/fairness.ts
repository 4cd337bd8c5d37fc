/**
 * How evenly was the load spread? The numbers the benchmarks and the lab report.
 *
 * - share: each worker's fraction of the total.
 * - max/min: the busiest worker over the idlest (∞ when one got nothing).
 * - coefficient of variation: standard deviation / mean (0 is perfectly even).
 * - Jain's fairness index: (Σx)² / (n·Σx²), from 1/n (one worker got everything) to 1 (even).
 */
export interface Fairness {
  total: number;
  shares: number[];
  maxOverMin: number;
  coefficientOfVariation: number;
  jain: number;
}

export function fairness(counts: readonly number[]): Fairness {
  const n = counts.length;
  const total = counts.reduce((a, b) => a + b, 0);
  if (n === 0 || total === 0) {
    return {
      total,
      shares: counts.map(() => 0),
      maxOverMin: 1,
      coefficientOfVariation: 0,
      jain: 1,
    };
  }
  const mean = total / n;
  const variance = counts.reduce((sum, x) => sum + (x - mean) ** 2, 0) / n;
  const sumSquares = counts.reduce((sum, x) => sum + x * x, 0);
  const max = Math.max(...counts);
  const min = Math.min(...counts);
  return {
    total,
    shares: counts.map((x) => x / total),
    maxOverMin: min === 0 ? Number.POSITIVE_INFINITY : max / min,
    coefficientOfVariation: Math.sqrt(variance) / mean,
    jain: (total * total) / (n * sumSquares),
  };
}

/** Min, median and max of repeated measurements. */
export function spread(values: readonly number[]): { min: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2
      ? (sorted[mid] ?? Number.NaN)
      : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { min: sorted[0] ?? Number.NaN, median, max: sorted[sorted.length - 1] ?? Number.NaN };
}

/** A text bar for terminal tables: bar(0.5, 20) → '██████████'. */
export function bar(fraction: number, width = 30): string {
  const cells = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return '█'.repeat(cells) + '·'.repeat(width - cells);
}
