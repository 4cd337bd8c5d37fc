/**
 * The restart budget: a crash loop ends in 'giveup', not in forking for ever.
 */
import vm from 'node:vm';
import { isAlive } from '@cluster-from-scratch/kit/platform';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { RestartBudget } from '../src/restart-budget.ts';
import { events, SERVE } from './support/serve.ts';

const harness = useHarness();

describe('the restart budget', () => {
  it('a4-24 a4-25: a crash loop ends in giveup after exactly `limit` restarts, with the counts, and the primary exits non-zero', async () => {
    const child = harness.start(SERVE, {
      args: ['--workers', '2', '--limit', '3', '--window', '60000', '--crash-on-start'],
      name: 'serve.ts --crash-on-start',
      // The last check reads the give-up line on stderr, which is words: read it in English.
      env: { CFS_LANG: 'en' },
    });
    const status = await child.waitForExit({ what: 'the primary to give up and exit' });
    expect(status.code).toBe(1);

    const forks = events(child, 'fork');
    expect(forks.filter((m) => m.reason === 'start')).toHaveLength(2);
    expect(forks.filter((m) => m.reason === 'restart')).toHaveLength(3);
    const giveups = events(child, 'giveup');
    expect(giveups).toHaveLength(1);
    // The counts travel with the event (the article's snippet reads them out of scope).
    expect(giveups[0]).toMatchObject({ restarts: 3, limit: 3, windowMs: 60000 });
    expect(child.stderr).toMatch(/gave up: .*3 restart\(s\) within 60000 ms.*limit 3/);
    // It never reported itself started, and every worker it forked is gone.
    expect(child.messages.some((m) => typeof m === 'object' && m && 'workerPids' in m)).toBe(false);
    expect(events(child, 'suicide').length).toBeGreaterThanOrEqual(4);
    expect(events(child, 'closed')).toEqual([{ event: 'closed', reason: 'giveup' }]);
    for (const fork of forks) expect(isAlive(fork.pid as number)).toBe(false);
  });

  it('a4-24: the default is the article’s 10 restarts per minute; the 11th within the window is refused', () => {
    let now = 1_000_000;
    const budget = new RestartBudget(undefined, undefined, () => now);
    expect([budget.limit, budget.windowMs]).toEqual([10, 60_000]);
    for (let i = 0; i < 10; i++) {
      expect(budget.take()).toBe(true);
      now += 5_000; // ten restarts in 50 s
    }
    expect(budget.take()).toBe(false);
    expect(budget.recent()).toBe(10);
    now += 10_000; // the first restart is now 60 s old: it no longer counts
    expect(budget.take()).toBe(true);
  });

  it('a4-25: the article’s snippet emits a count that only exists inside its checking function (ReferenceError)', () => {
    // Our own minimal reproduction of the shape: the count is a local of the check, and the
    // caller, which emits the event, reads a name it cannot see.
    const reproduction = `
      const times = [];
      function tooOften() { const count = times.push(Date.now()); return count >= 1; }
      function maybeRestart() { if (tooOften()) emit('giveup', count); }
      maybeRestart();
    `;
    const emitted: unknown[] = [];
    expect(() =>
      vm.runInNewContext(reproduction, { emit: (...a: unknown[]) => emitted.push(a) }),
    ).toThrow(/count is not defined/);
    expect(emitted).toHaveLength(0);
  });

  it('bad limits and windows are refused with a message that names them', () => {
    expect(() => new RestartBudget(-1)).toThrow(/restart limit must be a whole number ≥ 0, got -1/);
    expect(() => new RestartBudget(3, 0)).toThrow(/restart window must be .* > 0, got 0/);
    expect(() => new RestartBudget(2.5)).toThrow(RangeError);
  });

  it('limit 0: the first crash gives up at once', async () => {
    const child = harness.start(SERVE, {
      args: ['--workers', '1', '--limit', '0', '--crash-on-start'],
      name: 'serve.ts --limit 0',
    });
    expect((await child.waitForExit()).code).toBe(1);
    expect(events(child, 'fork')).toHaveLength(1);
    expect(events(child, 'giveup')[0]).toMatchObject({ restarts: 0, limit: 0 });
    await pollUntil(() => events(child, 'fork').every((f) => !isAlive(f.pid as number)), {
      what: 'the worker to be gone',
    });
  });
});
