/**
 * The restart budget: how many restarts a supervisor allows itself before it gives up.
 *
 *   limit = 3, window = 60 s        ✓ = restart allowed, ✗ = refused → 'giveup'
 *
 *   time ──●────●──────●───────────────●──────────────▶
 *          ✓    ✓      ✓               ✗   (three already in the last 60 s)
 *          └────────── 60 s ───────────┘
 *
 * A worker that crashes as soon as it starts would otherwise be restarted for ever, burning
 * CPU and filling the logs while serving nobody. So every restart asks the budget first. In
 * goes the clock; out comes "yes, restart" (and the restart is recorded) or "no": `limit`
 * restarts already happened within the last `windowMs`.
 *
 * The defaults are the article's: 10 restarts per minute. One difference on purpose: the
 * article's check trips *at* the 10th quick restart; ours allows exactly `limit` restarts in
 * any window and refuses the next one, so "limit 3" means three restarts happen.
 * A refused restart is not recorded: the budget counts what really happened.
 */

export const DEFAULT_RESTART_LIMIT = 10;
export const DEFAULT_RESTART_WINDOW_MS = 60_000;

export class RestartBudget {
  /** Times (ms) of the restarts still inside the window, oldest first. */
  private readonly times: number[] = [];

  constructor(
    readonly limit = DEFAULT_RESTART_LIMIT,
    readonly windowMs = DEFAULT_RESTART_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(limit) || limit < 0) {
      throw new RangeError(`restart limit must be a whole number ≥ 0, got ${limit}`);
    }
    if (!Number.isInteger(windowMs) || windowMs <= 0) {
      throw new RangeError(`restart window must be a whole number of ms > 0, got ${windowMs}`);
    }
  }

  /** Restarts within the window that ends now. */
  recent(): number {
    this.forgetOld(this.now());
    return this.times.length;
  }

  /** Asks for one restart: true (and it is counted) if the budget allows it, false if not. */
  take(): boolean {
    // #region exercise 05.1 take()
    const now = this.now();
    this.forgetOld(now);
    if (this.times.length >= this.limit) return false;
    this.times.push(now);
    return true;
    // #endregion exercise 05.1
  }

  /** Drops restarts that happened `windowMs` or longer ago: they no longer count. */
  private forgetOld(now: number): void {
    // #region exercise 05.1 forgetOld()
    while (this.times.length > 0 && now - (this.times[0] ?? now) >= this.windowMs) {
      this.times.shift();
    }
    // #endregion exercise 05.1
  }
}
