/**
 * Exercise 08.1: exitDecision() leaves a thread that was asked to go, restarts one that died,
 * and gives up once stage 05's budget is spent.
 * Run: npm run verify -- 08.1 (your file) · npm run solution -- 08.1
 */
import { RestartBudget } from '@cluster-from-scratch/05-auto-restart/restart-budget';
import { pickTarget } from '@cluster-from-scratch/kit/exercises';
import { describe, expect, it } from 'vitest';
import * as starter from '../../exercises/exit-decision.ts';
import * as solution from '../../src/exit-decision.ts';

const { exitDecision } = pickTarget({ starter, solution });

/** A budget that counts how often it was asked. */
function budget(limit: number) {
  const real = new RestartBudget(limit, 60_000, () => 0);
  const asked = { count: 0 };
  return {
    asked,
    take: () => {
      asked.count++;
      return real.take();
    },
  };
}

describe('exercise 08.1: what to do after a thread ends', () => {
  it('a thread that was asked to go is left alone, and the budget is not touched', () => {
    const b = budget(5);
    expect(exitDecision({ code: 0, exitedAfterDisconnect: true }, false, b)).toBe('leave');
    expect(b.asked.count).toBe(0);
  });

  it('while the cluster stops, nothing is restarted, whatever the code', () => {
    const b = budget(5);
    expect(exitDecision({ code: 1, exitedAfterDisconnect: false }, true, b)).toBe('leave');
    expect(b.asked.count).toBe(0);
  });

  it('a thread that died is restarted while the budget allows, then the supervisor gives up', () => {
    const b = budget(2);
    const died = { code: 1, exitedAfterDisconnect: false };
    expect(exitDecision(died, false, b)).toBe('restart');
    expect(exitDecision(died, false, b)).toBe('restart');
    expect(exitDecision(died, false, b)).toBe('giveup');
    expect(b.asked.count).toBe(3);
  });

  it('code 0 without being asked is a death too (its server closed early, say)', () => {
    const b = budget(1);
    expect(exitDecision({ code: 0, exitedAfterDisconnect: false }, false, b)).toBe('restart');
  });
});
