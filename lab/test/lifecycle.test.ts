/**
 * A lab's life: start a server, watch it through the event stream, end it all with SIGTERM;
 * and the stage 05 supervisor, which replaces a killed worker and restarts without failures.
 */

import { available } from '@cluster-from-scratch/kit/modes';
import { isAlive } from '@cluster-from-scratch/kit/platform';
import { describe, expect, it } from 'vitest';
import { findMode } from '../src/modes.ts';
import {
  allDead,
  freshLoadDone,
  live,
  post,
  startLab,
  sweepLabServers,
  useLabTest,
} from './helpers.ts';

const { harness, open } = useLabTest();

const supervisorReady = available(findMode('s05-supervisor')!).ok;

describe('a lab from start to stop', () => {
  it('start → the stream delivers workers, per-worker counts, arrivals and the log; SIGTERM ends every process', async () => {
    const lab = await startLab(harness);
    const sse = await open(lab);
    await sse.snapshot((s) => s.server.status === 'stopped', 'a first snapshot');

    const started = await post(lab, '/api/server', { mode: 'node-rr', workers: 2 });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const up = await sse.snapshot(
      (s) => s.server.status === 'running' && live(s).length === 2,
      'a running server with 2 workers',
    );
    const workerPids = live(up).map((w) => w.pid);
    const primaryPid = up.primary!.pid;
    expect(workerPids.every(isAlive)).toBe(true);

    // One connection at a time: round robin gives each worker its turn in order.
    const done = await freshLoadDone(lab, sse, { requests: 200, connections: 1 });
    for (const w of live(done)) {
      expect(w.requests, `pid ${w.pid}`).toBeGreaterThan(0);
      expect(w.connections, 'fresh connections: one connection per request').toBe(w.requests);
    }
    expect(done.primary?.accepted, 'round robin: every connection went through the primary').toBe(
      200,
    );
    expect(done.fairness.jain).toBeGreaterThanOrEqual(0.99);
    expect(done.fairness.series.length).toBeGreaterThan(0);

    const arrivals = await sse.next<{ items: { pid: number; via: string }[] }>(
      'arrivals',
      (a) => a.items.length > 0,
      'new-connection arrivals',
    );
    for (const a of arrivals.items) {
      expect(workerPids).toContain(a.pid);
      expect(a.via).toBe('primary');
    }
    expect(
      sse.events.some(
        (e) =>
          e.event === 'log' &&
          /is up on 127\.0\.0\.1/.test((e.data as { text: { en: string } }).text.en),
      ),
    ).toBe(true);

    lab.child.kill('SIGTERM');
    const exit = await lab.child.waitForExit({
      what: 'the lab to stop on SIGTERM',
      timeout: 20_000,
    });
    expect(exit.code).toBe(0);
    await allDead(
      [lab.pid, primaryPid, ...workerPids],
      'the lab, the primary and its workers to be gone',
    );
    expect(sweepLabServers(harness)).toEqual([]);
  });

  it.skipIf(!supervisorReady)(
    'stage 05: a killed worker is replaced, and a rolling restart under load fails no request',
    async () => {
      const lab = await startLab(harness);
      const sse = await open(lab);
      expect((await post(lab, '/api/server', { mode: 's05-supervisor', workers: 2 })).status).toBe(
        200,
      );
      const up = await sse.snapshot(
        (s) => s.server.status === 'running' && live(s).length === 2,
        '2 workers',
      );
      const before = live(up).map((w) => w.pid);

      const killed = await post(lab, '/api/kill', {});
      expect(killed.status).toBe(200);
      const victim = killed.body.killed as number;
      expect(before).toContain(victim);
      const replaced = await sse.snapshot(
        (s) => live(s).some((w) => w.replaces === victim && w.state === 'up'),
        `a worker replacing pid ${victim}`,
      );
      const successor = live(replaced).find((w) => w.replaces === victim)!;
      expect(before).not.toContain(successor.pid);
      expect(replaced.workers.find((w) => w.pid === victim)?.state).toBe('exited');
      expect(replaced.notice?.text.en).toMatch(new RegExp(`replaced it with pid ${successor.pid}`));
      expect(isAlive(victim)).toBe(false);

      expect(
        (
          await post(lab, '/api/load', {
            kind: 'keep-alive',
            connections: 4,
            seconds: 30,
            requests: 200_000,
          })
        ).status,
      ).toBe(200);
      await sse.snapshot((s) => s.load.requests > 50, 'the load to get going');
      expect((await post(lab, '/api/restart')).status).toBe(200);
      const restarted = await sse.snapshot(
        (s) => s.restart?.state === 'done',
        'the rolling restart to finish',
        40_000,
      );
      const old = live(replaced).map((w) => w.pid);
      expect(restarted.restart?.replaced.map((r) => r.from).sort()).toEqual([...old].sort());
      expect(restarted.restart?.withLoad).toBe(true);
      expect(restarted.restart?.failedDuring).toBe(0);
      expect(live(restarted).every((w) => !old.includes(w.pid))).toBe(true);
      expect((await post(lab, '/api/load/stop')).status).toBe(200);
      const stopped = await sse.snapshot((s) => s.load.status === 'stopped', 'the load to stop');
      expect(stopped.load.failed).toBe(0);
      // Keep-alive connections drained from old workers came back on new ones.
      expect(live(stopped).filter((w) => w.requests > 0).length).toBeGreaterThan(0);
    },
  );
});
