/**
 * `npm run bench -- --quick` as a smoke run: it must finish, exit 0, end every server it
 * started and write results of the right shape. Never a speed: the figures of a tiny load on
 * a shared machine mean nothing, only their shape does.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive } from '@cluster-from-scratch/kit/platform';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { afterEach, describe, expect, it } from 'vitest';

const harness = useHarness();
const main = new URL('../src/main.ts', import.meta.url);
let out: string | undefined;
afterEach(() => {
  if (out) rmSync(out, { recursive: true, force: true });
  out = undefined;
});

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

describe('npm run bench -- --quick', () => {
  it('runs distribution and fds for node:cluster, writes valid JSON and leaves no process', async () => {
    out = mkdtempSync(join(tmpdir(), 'cfs-bench-'));
    const bench = harness.start(main, {
      args: [
        'distribution',
        'fds',
        '--quick',
        '--modes',
        'node-rr,node-none',
        '--out',
        out,
        '--no-docs',
      ],
      ipc: false,
    });
    const status = await bench.waitForExit({ timeout: 90_000, what: 'the quick bench run' });
    expect(status, bench.tail(30)).toEqual({ code: 0, signal: null });

    const distribution = readJson(join(out, 'distribution.json'));
    expect(distribution).toMatchObject({ schema: 1, scenario: 'distribution', quick: true });
    expect((distribution.machine as { cpus: number }).cpus).toBeGreaterThan(0);
    const runs = distribution.runs as {
      mode: string;
      workers: number;
      load: string;
      ok: number;
      failed: number;
      perWorker: { pid: number; requests: number; connections: number }[];
      byRequests: { jain: number; shares: number[] };
    }[];
    // 2 modes × 1 worker count × 3 loads, one repeat.
    expect(runs).toHaveLength(6);
    expect(new Set(runs.map((r) => r.mode))).toEqual(new Set(['node-rr', 'node-none']));
    expect(new Set(runs.map((r) => r.load))).toEqual(
      new Set(['keep-alive-few', 'keep-alive-many', 'fresh']),
    );
    const pids = new Set<number>();
    for (const run of runs) {
      expect(run.failed).toBe(0);
      expect(run.perWorker).toHaveLength(run.workers);
      expect(run.perWorker.reduce((s, w) => s + w.requests, 0)).toBe(run.ok);
      expect(run.byRequests.jain).toBeGreaterThanOrEqual(1 / run.workers - 1e-9);
      expect(run.byRequests.jain).toBeLessThanOrEqual(1 + 1e-9);
      for (const w of run.perWorker) pids.add(w.pid);
    }
    // Fresh connections: every request was its own connection.
    for (const run of runs.filter((r) => r.load === 'fresh')) {
      for (const w of run.perWorker) expect(w.connections).toBe(w.requests);
    }
    const rows = (
      distribution.summary as { rows: { jain: { min: number; median: number; max: number } }[] }
    ).rows;
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      expect(row.jain.min).toBeLessThanOrEqual(row.jain.median);
      expect(row.jain.median).toBeLessThanOrEqual(row.jain.max);
    }

    const fds = readJson(join(out, 'fds.json'));
    expect(fds).toMatchObject({ schema: 1, scenario: 'fds', quick: true });
    const held = (fds.settings as { held: number }).held;
    for (const run of fds.runs as {
      processes: { pid: number; role: string; answered: number }[];
    }[]) {
      expect(run.processes.filter((p) => p.role === 'primary')).toHaveLength(1);
      expect(run.processes.filter((p) => p.role === 'worker')).toHaveLength(2);
      expect(run.processes.reduce((s, p) => s + p.answered, 0)).toBe(held);
      for (const p of run.processes) pids.add(p.pid);
    }

    // Every server the bench started (workers and primaries alike) is gone.
    expect([...pids].filter(isAlive)).toEqual([]);
    // Longer than the run's own wait, so a slow run fails saying so (with its output).
  }, 180_000);

  it('threads: a worker-thread server and a process server side by side, memory read, a crash counted', async () => {
    out = mkdtempSync(join(tmpdir(), 'cfs-bench-'));
    const bench = harness.start(main, {
      args: [
        'threads',
        '--quick',
        '--modes',
        's03-proxy,s08-threads-proxy',
        '--out',
        out,
        '--no-docs',
      ],
      ipc: false,
    });
    const status = await bench.waitForExit({ timeout: 120_000, what: 'the quick threads run' });
    expect(status, bench.tail(30)).toEqual({ code: 0, signal: null });
    const result = readJson(join(out, 'threads.json'));
    expect(result).toMatchObject({ schema: 1, scenario: 'threads', quick: true });
    const runs = result.runs as {
      part: string;
      mode: string;
      threads: boolean;
      workers: number;
      pssMb: number;
      rssMb: number;
      perWorkerStartMs: number[];
      failed: number;
      crashRequests?: number;
    }[];
    const compare = runs.filter((r) => r.part === 'compare');
    expect(compare.map((r) => [r.mode, r.threads])).toEqual([
      ['s03-proxy', false],
      ['s08-threads-proxy', true],
    ]);
    for (const r of compare) {
      expect(r.failed).toBe(0);
      // PSS shares out what RSS counts in full: never more than RSS.
      if (process.platform === 'linux') expect(r.pssMb).toBeLessThanOrEqual(r.rssMb);
    }
    // Only the threads report each worker's fork → 'listening'.
    expect(compare.map((r) => r.perWorkerStartMs.length)).toEqual([0, 2]);
    // The crash part ran the supervisor, and stage 08's reusePort threads where the line has it.
    const crashed = runs.filter((r) => r.part === 'crash');
    expect(crashed.map((r) => r.mode)).toContain('s05-supervisor');
    for (const r of crashed) expect(r.crashRequests).toBeGreaterThan(0);
  }, 150_000);

  it('long-lived: waves held, a worker killed and replaced; least connections ends even', async () => {
    out = mkdtempSync(join(tmpdir(), 'cfs-bench-'));
    const bench = harness.start(main, {
      args: ['long-lived', '--quick', '--modes', 's06-rr,s06-leastconn', '--out', out, '--no-docs'],
      ipc: false,
    });
    const status = await bench.waitForExit({ timeout: 120_000, what: 'the quick long-lived run' });
    expect(status, bench.tail(30)).toEqual({ code: 0, signal: null });
    const result = readJson(join(out, 'long-lived.json'));
    const runs = result.runs as {
      mode: string;
      wave: number;
      before: number[];
      killedHeld: number;
      dropped: number;
      backToSurvivors: number;
      backToReplacement: number;
      after: number[];
    }[];
    expect(runs.map((r) => r.mode)).toEqual(['s06-rr', 's06-leastconn']);
    for (const run of runs) {
      const open = run.wave * 2 - Math.ceil(run.wave / 3); // every third of wave 1 hung up
      expect(run.before.reduce((a, b) => a + b, 0)).toBe(open);
      // every client of the killed worker dropped and came back somewhere
      expect(run.backToSurvivors + run.backToReplacement).toBe(run.dropped);
      expect(run.after.reduce((a, b) => a + b, 0)).toBe(open);
    }
    // least connections counts what each worker holds: about even before, and after the kill
    // (within 2: a close the primary hears of just after the next wave's connect may miscount)
    const least = runs[1] as (typeof runs)[number];
    expect(Math.max(...least.before) - Math.min(...least.before)).toBeLessThanOrEqual(2);
    expect(Math.max(...least.after) - Math.min(...least.after)).toBeLessThanOrEqual(2);
  });

  it('refuses an unknown scenario with exit code 2 and the list of valid ones', async () => {
    const bench = harness.start(main, { args: ['distrbution', '--quick'], ipc: false });
    const status = await bench.waitForExit({ what: 'the bench to refuse' });
    expect(status.code).toBe(2);
    expect(bench.stderr).toMatch(
      /unknown scenario 'distrbution'; scenarios: distribution, herd, fds, scaling/,
    );
  });
});
