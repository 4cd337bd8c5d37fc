/**
 * Bad input to the clone's primary: malformed or unexpected internal messages from a worker
 * are ignored with a debug trace (NODE_DEBUG=cfs-06), never a crash. Clone only: node:cluster
 * trusts its workers and is not asked to survive this (fixtures/bad-input.ts).
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureRuns, type Report } from './differential.ts';

const harness = useHarness();
const report = fixtureRuns(harness, 'bad-input', [
  { key: 'clone', impl: 'clone', options: { env: { NODE_DEBUG: 'cfs-06' } } },
]);

describe('bad internal messages from a worker (clone)', () => {
  let r: Report;
  beforeAll(() => {
    r = report('clone');
  });

  it('the primary ignores all of them and stays up; the worker still listens and serves', () => {
    expect(r.said).toEqual({ type: 'sent', count: 17 });
    expect(r.served).toBe(r.workerPid);
    expect(r.where).toMatchObject({ addressType: 4, address: '127.0.0.1' });
    // Exactly one 'listening' (the real one), one 'online'; the garbage made no event.
    expect(r.events.filter((e: string) => e === 'listening')).toHaveLength(1);
    expect(r.events.filter((e: string) => e === 'online')).toHaveLength(1);
    expect(r.stateAfter).toBe('listening');
  });

  it('every ignored message leaves a debug trace saying why', () => {
    const traces = (r.primaryStderr as string)
      .split('\n')
      .filter((line) => line.startsWith('CFS-06'));
    const ignored = traces.filter((line) => /ignored|closed it/.test(line));
    // 16 without a handle + the one with a handle (traced as closed, then as unknown).
    expect(ignored.length).toBeGreaterThanOrEqual(17);
    expect(traces.some((l) => l.includes('queryServer ignored: port must be an integer'))).toBe(
      true,
    );
    expect(traces.some((l) => l.includes('unknown internal message'))).toBe(true);
    expect(traces.some((l) => l.includes('ack nobody waits for'))).toBe(true);
    expect(traces.some((l) => l.includes('sent a handle'))).toBe(true);
  });
});
