/**
 * Forking one worker and waiting until it says which port it listens on.
 *
 *   primary                                    worker 3
 *     fork(worker.ts) ───────────────────────▶ listen(0)
 *     wait for one of:
 *       { type: 'listening', port }  ◀──IPC── ok → resolve { id, pid, host, port, child }
 *       { type: 'listen-failed' }    ◀──IPC── → WorkerStartError "could not listen: EACCES"
 *       'exit' before either                  → WorkerStartError "exited … before reporting"
 *       nothing for timeoutMs                 → kill it → WorkerStartError "did not report
 *                                                its port within … ms"
 *
 * In: a worker id and the script to run. Out: a running worker with a known port, or an
 * error that says which worker failed and how, thrown only once that worker is gone (so a
 * failed start leaves no process behind).
 *
 * execArgv goes through kit's withTsxLoader: the worker is a .ts file, and a fork whose
 * execArgv lacks the TypeScript loader dies on its first line.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { debuglog } from 'node:util';
import { withTsxLoader } from '@cluster-from-scratch/kit/tsx-loader';
import type { Upstream } from './connect-upstream.ts';
import type { WorkerMessage } from './worker.ts';

const debug = debuglog('cfs-03');

export const DEFAULT_WORKER_SCRIPT = new URL('./worker.ts', import.meta.url);
// Generous: a worker under tsx on a busy 2-core machine can take several seconds to start, and a
// worker that never reports is still found out (the tests pass their own short timeout).
export const DEFAULT_STARTUP_TIMEOUT_MS = 30_000;

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface WorkerHandle extends Upstream {
  child: ChildProcess;
  /** Settles when the worker process has exited (recorded from the moment it was forked). */
  exited: Promise<WorkerExit>;
}

export interface StartWorkerOptions {
  id: number;
  script?: string | URL;
  args?: string[];
  host?: string;
  timeoutMs?: number;
  /** Silence the worker's own narration (benchmarks, tests). */
  quiet?: boolean;
}

export class WorkerStartError extends Error {
  override name = 'WorkerStartError';
  readonly code = 'ERR_WORKER_START';
  constructor(
    message: string,
    readonly workerId: number,
    readonly pid: number | undefined,
  ) {
    super(message);
  }
}

export function startWorker(options: StartWorkerOptions): Promise<WorkerHandle> {
  const { id } = options;
  const script = options.script ?? DEFAULT_WORKER_SCRIPT;
  const timeoutMs = options.timeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS;
  const child = fork(script instanceof URL ? fileURLToPath(script) : script, options.args ?? [], {
    env: {
      ...process.env,
      CFS03_WORKER_ID: String(id),
      ...(options.quiet ? { CFS03_QUIET: '1' } : {}),
    },
    execArgv: withTsxLoader(process.execArgv),
  });
  const exited = new Promise<WorkerExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const name = `worker ${id} (pid ${child.pid})`;
  debug('forked %s', name);

  return new Promise<WorkerHandle>((resolve, reject) => {
    let settled = false;
    const cleanup = () => {
      settled = true;
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('error', onError);
    };
    const fail = (message: string) => {
      if (settled) return;
      cleanup();
      // Reject only once the process is gone: the caller must not have to clean up after us.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      void exited.then(() => reject(new WorkerStartError(message, id, child.pid)));
    };
    const onMessage = (message: WorkerMessage) => {
      if (message?.type === 'listening') {
        cleanup();
        resolve({
          id,
          pid: child.pid ?? 0,
          host: options.host ?? '127.0.0.1',
          port: message.port,
          child,
          exited,
        });
      } else if (message?.type === 'listen-failed') {
        fail(`${name} could not listen: ${message.code} (${message.message})`);
      }
    };
    const onError = (error: Error) => fail(`could not start worker ${id}: ${error.message}`);
    const timer = setTimeout(
      () => fail(`${name} did not report its port within ${timeoutMs} ms`),
      timeoutMs,
    );
    child.on('message', onMessage);
    child.on('error', onError);
    void exited.then(({ code, signal }) =>
      fail(`${name} exited (code ${code}, signal ${signal}) before reporting its port`),
    );
  });
}
