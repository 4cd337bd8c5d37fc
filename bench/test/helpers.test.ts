/**
 * The arithmetic and formatting behind every table: if these are wrong, every figure is.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError, parseCli } from '../src/cli.ts';
import { servedBy, servedByWorker } from '../src/load.ts';
import { availableModes, describeModes, findMode } from '../src/modes.ts';
import { readResult, writeResult } from '../src/report/results.ts';
import { barChart, escapeXml, niceCeil, shareChart } from '../src/report/svg.ts';
import type { ScenarioResult } from '../src/scenario.ts';
import {
  DISTRIBUTION_MODES,
  type DistributionRun,
  summariseDistribution,
} from '../src/scenarios/distribution.ts';
import { FDS_MODES } from '../src/scenarios/fds.ts';
import { HERD_MODES } from '../src/scenarios/herd.ts';
import { SCALING_MODES } from '../src/scenarios/scaling.ts';
import { bestJain, fairnessRow, padWorkers, percentile, ratio, spreadOf } from '../src/stats.ts';
import { markdownTable, num, renderTable, spreadCell } from '../src/table.ts';

describe('fairness of a per-worker tally', () => {
  it('is perfect for an even split and 1/n when one worker gets everything', () => {
    expect(fairnessRow([50, 50])).toEqual({ shares: [0.5, 0.5], maxOverMin: 1, cv: 0, jain: 1 });
    const skewed = fairnessRow([100, 0, 0, 0]);
    expect(skewed.jain).toBeCloseTo(0.25, 10);
    expect(skewed.maxOverMin).toBe(Number.POSITIVE_INFINITY);
    expect(skewed.cv).toBeCloseTo(Math.sqrt(3), 10);
  });

  it('matches a hand-computed Jain index for 2:1', () => {
    // (2+1)² / (2·(4+1)) = 9/10
    expect(fairnessRow([2, 1]).jain).toBeCloseTo(0.9, 10);
    expect(fairnessRow([2, 1]).maxOverMin).toBe(2);
  });

  it('knows the best keep-alive can do with whole connections', () => {
    expect(bestJain(3, 2)).toBeCloseTo(0.9, 10);
    expect(bestJain(3, 4)).toBeCloseTo(0.75, 10);
    expect(bestJain(64, 4)).toBe(1);
  });

  it('counts a reported worker that served nothing as a zero, and keeps strangers', () => {
    const padded = padWorkers(
      [10, 11, 12],
      [
        { pid: 11, requests: 5, connections: 1 },
        { pid: 99, requests: 2, connections: 2 },
      ],
    );
    expect(padded.map((w) => [w.pid, w.requests])).toEqual([
      [10, 0],
      [11, 5],
      [12, 0],
      [99, 2],
    ]);
  });
});

describe('spreads and percentiles', () => {
  it('gives min, median, max and the relative spread', () => {
    expect(spreadOf([30, 10, 20])).toEqual({ min: 10, median: 20, max: 30, noise: 1, n: 3 });
    expect(spreadOf([4, 2]).median).toBe(3);
    expect(spreadOf([7]).noise).toBe(0);
  });

  it('drops NaN, reads null (JSON for ∞) back as ∞', () => {
    expect(spreadOf([Number.NaN, 2]).n).toBe(1);
    const s = spreadOf([null, 1, 2]);
    expect(s.max).toBe(Number.POSITIVE_INFINITY);
    expect(s.median).toBe(2);
    expect(s.noise).toBe(0);
  });

  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile([], 0.5)).toBeNaN();
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeNaN();
  });
});

describe('tables', () => {
  it('right-aligns numeric columns and left-aligns text', () => {
    const text = renderTable(
      ['mode', 'Jain'],
      [
        ['node:cluster RR', '0.999'],
        ['x', '1'],
      ],
    );
    const lines = text.split('\n');
    expect(lines[0]).toBe('mode              Jain');
    expect(lines[2]).toBe('node:cluster RR  0.999');
    expect(lines[3]).toBe('x                    1');
  });

  it('does not take a label that starts with a digit for a number', () => {
    const lines = renderTable(
      ['mode', 'Jain'],
      [
        ['05 supervisor', '0.98 (0.97–0.99)'],
        ['x', '∞'],
      ],
    ).split('\n');
    expect(lines[2]).toBe('05 supervisor  0.98 (0.97–0.99)');
    expect(lines[3]).toBe('x                             ∞');
  });

  it('writes markdown with alignment and escaped pipes', () => {
    expect(markdownTable(['a', 'n'], [['x|y', 3]])).toBe(
      '| a | n |\n| --- | ---: |\n| x\\|y | 3 |',
    );
  });

  it('formats spreads, ∞ and missing values', () => {
    expect(spreadCell(spreadOf([1, 2, 3]))).toBe('2.00 (1.00–3.00)');
    expect(spreadCell(spreadOf([2, 2]))).toBe('2.00');
    expect(spreadCell(spreadOf([]))).toBe('–');
    expect(num(null)).toBe('∞');
    expect(num(Number.NaN)).toBe('–');
  });
});

describe('reading the serving pid from autocannon headers', () => {
  it('finds x-served-by in a flat header list, case-insensitively', () => {
    expect(servedBy(['Content-Type', 'text/plain', 'X-Served-By', '4242'])).toBe(4242);
    expect(servedBy(['x-served-by', 'nope'])).toBeUndefined();
    expect(servedBy([])).toBeUndefined();
    expect(servedByWorker(['x-served-by', '4242.3'])).toEqual({ pid: 4242, thread: 3 });
    expect(servedByWorker(['x-served-by', '4242'])).toEqual({ pid: 4242 });
    expect(servedBy(['x-served-by', '4242.3'])).toBe(4242);
  });
});

describe('command line', () => {
  const known = ['distribution', 'herd'];
  it('defaults to a full run that rebuilds the docs, and a quick run that does not', () => {
    expect(parseCli([], known)).toMatchObject({ scenarios: [], quick: false, docs: true });
    expect(parseCli(['herd', '--quick'], known)).toMatchObject({
      scenarios: ['herd'],
      quick: true,
      docs: false,
    });
    expect(parseCli(['--quick', '--docs'], known).docs).toBe(true);
  });

  it('rejects bad input with a message that says what is valid', () => {
    expect(() => parseCli(['distrbution'], known)).toThrow(
      /unknown scenario 'distrbution'; scenarios: distribution, herd/,
    );
    expect(() => parseCli(['--repeats', '0'], known)).toThrow(CliError);
    expect(() => parseCli(['--repeats', 'many'], known)).toThrow(
      /--repeats must be a whole number/,
    );
    expect(() => parseCli(['--fast'], known)).toThrow(CliError);
    expect(() => parseCli(['--modes', 'node-rr,nope'], known, ['node-rr'])).toThrow(
      /unknown mode 'nope'/,
    );
    expect(() => parseCli(['--docs', '--no-docs'], known)).toThrow(/contradict/);
    expect(() => parseCli(['herd', '--docs-only'], known)).toThrow(/measures nothing/);
    expect(parseCli(['--docs-only'], known)).toMatchObject({ docsOnly: true, docs: true });
  });
});

describe('results on disk', () => {
  it('summarises repeats per mode × workers × load and survives a JSON round trip with ∞', () => {
    const run = (repeat: number, counts: number[]): DistributionRun => ({
      repeat,
      mode: 'node-rr',
      label: 'node:cluster RR',
      workers: 2,
      load: 'fresh',
      connections: 8,
      requests: 10,
      ok: 10,
      failed: 0,
      elapsedMs: 100,
      throughput: 100 * repeat,
      p50Ms: 1,
      p99Ms: 2,
      perWorker: counts.map((requests, i) => ({ pid: i + 1, requests, connections: requests })),
      byRequests: fairnessRow(counts),
      byConnections: fairnessRow(counts),
    });
    const summary = summariseDistribution([run(1, [5, 5]), run(2, [10, 0]), run(3, [6, 4])]);
    expect(summary.rows).toHaveLength(1);
    const row = summary.rows[0]!;
    expect(row.repeats).toBe(3);
    expect(row.jain.max).toBe(1);
    expect(row.jain.min).toBeCloseTo(0.5, 10);
    expect(row.throughput).toMatchObject({ min: 100, median: 200, max: 300 });
    expect(row.maxOverMin.max).toBe(Number.POSITIVE_INFINITY);
    expect(row.medianRun.map((w) => w.requests)).toEqual([6, 4]);

    const dir = mkdtempSync(join(tmpdir(), 'cfs-bench-'));
    try {
      const result = {
        schema: 1,
        scenario: 'distribution',
        runs: [],
        summary,
      } as unknown as ScenarioResult;
      writeResult(dir, result);
      const back = readResult(dir, 'distribution') as unknown as typeof result;
      const again = (back.summary as typeof summary).rows[0]!;
      expect(again.maxOverMin.max).toBeNull();
      expect(spreadOf([again.maxOverMin.max]).max).toBe(Number.POSITIVE_INFINITY);
      expect(readResult(dir, 'herd')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('charts', () => {
  it('escapes text and draws one bar per row and a whisker where repeats differ', () => {
    expect(escapeXml('a<b & "c"')).toBe('a&lt;b &amp; &quot;c&quot;');
    const svg = barChart({
      title: 'A & B',
      groups: [
        {
          heading: 'g',
          rows: [
            { label: 'x', value: 1, min: 0.5, max: 1.5 },
            { label: 'y', value: 2 },
          ],
        },
      ],
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('A &amp; B');
    expect(svg.match(/<rect [^>]*rx="2"/g)).toHaveLength(2);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    const shares = shareChart({
      title: 's',
      groups: [{ rows: [{ label: 'm', shares: [0.75, 0.25] }] }],
    });
    expect(shares).toContain('75%');
    expect([0.3, 1.94, 3, 7.2, 1234].map(niceCeil)).toEqual([0.5, 2, 5, 10, 2000]);
  });
});

describe('modes from the catalogue', () => {
  it('skips a mode that cannot run here, with the reason, and keeps the order of the rest', () => {
    const here = {
      node: '20.20.2',
      root: false,
      platform: 'linux' as const,
      hasCommand: () => false,
      fileExists: (file: string) => !file.endsWith('serve-shared.ts'),
    };
    const { modes, skipped } = availableModes(['node-rr', 's04-shared', 's06-rr'], here);
    expect(modes.map((m) => m.id)).toEqual(['node-rr', 's06-rr']);
    expect(skipped).toEqual([
      {
        mode: 's04-shared',
        reason:
          'stage 04 has no server program yet (no packages/04-handle-passing/src/serve-shared.ts)',
      },
    ]);
  });

  it('runs the reusePort modes in every default scenario, and skips them with why on a line without it', () => {
    const own = ['node-reuseport', 's06-reuseport', 's04-reuse-port'];
    for (const [name, list] of Object.entries({
      distribution: DISTRIBUTION_MODES,
      herd: HERD_MODES,
      fds: FDS_MODES,
      scaling: SCALING_MODES,
    })) {
      expect(
        own.filter((id) => !(list as readonly string[]).includes(id)),
        name,
      ).toEqual([]);
    }
    const at = (node: string) => ({
      node,
      root: false,
      platform: 'linux' as const,
      hasCommand: () => false,
      fileExists: () => true,
    });
    for (const node of ['20.20.2', '23.0.0']) {
      const { modes, skipped } = availableModes(['node-rr', ...own], at(node));
      expect(modes.map((m) => m.id)).toEqual(['node-rr']);
      expect(skipped).toEqual(
        own.map((mode) => ({
          mode,
          reason: `needs Node 22.12.0 on 22.x, 23.1.0 on 23.x and every later line (this is ${node})`,
        })),
      );
    }
    expect(availableModes(own, at('24.0.0')).skipped).toEqual([]);
    expect(own.map((id) => findMode(id).accept)).toEqual([
      'own-socket',
      'own-socket',
      'own-socket',
    ]);
  });

  it('records what each mode ran: the quiet command line, the fixed count of the single process', () => {
    expect(describeModes([findMode('single'), findMode('s03-proxy')], 4)).toEqual([
      { id: 'single', label: 'one process', script: 'bench/src/servers/single.ts', args: [] },
      {
        id: 's03-proxy',
        label: '03 proxy',
        script: 'packages/03-proxy-ports/src/serve.ts',
        args: ['--workers', '4', '--quiet'],
      },
    ]);
    expect(() => findMode('nope')).toThrow(/unknown mode 'nope'/);
  });
});
