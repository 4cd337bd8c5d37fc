/**
 * Starting and stopping the worker processes.
 *
 *   forkWorker({ id: 1 })
 *     fork(worker-main.ts) ──▶ child runs startWorker() ──▶ { cfs: 'ready' } ──▶ resolves
 *   stopWorker(worker)
 *     disconnect() ──▶ the worker exits on 'disconnect' ──▶ resolves on 'exit'
 *                      (SIGKILL if it has not gone after a grace period)
 *
 * Why wait for 'ready': a handle sent before the child has a 'message' listener is not lost by
 * Node, but an ES module worker can take its time to get there, and we want a worker that
 * cannot start to fail here, loudly, not later as "the handle went nowhere".
 *
 * The fork keeps the parent's execArgv, which is how a primary run by tsx passes the
 * TypeScript loader on to its workers. Pass `execArgv` only through `withTsxLoader`.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withTimeout } from '@cluster-from-scratch/kit/timeout';
import { withTsxLoader } from '@cluster-from-scratch/kit/tsx-loader';
import { nextMessage } from './child-messages.ts';
import { isWorkerMessage, WORKER_ID_ENV } from './protocol.ts';

/** The worker program this stage forks: it serves kit's hello app on whatever it is handed. */
export const WORKER_SCRIPT = fileURLToPath(new URL('./worker-main.ts', import.meta.url));

export interface ForkWorkerOptions {
  /** Shown in narration: "[worker 2 4250]". */
  id: number | string;
  /** Another worker program, e.g. a fixture or a later stage's worker. */
  script?: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Extra Node flags; the tsx loader is kept. */
  execArgv?: string[];
  /** How long the worker may take to say ready. */
  readyTimeout?: number;
}

export interface WorkerProcess {
  id: string;
  pid: number;
  child: ChildProcess;
}

export async function forkWorker(options: ForkWorkerOptions): Promise<WorkerProcess> {
  const id = String(options.id);
  const child = fork(options.script ?? WORKER_SCRIPT, options.args ?? [], {
    env: { ...process.env, ...options.env, [WORKER_ID_ENV]: id },
    execArgv: options.execArgv
      ? withTsxLoader([...process.execArgv, ...options.execArgv])
      : undefined,
  });
  // A child that fails to start emits 'error'; without a listener that would crash the primary.
  child.on('error', () => {});
  try {
    const ready = await nextMessage(
      child,
      (m) => isWorkerMessage(m, 'ready'),
      `worker ${id} to say ready`,
      options.readyTimeout,
    );
    return { id, pid: ready.pid, child };
  } catch (error) {
    await stopWorker({ id, pid: child.pid ?? 0, child });
    throw error;
  }
}

/** Forks `count` workers side by side; if any fails to start, ends the others and throws. */
export async function forkWorkers(
  count: number,
  options: Omit<ForkWorkerOptions, 'id'> = {},
): Promise<WorkerProcess[]> {
  const results = await Promise.allSettled(
    Array.from({ length: count }, (_, i) => forkWorker({ ...options, id: i + 1 })),
  );
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failure = results.find((r) => r.status === 'rejected');
  if (failure) {
    await stopWorkers(started);
    throw failure.reason;
  }
  return started;
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Ends one worker: close its channel (it exits on 'disconnect'), then insist. */
export async function stopWorker(worker: WorkerProcess, graceMs = 5000): Promise<void> {
  const { child } = worker;
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.disconnect();
  else child.kill('SIGTERM');
  try {
    await withTimeout(exited, `worker ${worker.id} (pid ${worker.pid}) to exit`, graceMs);
  } catch {
    child.kill('SIGKILL'); // stuck or stopped: SIGKILL works on both
    await exited;
  }
}

export async function stopWorkers(workers: readonly WorkerProcess[]): Promise<void> {
  await Promise.all(workers.map((w) => stopWorker(w)));
}
