/**
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
  // #region exercise 08.1 exitDecision()
  if (exit.exitedAfterDisconnect || stopping) return 'leave';
  return budget.take() ? 'restart' : 'giveup';
  // #endregion exercise 08.1
}
