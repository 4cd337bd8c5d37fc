/**
 * The experiment that opens the stage: fork two children that listen on one port.
 *
 *   primary ──fork──▶ child 1  listen(0)  ──IPC──▶ { listening, port: P }
 *           ──fork──▶ child 2  listen(P)  ──IPC──▶ { listen-failed, EADDRINUSE }, exit 1
 *                                           (or, unhandled: a stack on stderr, exit 1)
 *   primary: "child 2 (pid …) could not listen on :P: EADDRINUSE (exit code 1)"
 *
 * In: how many children, and whether they handle the listen error. Out: what happened to
 * each child (listening, or the error and how it exited), and stop() to end the ones still
 * listening.
 *
 * Why it fails: each child makes its own socket and binds it to 127.0.0.1:P. The kernel lets
 * only one socket listen on an address and port. Node does set SO_REUSEADDR before bind, but
 * on Linux that only lets a new listener reuse a port whose old connections are still in
 * TIME_WAIT; a second *live* listener needs SO_REUSEPORT on both sockets. Node 20 never sets
 * it; from 22.12 / 23.1 `listen({ port, reusePort: true })` does, and these children don't ask.
 *
 * The primary learns about the failure either way: from the child's own report (handled) or
 * from its exit code and the stderr it collected (unhandled). Nothing dies unreported.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withTimeout } from '@cluster-from-scratch/kit/timeout';
import { withTsxLoader } from '@cluster-from-scratch/kit/tsx-loader';
import type { WorkerExit } from './start-worker.ts';
import type { WorkerMessage } from './worker.ts';

const CHILD_SCRIPT = fileURLToPath(new URL('./same-port-child.ts', import.meta.url));

export interface SamePortOutcome {
  id: number;
  pid: number;
  /** The port it was told to use (0 for the first child). */
  askedPort: number;
  /** The port it listens on, when it got one. */
  port?: number;
  /** What the child reported (handled mode). */
  error?: { code: string; message: string };
  /** How it exited, when it did. */
  exit?: WorkerExit;
  /** Everything it wrote to stderr (the crash report in unhandled mode). */
  stderr: string;
}

export interface SamePortRun {
  port: number;
  outcomes: SamePortOutcome[];
  /** Ends the children that are still listening, resolving once they have exited. */
  stop(): Promise<void>;
}

export interface SamePortOptions {
  children?: number;
  /** true: children catch the listen error and report it; false: the articles' code. */
  handled?: boolean;
  /** Called as each child's outcome is known (the demo narrates from it). */
  onOutcome?: (outcome: SamePortOutcome) => void;
}

export async function listenOnOnePort(options: SamePortOptions = {}): Promise<SamePortRun> {
  const count = options.children ?? 2;
  const mode = (options.handled ?? true) ? 'handled' : 'unhandled';
  const running: ChildProcess[] = [];
  const outcomes: SamePortOutcome[] = [];
  let port = 0;
  for (let id = 1; id <= count; id++) {
    // The first child asks for port 0 and the kernel picks one; the others ask for that one.
    const outcome = await runChild(id, id === 1 ? 0 : port, mode, running);
    if (id === 1) port = outcome.port ?? 0;
    outcomes.push(outcome);
    options.onOutcome?.(outcome);
    if (id === 1 && !port) break; // no port to clash on; the outcome says why
  }
  return {
    port,
    outcomes,
    stop: async () => {
      await Promise.all(
        running.map(async (child) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await exited;
        }),
      );
    },
  };
}

/** Forks one child and resolves once it listens or has exited. */
function runChild(
  id: number,
  askedPort: number,
  mode: string,
  running: ChildProcess[],
): Promise<SamePortOutcome> {
  const child = fork(CHILD_SCRIPT, [String(askedPort), mode], {
    env: { ...process.env, CFS03_WORKER_ID: String(id) },
    execArgv: withTsxLoader(process.execArgv),
    // stderr piped: in unhandled mode the crash report is the only account of what happened.
    stdio: ['inherit', 'inherit', 'pipe', 'ipc'],
  });
  running.push(child);
  const outcome: SamePortOutcome = { id, pid: child.pid ?? 0, askedPort, stderr: '' };
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    outcome.stderr += chunk;
  });
  const settled = new Promise<SamePortOutcome>((resolve) => {
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'listening') {
        outcome.port = message.port;
        resolve(outcome);
      } else if (message.type === 'listen-failed') {
        outcome.error = { code: message.code, message: message.message };
      }
    });
    // 'close' rather than 'exit': it comes after stderr has been read to the end.
    child.once('close', (code, signal) => {
      outcome.exit = { code, signal };
      resolve(outcome);
    });
  });
  return withTimeout(settled, `child ${id} (pid ${child.pid}) to listen or exit`, 15_000).catch(
    (error: unknown) => {
      child.kill('SIGKILL'); // a child that said nothing must not outlive the experiment
      throw error;
    },
  );
}
