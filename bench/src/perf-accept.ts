/**
 * Optional: failed accept() calls, counted in the kernel by `perf stat` on a syscall tracepoint.
 *
 *   perf stat -I 100 -x , -p <server pids>
 *        -e syscalls:sys_exit_accept4 --filter 'ret == -11'   ← accept4 that returned EAGAIN
 *        -e syscalls:sys_exit_accept4                         ← every accept4
 *
 * Unlike strace, perf does not stop the process at each system call (no ptrace): the counters
 * live in the kernel and perf reads them once per interval. `-I` makes perf print a line per
 * interval, which is how we know it is attached before the load starts.
 *
 * Used only when perf is installed and allowed to open tracepoints; otherwise the herd
 * scenario says so and reports wake-ups alone.
 */
import type { ManagedChild, ProcessHarness } from '@cluster-from-scratch/kit/harness';
import { waitForEvent } from '@cluster-from-scratch/kit/timeout';

const EVENT = 'syscalls:sys_exit_accept4';

export async function perfAvailable(harness: ProcessHarness): Promise<string | undefined> {
  const probe = harness.startCommand('perf', ['stat', '-x', ',', '-e', EVENT, 'true'], {
    name: 'perf probe',
  });
  const failed = await new Promise<string | undefined>((resolve) => {
    probe.once('spawn-error', (error: Error) =>
      resolve(`perf is not installed (${error.message})`),
    );
    probe
      .waitForExit({ timeout: 10_000 })
      .then((status) =>
        resolve(
          status.code === 0
            ? undefined
            : `perf cannot count ${EVENT} here: ${probe.stderr.trim().split('\n').pop()}`,
        ),
      )
      .catch((error: Error) => resolve(error.message));
  });
  return failed;
}

export class AcceptCounter {
  private constructor(private readonly perf: ManagedChild) {}

  static async attach(harness: ProcessHarness, pids: readonly number[]): Promise<AcceptCounter> {
    const perf = harness.startCommand(
      'perf',
      [
        'stat',
        '-I',
        '100',
        '-x',
        ',',
        '-e',
        EVENT,
        '--filter',
        'ret == -11',
        '-e',
        EVENT,
        '-p',
        pids.join(','),
      ],
      { name: 'perf stat' },
    );
    const counter = new AcceptCounter(perf);
    await perf.waitForLine(EVENT, { what: 'perf to print its first interval (attached)' });
    return counter;
  }

  private intervalLines(): string[] {
    return this.perf.lines.filter((line) => line.includes(EVENT));
  }

  /**
   * Waits until perf has printed one more complete interval than now (so every accept made
   * before this call is in a printed line), stops perf and sums what it counted.
   */
  async finish(): Promise<{ eagain: number; calls: number }> {
    const target = this.intervalLines().length + 2;
    if (this.intervalLines().length < target) {
      await waitForEvent(this.perf, 'line-recorded', {
        filter: () => this.intervalLines().length >= target,
        what: 'perf to print the interval after the load',
      });
    }
    const lines = this.intervalLines();
    this.perf.kill('SIGINT');
    await this.perf.waitForExit({ what: 'perf after SIGINT' });
    let eagain = 0;
    let calls = 0;
    // Two lines per interval, in the order the events were given: filtered, then all.
    lines.forEach((line, i) => {
      const count = Number(line.split(',')[1]);
      const value = Number.isFinite(count) ? count : 0; // '<not counted>' when idle
      if (i % 2 === 0) eagain += value;
      else calls += value;
    });
    return { eagain, calls };
  }
}
