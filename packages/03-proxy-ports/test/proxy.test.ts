/**
 * The proxy primary: one public port, workers on ports of their own, round robin per
 * connection, and what happens when a worker dies.
 */

import { readFileSync } from 'node:fs';
import { keepAlive } from '@cluster-from-scratch/kit/http-load';
import { isAlive, listeningInodes, socketInodes } from '@cluster-from-scratch/kit/platform';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkerInfo } from '../src/proxy-primary.ts';
import {
  countBy,
  events,
  fixture,
  type ProbeResult,
  probe,
  probeInSequence,
  startServe,
  stats,
} from './support.ts';

describe('one proxy, 3 workers, looked at from outside', () => {
  // These tests only observe and send requests: they share one proxy (teardown after the file).
  const harness = useHarness({ scope: 'file' });
  let shared: Awaited<ReturnType<typeof startServe>>;
  beforeAll(async () => {
    shared = await startServe(harness, ['--workers', '3']);
  });

  it('a3-04 (loose): each worker listens on port 0 and reports the port the kernel gave it, instead of a random number', async ({
    skip,
  }) => {
    skip(
      process.platform !== 'linux',
      'needs Linux: the ephemeral port range is read from /proc/sys/net/ipv4/ip_local_port_range',
    );
    const { primary, ready } = shared;
    const { workers } = await stats(primary);
    expect(workers.map((w) => w.pid).sort()).toEqual([...ready.workerPids].sort());
    const ports = workers.map((w) => w.port);
    expect(new Set(ports).size).toBe(3); // no collisions
    const [low = 0, high = 0] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    for (const w of workers) {
      // From the ephemeral range: never 0, never privileged, never one already taken.
      expect(w.port).toBeGreaterThanOrEqual(low);
      expect(w.port).toBeLessThanOrEqual(high);
      expect(w.port).not.toBe(ready.port);
      // The kernel agrees that this worker, and only it, listens on the port it reported.
      const listening = listeningInodes(w.port);
      expect(listening).toHaveLength(1);
      expect(socketInodes(w.pid)).toContain(listening[0]);
    }
  });

  it('a1-22 / a3-09 / a2-03: the primary alone owns the public port and spreads connections round robin over the workers', async () => {
    const { primary, ready } = shared;
    const publicSocket = listeningInodes(ready.port);
    expect(publicSocket).toHaveLength(1);
    expect(socketInodes(ready.primaryPid)).toContain(publicSocket[0]);
    for (const pid of ready.workerPids) expect(socketInodes(pid)).not.toContain(publicSocket[0]);

    const before = (await stats(primary)).stats;
    const results = await probeInSequence(ready.port, 9);
    expect(results.every((r) => r.ok)).toBe(true);
    const perPid = countBy(results.map((r) => r.servedBy));
    // Every connection is a new round-robin turn: 9 connections, 3 workers, 3 each.
    expect([...perPid.keys()].sort()).toEqual([...ready.workerPids].sort());
    expect([...perPid.values()]).toEqual([3, 3, 3]);
    expect(perPid.has(ready.primaryPid)).toBe(false);
    const after = (await stats(primary)).stats;
    expect(after.accepted - before.accepted).toBe(9);
    expect(after.forwarded - before.forwarded).toBe(9);
    expect(after.failed).toBe(0);
  });

  it('the choice is per connection: a keep-alive client stays with one worker', async () => {
    const results = await keepAlive({ port: shared.ready.port, connections: 1, requests: 6 });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => r.servedBy)).size).toBe(1);
  });
});

describe('proxy primary when a worker dies', () => {
  const harness = useHarness();

  it('a1-31 (loose): the naive proxy does not drop a dead worker, and every client sent to its port gets an error', async () => {
    const { primary, ready } = await startServe(harness, ['--workers', '2', '--naive']);
    const [victim = 0, survivor = 0] = ready.workerPids;
    process.kill(victim, 'SIGKILL');
    // The primary does get 'exit' (it is the parent); the naive design just ignores it.
    await primary.waitForMessage((m) => (m as { event?: string }).event === 'worker-exit', {
      what: "the primary's worker-exit event",
    });
    const results = await probeInSequence(ready.port, 6);
    const failed = results.filter((r) => !r.ok);
    // Round robin alternates: the dead worker's port gets every other connection.
    expect(failed).toHaveLength(3);
    for (const f of failed) expect(f.error).toMatch(/ECONNRESET|closed without a response/);
    expect(results.filter((r) => r.ok).every((r) => r.servedBy === survivor)).toBe(true);
    const after = await stats(primary);
    expect(after.upstreams.map((u) => u.pid)).toContain(victim); // still in the list
    expect(after.workers.map((w) => w.pid)).toEqual([survivor]);
    expect(after.stats).toMatchObject({ failed: 3, retried: 0 });
  });

  it('a1-31, the fix: a refused upstream connect is retried on another worker and the client never notices', async () => {
    const { primary, ready } = await startServe(harness, [
      '--workers',
      '2',
      '--worker-script',
      fixture('closing-worker.ts').pathname,
    ]);
    const { workers } = await stats(primary);
    const [closer, other] = workers as [WorkerInfo, WorkerInfo];
    // The closer stops listening but stays alive: no 'exit', so it stays in the rotation.
    process.kill(closer.pid, 'SIGUSR2');
    await pollUntil(() => listeningInodes(closer.port).length === 0, {
      what: `worker ${closer.id} to close its listening socket`,
    });
    const results = await probeInSequence(ready.port, 6);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.every((r) => r.servedBy === other.pid)).toBe(true);
    const after = await stats(primary);
    // 6 connections, round robin over 2: the closer was first choice 3 times, refused 3 times.
    expect(after.stats).toMatchObject({ forwarded: 6, retried: 3, failed: 0 });
    expect(events(primary, 'refused').map((e) => (e.args[1] as WorkerInfo).pid)).toEqual([
      closer.pid,
      closer.pid,
      closer.pid,
    ]);
    expect(isAlive(closer.pid)).toBe(true); // it was the retry, not the exit handling
  });

  it('a1-31, the fix: a worker killed under a stream of requests is dropped and replaced; every request after its death succeeds, one in flight fails only if it was already forwarded to it', async () => {
    const { primary, ready } = await startServe(harness, ['--workers', '2']);
    const [victim = 0, survivor = 0] = ready.workerPids;
    const victimInfo = (await stats(primary)).workers.find((w) => w.pid === victim);

    // The stream: 4 lanes of fresh-connection requests. After 20 answers the victim gets
    // SIGKILL. It is 'gone' once the kernel shows both the process dead and its listening
    // socket closed. (The pid turns zombie as soon as its main thread exits; the descriptors
    // close only when its last thread does, and until then the kernel still completes
    // connects to its port.) The stream ends after 40 requests started in the 'gone' phase,
    // or 400 in all, whichever comes first.
    type Phase = 'before' | 'dying' | 'gone';
    let phase: Phase = 'before';
    const results: (ProbeResult & { phase: Phase })[] = [];
    let started = 0;
    let startedGone = 0;
    let killing: Promise<void> | undefined;
    const lane = async () => {
      while (startedGone < 40 && started < 400) {
        started++;
        const at = phase;
        if (at === 'gone') startedGone++;
        results.push({ ...(await probe(ready.port)), phase: at });
        if (results.length === 20 && !killing) {
          phase = 'dying';
          process.kill(victim, 'SIGKILL');
          killing = pollUntil(
            () => !isAlive(victim) && listeningInodes(victimInfo?.port ?? 0).length === 0,
            { what: 'the victim and its listening socket to be gone' },
          ).then(() => {
            phase = 'gone';
          });
        }
      }
    };
    await Promise.all([lane(), lane(), lane(), lane()]);
    await killing;

    // The replacement reports in; then the proxy's events are all in (IPC keeps order).
    await primary.waitForMessage(
      (m) =>
        (m as { event?: string }).event === 'worker-ready' &&
        (m as { args: WorkerInfo[] & { replaces?: number }[] }).args[0]?.replaces ===
          victimInfo?.id,
      { what: 'a replacement for the killed worker' },
    );
    const after = await stats(primary);

    // 1. Every request that started after the victim was gone succeeded.
    const gone = results.filter((r) => r.phase === 'gone');
    expect(gone.length).toBe(40);
    expect(gone.filter((r) => !r.ok)).toEqual([]);
    // 2. A request that started earlier (in flight at the kill, or sent while the victim was
    //    dying) may fail only if the proxy had already forwarded it to the victim: the
    //    upstream TCP connect to the victim's port had succeeded.
    const forwardedToVictim = new Set(
      events(primary, 'forward')
        .filter((e) => (e.args[1] as WorkerInfo).pid === victim)
        .map((e) => e.args[0] as number),
    );
    for (const failure of results.filter((r) => !r.ok)) {
      expect(failure.phase).not.toBe('gone');
      expect(forwardedToVictim.has(failure.localPort ?? -1)).toBe(true);
    }
    // 3. From the moment the primary saw the exit, nothing was forwarded to the victim.
    const log = events(primary);
    const exitAt = log.findIndex(
      (e) => e.event === 'worker-exit' && (e.args[0] as WorkerInfo).pid === victim,
    );
    expect(exitAt).toBeGreaterThan(-1);
    expect(
      log
        .slice(exitAt)
        .filter((e) => e.event === 'forward' && (e.args[1] as WorkerInfo).pid === victim),
    ).toEqual([]);
    // 4. The victim is out of the rotation and a new worker is in.
    const replacement = after.workers.find((w) => w.pid !== survivor);
    expect(replacement).toBeDefined();
    expect(replacement?.pid).not.toBe(victim);
    expect(after.upstreams.map((u) => u.pid).sort()).toEqual([survivor, replacement?.pid].sort());
    const next = await probeInSequence(ready.port, 4);
    expect(countBy(next.map((r) => r.servedBy))).toEqual(
      new Map([
        [survivor, 2],
        [replacement?.pid, 2],
      ]),
    );
  });
});
