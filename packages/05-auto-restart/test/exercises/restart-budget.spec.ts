/**
 * Exercise 05.1: RestartBudget.take() allows `limit` restarts per sliding window.
 * Run: npm run verify -- 05.1 (your file) · npm run solution -- 05.1
 */
import { pickTarget } from '@cluster-from-scratch/kit/exercises';
import { describe, expect, it } from 'vitest';
import * as starter from '../../exercises/restart-budget.ts';
import * as solution from '../../src/restart-budget.ts';

const { RestartBudget } = pickTarget({ starter, solution });

/** A budget on a clock the test moves by hand. */
function budgetAt(limit: number, windowMs: number) {
  const clock = { now: 0 };
  const budget = new RestartBudget(limit, windowMs, () => clock.now);
  return { clock, budget };
}

describe('exercise 05.1: the restart budget', () => {
  it('allows exactly `limit` restarts in a burst and refuses the next', () => {
    const { budget } = budgetAt(3, 1000);
    expect([budget.take(), budget.take(), budget.take()]).toEqual([true, true, true]);
    expect(budget.take()).toBe(false);
    expect(budget.take()).toBe(false);
    expect(budget.recent()).toBe(3);
  });

  it('a restart `windowMs` old no longer counts; one a millisecond younger still does', () => {
    const { clock, budget } = budgetAt(2, 1000);
    budget.take(); // t = 0
    clock.now = 500;
    budget.take(); // t = 500
    clock.now = 999;
    expect(budget.take()).toBe(false); // both still inside the window
    clock.now = 1000;
    expect(budget.take()).toBe(true); // the one at t = 0 is exactly 1000 ms old: gone
    expect(budget.recent()).toBe(2); // t = 500 and t = 1000
  });

  it('the window slides: steady restarts slower than the budget never give up', () => {
    const { clock, budget } = budgetAt(3, 1000);
    for (let i = 0; i < 20; i++) {
      expect(budget.take(), `restart ${i + 1} at t=${clock.now}`).toBe(true);
      clock.now += 400; // 2.5 restarts per second-long window: under the limit of 3
    }
  });

  it('refused restarts are not recorded, so the budget recovers on time', () => {
    const { clock, budget } = budgetAt(1, 1000);
    expect(budget.take()).toBe(true); // t = 0
    for (clock.now = 100; clock.now < 1000; clock.now += 100) expect(budget.take()).toBe(false);
    clock.now = 1000;
    expect(budget.take()).toBe(true);
  });

  it('limit 0 refuses every restart; recent() counts only the window', () => {
    expect(budgetAt(0, 1000).budget.take()).toBe(false);
    const { clock, budget } = budgetAt(5, 1000);
    budget.take();
    budget.take();
    clock.now = 5000;
    expect(budget.recent()).toBe(0);
  });
});
