/**
 * What survives the trip: the same values sent with `serialization: 'json'` (the default) and
 * with `serialization: 'advanced'` (the V8 serializer, structured-clone-like).
 *
 *   parent ── send({ probe: 'Map', value: new Map([['a', 1]]) }) ──▶ receiver child
 *                 │ may throw here: JSON.stringify / V8 refuse      │ rebuilds the original and
 *                 ▼                                                 │ compares (isDeepStrictEqual,
 *          "send() throws …"          ◀── { probe, kept, shown } ───┘ prototypes included)
 *
 * The README's table is rendered from these measurements by demos/serialization-table.ts and
 * a test compares it with a fresh measurement, so it cannot drift from what Node does.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inspect, isDeepStrictEqual } from 'node:util';

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

export interface Probe {
  name: string;
  make(): unknown;
}

export const probes: Probe[] = [
  { name: 'Map', make: () => new Map([['a', 1]]) },
  { name: 'Set', make: () => new Set([1, 2]) },
  { name: 'BigInt', make: () => 10n },
  { name: 'Date', make: () => new Date(0) },
  { name: 'Buffer', make: () => Buffer.from('hi') },
  { name: 'undefined (property)', make: () => ({ a: undefined }) },
  { name: 'undefined (array item)', make: () => [1, undefined] },
  {
    name: 'cyclic object',
    make: () => {
      const o: { name: string; self?: unknown } = { name: 'o' };
      o.self = o;
      return o;
    },
  },
  { name: 'function (property)', make: () => ({ f: () => 1 }) },
  {
    name: 'Error with a code',
    make: () => Object.assign(new RangeError('boom'), { code: 'E_BOOM' }),
  },
  { name: 'class instance', make: () => new Point(1, 2) },
];

export type Mode = 'json' | 'advanced';

/** How one probe fared in one mode. */
export type Fate =
  | { probe: string; kept: boolean; shown: string }
  | { probe: string; thrown: string };

/** A short, stable picture of a value (an Error's stack would differ run to run). */
export function show(value: unknown): string {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return `${value.name}: ${value.message}${code === undefined ? ' (no code)' : ` (code ${String(code)})`}`;
  }
  return inspect(value, { breakLength: Number.POSITIVE_INFINITY, depth: 4 });
}

/** Receiver side: did `value` arrive equal to what `probe` sent? */
export function judge(probe: string, value: unknown): Fate {
  const original = probes.find((p) => p.name === probe)?.make();
  return { probe, kept: sameValue(original, value), shown: show(value) };
}

function sameValue(a: unknown, b: unknown): boolean {
  // isDeepStrictEqual compares prototypes and handles cycles; for Errors it ignores own
  // properties like `code`, so compare those by hand.
  if (a instanceof Error || b instanceof Error) {
    return (
      a instanceof Error &&
      b instanceof Error &&
      a.constructor === b.constructor &&
      a.message === b.message &&
      (a as { code?: unknown }).code === (b as { code?: unknown }).code
    );
  }
  return isDeepStrictEqualSafe(a, b);
}

function isDeepStrictEqualSafe(a: unknown, b: unknown): boolean {
  try {
    return isDeepStrictEqual(a, b);
  } catch {
    return false;
  }
}

/** Sends every probe to a fresh receiver child started with `mode`; resolves with the fates. */
export function measure(mode: Mode): Promise<Fate[]> {
  const receiver = fileURLToPath(new URL('./serialization-receiver.ts', import.meta.url));
  const child = fork(receiver, {
    serialization: mode,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<Fate[]>((resolve, reject) => {
    const fates = new Map<string, Fate>();
    let expected = 0;
    const finish = () => {
      child.disconnect();
      resolve(probes.map((p) => fates.get(p.name) as Fate));
    };
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (fates.size < probes.length)
        reject(new Error(`receiver (${mode}) exited early: ${code ?? signal}`));
    });
    child.on('message', (reply: Fate) => {
      fates.set(reply.probe, reply);
      if (--expected === 0) finish();
    });
    child.once('spawn', () => {
      for (const probe of probes) {
        try {
          child.send({ probe: probe.name, value: probe.make() });
          expected++;
        } catch (error) {
          // First line only: V8's circular-structure message goes on to draw the path.
          const e = error as Error;
          const message = e.message.split('\n')[0];
          fates.set(probe.name, { probe: probe.name, thrown: `${e.name}: ${message}` });
        }
      }
      if (expected === 0) finish();
    });
  });
}

/** The markdown table: one row per probe, one column per mode. */
export function renderTable(results: Record<Mode, Fate[]>): string {
  const cell = (fate: Fate | undefined): string => {
    if (!fate) return '?';
    if ('thrown' in fate) return `send() throws ${code(fate.thrown)}`;
    return fate.kept ? `kept: ${code(fate.shown)}` : `**changed**: arrives as ${code(fate.shown)}`;
  };
  const lines = [
    "| value sent | `serialization: 'json'` (default) | `serialization: 'advanced'` |",
    '| --- | --- | --- |',
  ];
  probes.forEach((probe, i) => {
    lines.push(
      `| ${probe.name}: ${code(show(probe.make()))} | ${cell(results.json[i])} | ${cell(results.advanced[i])} |`,
    );
  });
  return lines.join('\n');
}

export const TABLE_BEGIN = '<!-- serialization-table:begin -->';
export const TABLE_END = '<!-- serialization-table:end -->';

/** The table as it stands between the markers in `markdown`, or undefined. */
export function tableIn(markdown: string): string | undefined {
  const begin = markdown.indexOf(TABLE_BEGIN);
  const end = markdown.indexOf(TABLE_END);
  if (begin < 0 || end < begin) return undefined;
  return markdown.slice(begin + TABLE_BEGIN.length, end).trim();
}

/**
 * A table's cells, row by row, with padding and the width of the --- rows ignored, so that a
 * markdown formatter re-aligning the README's columns does not count as a difference.
 */
export function tableCells(table: string): string[][] {
  return table
    .trim()
    .split('\n')
    .map((line) =>
      line
        .trim()
        .replace(/^\|/, '')
        .replace(/\|$/, '')
        .split(/(?<!\\)\|/)
        .map((cell) => (/^\s*:?-+:?\s*$/.test(cell) ? '---' : cell.trim())),
    );
}

export function withTable(markdown: string, table: string): string {
  const begin = markdown.indexOf(TABLE_BEGIN);
  const end = markdown.indexOf(TABLE_END);
  if (begin < 0 || end < begin) throw new Error(`markers ${TABLE_BEGIN} … ${TABLE_END} not found`);
  return `${markdown.slice(0, begin + TABLE_BEGIN.length)}\n${table}\n${markdown.slice(end)}`;
}

function code(text: string): string {
  return `\`${text.replaceAll('|', '\\|').replaceAll('`', "'")}\``;
}
