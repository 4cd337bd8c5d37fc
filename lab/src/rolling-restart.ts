/**
 * One rolling restart, as the lab follows it (stage 05: SIGHUP to the primary).
 *
 *   begin ──SIGHUP──▶ supervisor: fork a replacement, wait for it, drain the old one, … next
 *     'fork' (reason reload, replaces X) ──▶ replaced(X → Y)
 *     'reloaded' ──▶ finish(ok)   'reload-failed' ──▶ finish(failed)   no word in 60 s ──▶ stuck
 *
 * What it is for: how many requests of the running load failed while the workers changed.
 */

/** A rolling restart that has not finished after this long is reported as stuck. */
const RESTART_TIMEOUT_MS = 60_000;

export type RestartState = 'running' | 'done' | 'failed';

export class RollingRestart {
  state: RestartState = 'running';
  readonly startedAt = Date.now();
  endedAt: number | undefined;
  failedDuring = 0;
  replaced: { from: number; to: number }[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    /** Failed requests of the load when it began. */
    private readonly failedBefore: number,
    readonly withLoad: boolean,
    onStuck: (seconds: number) => void,
  ) {
    this.timer = setTimeout(() => {
      if (this.state !== 'running') return;
      this.state = 'failed';
      this.endedAt = Date.now();
      onStuck(RESTART_TIMEOUT_MS / 1000);
    }, RESTART_TIMEOUT_MS);
    this.timer.unref();
  }

  get running(): boolean {
    return this.state === 'running';
  }

  /** The supervisor forked `to` to take the place of `from`. */
  replacing(from: number, to: number): void {
    if (this.running) this.replaced.push({ from, to });
  }

  /** The supervisor says it is over; `failedNow` is the load's failed count now. */
  finish(replaced: { from: number; to: number }[], ok: boolean, failedNow: number): void {
    clearTimeout(this.timer);
    this.state = ok ? 'done' : 'failed';
    this.endedAt = Date.now();
    if (replaced.length) this.replaced = replaced;
    this.failedDuring = failedNow - this.failedBefore;
  }

  cancel(): void {
    clearTimeout(this.timer);
  }

  view(failedNow: number) {
    return {
      state: this.state,
      replaced: this.replaced,
      failedDuring: this.running ? failedNow - this.failedBefore : this.failedDuring,
      withLoad: this.withLoad,
    };
  }
}
