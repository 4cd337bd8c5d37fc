/**
 * The long-lived load through the lab's API: clients that hold their connection, in waves, each
 * from an address of its own; a worker killed under them; where they come back.
 *
 *   POST /api/server { mode: s06-…, workers: 3 }          stage 06 run with --restart by the lab
 *   POST /api/load   { kind: 'long-lived', connections: 24 }
 *        wave 1: 24 hold · every third hangs up (8) · wave 2: 24 more  ──▶ 40 held
 *   POST /api/kill   ──▶ the victim's held connections drop ──▶ its clients come back
 *
 * Counts, never times: how many are held per worker, how many dropped, came back and where.
 */
import { isAlive } from '@cluster-from-scratch/kit/platform';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../src/lab.ts';
import { live, post, type SseClient, startLab, useLabTest } from './helpers.ts';

const { harness, open } = useLabTest();

const WORKERS = 3;
const WAVE = 24;
/** Both waves, less every third client of the first (clients 0, 3, 6 … hang up). */
const HELD = 2 * WAVE - Math.ceil(WAVE / 3);

type Held = NonNullable<Snapshot['held']>;
const openOf = (held: Held, worker: number | string) =>
  held.perWorker.find(([w]) => w === worker)?.[1] ?? 0;
const sum = (pairs: [number | string, number][]) => pairs.reduce((a, [, n]) => a + n, 0);

/** Starts `mode` ×3 and the long-lived load; returns once every client holds a connection. */
async function holding(mode: string): Promise<{ sse: SseClient; up: Snapshot; lab: Lab }> {
  const lab = await startLab(harness);
  const sse = await open(lab);
  const started = await post(lab, '/api/server', { mode, workers: WORKERS });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  await sse.snapshot(
    (s) => s.server.status === 'running' && live(s).length === WORKERS,
    `${mode} with ${WORKERS} workers`,
  );
  const load = await post(lab, '/api/load', {
    kind: 'long-lived',
    connections: WAVE,
    seconds: 120,
  });
  expect(load.status, JSON.stringify(load.body)).toBe(200);
  const up = await sse.snapshot(
    (s) => s.held?.phase === 'holding' && s.held.open === HELD,
    `${HELD} held connections after two waves of ${WAVE}`,
    30_000,
  );
  return { sse, up, lab };
}
type Lab = Awaited<ReturnType<typeof startLab>>;

/** Kills the first live worker; returns it and the snapshot once all its clients are back. */
async function killAndReturn(lab: Lab, sse: SseClient, up: Snapshot) {
  const held = up.held!;
  const killed = await post(lab, '/api/kill', {});
  expect(killed.status, JSON.stringify(killed.body)).toBe(200);
  const victim = killed.body.killed as number;
  const had = openOf(held, victim);
  const back = await sse.snapshot(
    (s) => s.held?.kills[0]?.after !== undefined && s.held.open === HELD,
    `the ${had} clients of the killed worker ${victim} to come back`,
    30_000,
  );
  expect(isAlive(victim)).toBe(false);
  const kill = back.held!.kills[0]!;
  expect(kill.worker).toBe(victim);
  expect(kill.dropped, 'exactly the connections the killed worker held dropped').toBe(had);
  expect(kill.back, 'every dropped client came back').toBe(had);
  expect(kill.lost).toBe(0);
  expect(sum(kill.before)).toBe(HELD);
  expect(sum(kill.after!)).toBe(HELD);
  expect(kill.after!.some(([w]) => w === victim)).toBe(false);
  const before = new Set(kill.before.map(([w]) => w));
  const replacement = live(back).find((w) => !before.has(w.key))!;
  expect(replacement, 'the server replaced the killed worker').toBeDefined();
  const survivors = kill.after!.filter(([w]) => w !== replacement.key);
  expect(survivors).toHaveLength(WORKERS - 1);
  // Under every policy: the survivors keep what they held, and the new worker holds only
  // clients that came back.
  for (const [w, n] of survivors) {
    expect(n, `survivor ${w}`).toBeGreaterThanOrEqual(kill.before.find(([b]) => b === w)![1]);
  }
  expect(openOf(back.held!, replacement.key)).toBe(kill.toNew);
  return {
    kill,
    replacement: openOf(back.held!, replacement.key),
    survivors: survivors.map(([, n]) => n),
  };
}

describe('the long-lived load: open connections per worker, and a kill', () => {
  it('s06-leastconn: every client holds one connection; the replacement gets the dropped ones and the workers end even', async () => {
    const { sse, up, lab } = await holding('s06-leastconn');
    const held = up.held!;
    expect(held.failed).toBe(0);
    expect(held.holds, "stage 06's workers answer the WebSocket upgrade").toBe('websocket');
    expect(sum(held.perWorker), 'the held connections, per worker, add up').toBe(HELD);
    const workers = live(up).map((w) => w.key);
    expect(held.perWorker.map(([w]) => w).sort()).toEqual([...workers].sort());
    // Least connections deals every new connection to the worker holding fewest.
    const counts = held.perWorker.map(([, n]) => n);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(up.load.connectionsMade, 'the lab counted each held connection').toBe(2 * WAVE);

    const { kill, replacement, survivors } = await killAndReturn(lab, sse, up);
    // It fills the empty replacement until it holds as many as the others (ties go anywhere).
    expect(kill.toNew).toBeGreaterThanOrEqual(kill.dropped - (WORKERS - 1));
    const after = [replacement, ...survivors];
    expect(Math.max(...after) - Math.min(...after)).toBeLessThanOrEqual(1);
    expect(kill.jainAfter).toBeGreaterThan(0.99);
  });

  it('s06-rr: round robin deals the returning clients like any others, so the replacement stays the emptiest', async () => {
    const { sse, up, lab } = await holding('s06-rr');
    expect(up.held!.failed).toBe(0);
    expect(sum(up.held!.perWorker)).toBe(HELD);
    const { kill, replacement, survivors } = await killAndReturn(lab, sse, up);
    // The returning clients are dealt in turn like any others: the first three go to three
    // different workers, so the new one cannot get them all (with 40 held on 3 workers, the
    // killed one holds at least 3 unless round robin itself failed).
    expect(kill.dropped).toBeGreaterThanOrEqual(3);
    expect(kill.toNew).toBeLessThan(kill.dropped);
    expect(replacement).toBeLessThan(Math.max(...survivors));
  });

  it('a server that does not answer the WebSocket upgrade (node:cluster here): the clients hold keep-alive connections instead', async () => {
    const { up } = await holding('node-rr');
    expect(up.held!.holds).toBe('keep-alive');
    expect(up.held!.failed).toBe(0);
    expect(sum(up.held!.perWorker)).toBe(HELD);
  });
});
