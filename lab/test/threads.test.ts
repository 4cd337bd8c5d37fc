/**
 * Stage 08 in the lab: the workers are threads of one process. Each thread is a worker of its
 * own in the roster, the counts and the fairness (keyed `<pid>.<threadId>`, as it names itself
 * in x-served-by), all under one process; a thread ended from the page ends alone and its
 * cluster starts another, in the same process.
 *
 *   lab ──harness──▶ serve.ts (one pid) ── threads <pid>.1 … <pid>.N
 *   s08-threads-proxy: the main thread accepts and relays (every Node line)
 *   s08-threads:       every thread listens with reusePort (22.12+ / 23.1+)
 */
import { nodeHas, nodeSince } from '@cluster-from-scratch/kit/node-lines';
import { isAlive } from '@cluster-from-scratch/kit/platform';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../src/lab.ts';
import { freshLoadDone, live, post, type RunningLab, startLab, useLabTest } from './helpers.ts';

const { harness, open } = useLabTest();

const reusePort = nodeHas('reusePort');
const NO_REUSEPORT = `needs Node ${nodeSince('reusePort')} for reusePort (this is ${process.versions.node})`;
if (!reusePort) console.warn(`[lab] SKIPPED s08-threads in the lab: ${NO_REUSEPORT}`);

/** Starts `mode` with `workers` threads and returns the first snapshot that shows them all. */
async function threadsUp(lab: RunningLab, mode: string, workers: number) {
  const sse = await open(lab);
  const started = await post(lab, '/api/server', { mode, workers });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  const up = await sse.snapshot(
    (s) => s.server.status === 'running' && live(s).length === workers,
    `${mode} with ${workers} threads`,
  );
  return { sse, up };
}

/** One roster entry per thread, all in the primary's process, each named `<pid>.<threadId>`. */
function expectThreadsOfOneProcess(s: Snapshot, workers: number): void {
  const pid = s.primary!.pid;
  const threads = live(s);
  expect(threads).toHaveLength(workers);
  for (const w of threads) {
    expect(w.pid, 'every thread is in the one process').toBe(pid);
    expect(w.thread, `${w.key} has a thread id`).toBeGreaterThan(0);
    expect(w.key).toBe(`${pid}.${w.thread}`);
  }
  expect(new Set(threads.map((w) => w.key)).size, 'one entry per thread').toBe(workers);
}

describe('stage 08 in the lab: threads as workers of one process', () => {
  it('s08-threads-proxy ×3: one entry per thread under one process, the tally counted per thread; a thrown thread is replaced in the same process', async () => {
    const lab = await startLab(harness);
    const { sse, up } = await threadsUp(lab, 's08-threads-proxy', 3);
    expectThreadsOfOneProcess(up, 3);
    expect(up.server.route, 'the main thread accepts and relays').toBe('primary');

    const done = await freshLoadDone(lab, sse, { requests: 150, connections: 3 });
    expectThreadsOfOneProcess(done, 3);
    const served = live(done).map((w) => w.requests);
    expect(
      served.reduce((a, b) => a + b, 0),
      'every request counted for one thread',
    ).toBe(150);
    for (const w of live(done)) {
      expect(w.requests, `thread ${w.key} served`).toBeGreaterThan(0);
      expect(w.connections, 'fresh connections: one per request').toBe(w.requests);
    }
    expect(done.primary?.served, 'no request is the process’s own').toBe(0);
    expect(done.fairness.workers).toBe(3);
    const arrivals = await sse.next<{ items: { pid: number | string; via: string }[] }>(
      'arrivals',
      (a) => a.items.length > 0,
      'arrivals keyed by thread',
    );
    const keys = live(done).map((w) => w.key);
    for (const a of arrivals.items) {
      expect(keys).toContain(a.pid);
      expect(a.via).toBe('primary');
    }

    // "Kill a worker": the thread throws; only it ends, and its cluster starts another thread.
    const thrown = await post(lab, '/api/kill', {});
    expect(thrown.status, JSON.stringify(thrown.body)).toBe(200);
    const victim = thrown.body.killed as string;
    expect(keys).toContain(victim);
    const replaced = await sse.snapshot(
      (s) => live(s).some((w) => w.replaces === victim),
      `a thread replacing ${victim}`,
    );
    expectThreadsOfOneProcess(replaced, 3);
    expect(replaced.workers.find((w) => w.key === victim)?.state).toBe('exited');
    expect(replaced.primary?.pid, 'the same process').toBe(up.primary?.pid);
    const successor = live(replaced).find((w) => w.replaces === victim)!;
    expect(replaced.notice?.text.en).toBe(
      `Thread ${victim} threw and ended alone; its process started thread ${successor.key} in its place.`,
    );
    expect(isAlive(up.primary!.pid)).toBe(true);
  });

  it.skipIf(!reusePort)(
    `s08-threads ×2: each thread listens with reusePort, connections go straight to the threads${reusePort ? '' : ` [SKIPPED: ${NO_REUSEPORT}]`}`,
    async () => {
      const lab = await startLab(harness);
      const { sse, up } = await threadsUp(lab, 's08-threads', 2);
      expectThreadsOfOneProcess(up, 2);
      expect(up.server.route).toBe('direct');
      const done = await freshLoadDone(lab, sse, { requests: 100, connections: 2 });
      expectThreadsOfOneProcess(done, 2);
      expect(live(done).reduce((n, w) => n + w.requests, 0)).toBe(100);
      expect(done.primary?.accepted, 'the main thread accepts nothing').toBe(0);
    },
  );
});
