/**
 * HAProxy's level of balancing, counted: one balancer for all its threads (nginx has one per
 * worker process), and two ways to choose: roundrobin counts requests, leastconn counts the
 * connections a host holds now. They differ only when connections live long.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { expect, it } from 'vitest';
import type { Balance } from '../src/haproxy-config.ts';
import type { HaproxyFront } from '../src/haproxy-front.ts';
import { type HeldConnection, holdThroughFront } from '../src/hold.ts';
import { runLoad } from '../src/probe.ts';
import { tallyFront } from '../src/tally.ts';
import { describeTally } from './support/counts.ts';
import { describeWithHaproxy, startTestHaproxyFront } from './support/haproxy.ts';

/** Opens `n` held connections one after the other (each chosen knowing the ones before). */
async function hold(front: HaproxyFront, n: number): Promise<HeldConnection[]> {
  const held: HeldConnection[] = [];
  for (let i = 0; i < n; i++) held.push(await holdThroughFront(front.haproxy.port));
  return held;
}

const count = (held: HeldConnection[], server: string) =>
  held.filter((h) => h.server === server).length;

describeWithHaproxy('HAProxy: one balancer, two ways to choose', () => {
  const harness = useHarness();

  it('roundrobin with short requests: the hosts alternate, whichever thread took the connection', async () => {
    const front = await startTestHaproxyFront(harness, {
      hosts: 2,
      workers: 2,
      kind: 'cluster',
      haproxy: { threads: 2, balance: 'roundrobin' },
    });
    const results = await runLoad({ port: front.haproxy.port, requests: 200, concurrency: 4 });
    const t = tallyFront(results, front.hosts);
    console.log(`haproxy roundrobin, fresh client connections: ${describeTally(t)}`);
    expect(t.failed, describeTally(t)).toBe(0);
    expect(new Set(results.map((r) => r.haproxyPid))).toEqual(new Set([front.haproxy.pid]));
    // One counter shared by the threads: 100 and 100, where nginx's workers each keep their own.
    expect(t.hosts.map((h) => h.requests)).toEqual([100, 100]);
    for (const host of t.hosts) {
      expect(
        [...host.workers.values()].every((n) => n > 0),
        describeTally(t),
      ).toBe(true);
    }
  });

  async function afterOneHostEmptied(balance: Balance) {
    const front = await startTestHaproxyFront(harness, {
      hosts: 2,
      workers: 1,
      kind: 'cluster',
      // Long, so a heartbeat delayed by a busy machine never ends a held response.
      haproxy: { balance, serverTimeoutMs: 60_000 },
    });
    const first = await hold(front, 4);
    const firstSplit = [count(first, 'h1'), count(first, 'h2')];
    // The two on h2 end (their clients went); h1 keeps its two.
    for (const h of first.filter((c) => c.server === 'h2')) h.release();
    await front.haproxy.waitForServer('h2', (s) => s.current === 0, 'h2 to hold no connection');
    const next = await hold(front, 2);
    const held = [...first.filter((c) => c.server === 'h1'), ...next];
    const nextSplit = [count(next, 'h1'), count(next, 'h2')];
    const nowHeld = [count(held, 'h1'), count(held, 'h2')];
    const stats = await front.haproxy.servers();
    for (const h of held) h.release();
    return { firstSplit, nextSplit, nowHeld, current: stats.map((s) => s.current) };
  }

  it('long-lived connections: roundrobin keeps dealing in turn, so the host that just lost its clients gets only half of the new ones; leastconn gives them all to it', async () => {
    const rr = await afterOneHostEmptied('roundrobin');
    const lc = await afterOneHostEmptied('leastconn');
    console.log(
      `held connections h1/h2 — roundrobin: first ${rr.firstSplit}, next ${rr.nextSplit}, now ${rr.nowHeld}; leastconn: first ${lc.firstSplit}, next ${lc.nextSplit}, now ${lc.nowHeld}`,
    );
    expect(rr.firstSplit).toEqual([2, 2]);
    expect(lc.firstSplit).toEqual([2, 2]);
    expect(rr.nextSplit).toEqual([1, 1]);
    expect(rr.nowHeld).toEqual([3, 1]);
    expect(lc.nextSplit).toEqual([0, 2]);
    expect(lc.nowHeld).toEqual([2, 2]);
    // HAProxy's own count of what each server holds agrees with the clients'.
    expect(rr.current).toEqual([3, 1]);
    expect(lc.current).toEqual([2, 2]);
  });
});
