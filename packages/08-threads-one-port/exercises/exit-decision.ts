/**
 * Exercise 08.1 — After a thread ends: leave it, restart it, or give up (stage 05's budget).
 * This file is yours: write exitDecision() where it says TODO(exercise 08.1); the rest is done.
 * Check it with `npm run verify -- 08.1`; stuck? `npm run hint -- 08.1`.
 * (Made from the solution, src/exit-decision.ts, by `npm run exercises:generate`.)
 *
 * What the supervisor does when a thread has ended: nothing, a replacement, or give up.
 *
 *   exit { code, exitedAfterDisconnect }  stopping?  budget.take()?
 *        asked to go (disconnect, stop)  ─────────────────────────▶ 'leave'
 *        ended by itself: a bug, exit(N), a heap limit ─┬─ budget allows ─▶ 'restart'
 *                                                       └─ budget spent  ─▶ 'giveup'
 *
 * The same rule as stage 05's processes, and the same budget object: a thread that dies as
 * soon as it starts must not be restarted for ever. A code of 0 is not "asked": a thread whose
 * code returned early (its server closed by a bug) also ends with 0, and it still served nobody.
 */
import type { RestartBudget } from '@cluster-from-scratch/05-auto-restart/restart-budget';

export type ExitDecision = 'leave' | 'restart' | 'giveup';

export function exitDecision(
  exit: { code: number; exitedAfterDisconnect: boolean },
  stopping: boolean,
  budget: Pick<RestartBudget, 'take'>,
): ExitDecision {
  // TODO(exercise 08.1): decide what happens after a thread ended.
  //   - it was asked to go (exit.exitedAfterDisconnect), or the cluster is stopping: 'leave'
  //   - otherwise ask the budget once: budget.take() true → 'restart', false → 'giveup'
  //   (a code of 0 alone does not mean it was asked to go)
  throw new Error(
    `TODO(exercise 08.1): exitDecision(code ${exit.code}, stopping ${stopping}) ${typeof budget}`,
  );
}
