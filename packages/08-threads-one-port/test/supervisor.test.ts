/**
 * The thread supervisor's life cycle: fork → online → listening per worker, ready after all;
 * restarts within stage 05's budget, then giveup; a graceful disconnect is not restarted.
 */
import { freshConnections, tally, workerLabel } from '@cluster-from-scratch/kit/http-load';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { events, startServe, waitEvent } from './support.ts';

const harness = useHarness();

describe('a cluster-shaped supervisor for threads', () => {
  it('each worker goes fork → online → listening, and the ready report comes after all of them', async () => {
    const { child, ready } = await startServe(harness, ['--workers', '2']);
    const order = child.messages
      .map((m) => m as { event?: string; id?: number; port?: number })
      .map((m) => (m.event ? `${m.event} ${m.id ?? ''}`.trim() : 'report'));
    for (const id of [1, 2]) {
      const at = (e: string) => order.indexOf(`${e} ${id}`);
      expect(at('fork')).toBeGreaterThanOrEqual(0);
      expect(at('fork')).toBeLessThan(at('online'));
      expect(at('online')).toBeLessThan(at('listening'));
      expect(at('listening')).toBeLessThan(order.indexOf('report'));
    }
    expect(ready.startupMs).toHaveLength(2);
    for (const ms of ready.startupMs) expect(ms).toBeGreaterThan(0);
  });

  it('restarts within the budget, then gives up and exits 1 (limit 1)', async () => {
    const { child } = await startServe(harness, ['--workers', '1', '--limit', '1']);
    child.send({ cmd: 'throw', id: 1 });
    const fork = await waitEvent(child, 'fork', (e) => e.replaces === 1);
    await waitEvent(child, 'listening', (e) => e.id === fork.id);
    child.send({ cmd: 'throw', id: fork.id });
    expect(await waitEvent(child, 'giveup')).toMatchObject({ restarts: 1, limit: 1 });
    expect(await child.waitForExit()).toEqual({ code: 1, signal: null });
    expect(events(child, 'fork')).toHaveLength(2);
  });

  it('disconnect: the thread closes its server and ends with code 0, and is not replaced', async () => {
    const { child, ready } = await startServe(harness, ['--workers', '2', '--strategy', 'proxy']);
    child.send({ cmd: 'disconnect', id: 1 });
    const exit = await waitEvent(child, 'exit', (e) => e.id === 1);
    expect(exit).toMatchObject({ code: 0, asked: true });
    const { workers, failed } = tally(await freshConnections({ port: ready.port, requests: 10 }));
    expect(failed).toBe(0);
    expect(workers.map(workerLabel)).toEqual([ready.workerIds[1]]);
    expect(events(child, 'fork')).toHaveLength(2);
  });

  it('stop: every thread disconnects, then serve.ts exits 0', async () => {
    const { child } = await startServe(harness, ['--workers', '2']);
    child.send({ cmd: 'stop' });
    expect(await child.waitForExit()).toEqual({ code: 0, signal: null });
    expect(events(child, 'exit').map((e) => e.code)).toEqual([0, 0]);
  });

  it('bad input: a clear error, exit 2, nothing started', async () => {
    const child = harness.start(new URL('../src/serve.ts', import.meta.url), {
      args: ['--workers', '0'],
    });
    expect(await child.waitForExit()).toEqual({ code: 2, signal: null });
    expect(child.tail()).toMatch(/--workers must be a whole number ≥ 1, got '0'/);
    expect(child.messages).toEqual([]);
  });
});
