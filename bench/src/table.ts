/**
 * Tables for the terminal and for markdown, from the same rows.
 *
 *   renderTable(['mode', 'Jain'], [['node:cluster RR', '0.999']])
 *     mode             Jain
 *     ───────────────  ─────
 *     node:cluster RR  0.999
 *
 * Numbers are right-aligned, text left-aligned. A figure measured over repeats prints as
 * `median (min–max)` so the spread is never hidden behind a single number.
 */
import { bar } from '@cluster-from-scratch/kit/fairness';
import type { Spread } from './stats.ts';

export type Cell = string | number;

/** A figure: 12, 1,234, -0.5, 51%, ∞, –, 0.98 (0.97–0.99), 5 / 5. Not '05 supervisor'. */
function isNumeric(cell: string): boolean {
  const text = cell.trim();
  return /^[-+]?(\d[\d,]*(\.\d+)?%?|∞|–)( \([^)]*\))?$/.test(text) || /^\d+( \/ \d+)+$/.test(text);
}

/** Display width: box-drawing and CJK characters need care, but ours are single-width. */
function width(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(ch) ? 2 : 1;
  return w;
}

function pad(text: string, w: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, w - width(text)));
  return right ? fill + text : text + fill;
}

export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
): string {
  const text = rows.map((row) => row.map(String));
  const widths = headers.map((h, i) =>
    Math.max(width(h), ...text.map((row) => width(row[i] ?? ''))),
  );
  const right = headers.map(
    (_, i) => text.length > 0 && text.every((row) => isNumeric(row[i] ?? '')),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => pad(c, widths[i] ?? 0, right[i] ?? false))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...text.map(line)].join('\n');
}

export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
): string {
  const text = rows.map((row) => row.map((c) => String(c).replace(/\|/g, '\\|')));
  const right = headers.map(
    (_, i) => text.length > 0 && text.every((row) => isNumeric(row[i] ?? '')),
  );
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map((_, i) => (right[i] ? '---:' : '---')).join(' | ')} |`,
    ...text.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

/** A number with `digits` decimals; ∞ and – for the figures that have no finite value. */
export function num(value: number | null | undefined, digits = 2): string {
  if (value === null || value === Number.POSITIVE_INFINITY) return '∞';
  if (value === undefined || Number.isNaN(value)) return '–';
  return value.toFixed(digits);
}

/** Thousands with a thin grouping: 12345 → 12,345. */
export function int(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return num(value);
  return Math.round(value).toLocaleString('en-US');
}

/** `median (min–max)`, or just the value when every repeat gave the same figure. */
export function spreadCell(s: Spread, format: (v: number) => string = (v) => num(v)): string {
  if (s.n === 0) return '–';
  const [lo, mid, hi] = [format(s.min), format(s.median), format(s.max)];
  return lo === hi ? mid : `${mid} (${lo}–${hi})`;
}

export function percent(fraction: number, digits = 0): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)}%` : '–';
}

/**
 * Per-worker bars, one line each: who served how much of the load.
 *
 *   4250  ███████████████··············  51.0%  510 req  12 conn
 */
export function workerBars(
  workers: readonly { pid: number; requests: number; connections: number }[],
  options: { width?: number; indent?: string } = {},
): string {
  const total = workers.reduce((sum, w) => sum + w.requests, 0);
  const indent = options.indent ?? '    ';
  return workers
    .map((w) => {
      const share = total ? w.requests / total : 0;
      return `${indent}${String(w.pid).padStart(7)}  ${bar(share, options.width ?? 30)}  ${percent(share, 1).padStart(6)}  ${String(w.requests).padStart(6)} req  ${String(w.connections).padStart(5)} conn`;
    })
    .join('\n');
}

/**
 * Free-form bars: one line per row, the bar's length is `fraction` of the full width.
 *
 *   4250  ██████████████████████████····  served 62, woke 250
 */
export function labelledBars(
  rows: readonly { label: string; fraction: number; note: string }[],
  options: { width?: number; indent?: string } = {},
): string {
  const indent = options.indent ?? '    ';
  const labelWidth = Math.max(0, ...rows.map((r) => r.label.length));
  return rows
    .map(
      (r) =>
        `${indent}${r.label.padStart(labelWidth)}  ${bar(r.fraction, options.width ?? 30)}  ${r.note}`,
    )
    .join('\n');
}

/** 1 repeat, 3 repeats. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * How far repeats of the same measurement landed apart, over many rows:
 * "throughput varied by a median of 12% (up to 35%) between repeats".
 */
export function noiseSentence(spreads: readonly Spread[], what: string, lang: 'en' | 'zh'): string {
  const noises = spreads.filter((s) => s.n > 1 && Number.isFinite(s.noise)).map((s) => s.noise);
  if (noises.length === 0) {
    return lang === 'en'
      ? `${what}: a single repeat, no spread to report.`
      : `${what}：只有一次重复，无法给出波动。`;
  }
  const sorted = [...noises].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
  const max = sorted[sorted.length - 1] ?? 0;
  if (max === 0) {
    return lang === 'en'
      ? `${what} came out the same in every repeat.`
      : `${what}在每次重复中都完全相同。`;
  }
  return lang === 'en'
    ? `${what} varied by a median of ${percent(median)} (up to ${percent(max)}) between repeats of the same setup ((max − min) / median).`
    : `${what}在同一配置的多次重复之间，波动中位数为 ${percent(median)}（最大 ${percent(max)}）（按 (最大 − 最小) / 中位数 计算）。`;
}
