/**
 * Progress for long runs: which step of how many, time so far, a rough time left.
 *
 *   [distribution  7/42  0:21 elapsed, ~1:45 left] node:cluster NONE ×4 · fresh connections
 *
 * On a terminal the line rewrites itself; in a log (CI, a test's pipe) each step is a line.
 * It goes to stderr so the tables on stdout stay clean.
 */
export class Progress {
  private done = 0;
  private readonly started = performance.now();
  private readonly tty: boolean;

  constructor(
    private readonly scenario: string,
    private total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(out.isTTY);
  }

  /** Announces the next step; call `finish()` after the last one. */
  step(what: string): void {
    this.done++;
    this.print(what);
  }

  /** Within a step: a detail that does not advance the count. */
  note(what: string): void {
    if (this.tty) this.print(what);
  }

  /** The plan changed (a mode was skipped halfway). */
  setTotal(total: number): void {
    this.total = total;
  }

  finish(): void {
    const elapsed = clock((performance.now() - this.started) / 1000);
    if (this.tty) this.out.write('\r\x1b[K');
    this.out.write(`[${this.scenario}] ${this.done} steps in ${elapsed}\n`);
  }

  private print(what: string): void {
    const seconds = (performance.now() - this.started) / 1000;
    const left =
      this.done > 1
        ? `, ~${clock((seconds / (this.done - 1)) * (this.total - this.done + 1))} left`
        : '';
    const line = `[${this.scenario} ${String(this.done).padStart(String(this.total).length)}/${this.total}  ${clock(seconds)} elapsed${left}] ${what}`;
    if (this.tty) this.out.write(`\r\x1b[K${line.slice(0, (this.out.columns ?? 120) - 1)}`);
    else this.out.write(`${line}\n`);
  }
}

export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
