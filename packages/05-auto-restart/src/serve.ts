/**
 * The supervisor as a program: `npx tsx packages/05-auto-restart/src/serve.ts --workers 2`.
 *
 *   serve.ts (primary) ──fork──▶ worker × N, all accepting on one 127.0.0.1 port
 *      │ stdout: narration          IPC (when a harness started it): events as objects
 *      ├─ ready   → { port, primaryPid, workerPids }
 *      ├─ events  → { event: 'fork' | 'ready' | 'suicide' | 'drain' | 'drain-timeout' | 'exit'
 *      │              | 'giveup' | 'reload' | 'reloaded' | 'reload-failed' | 'closed', … }
 *      └─ accepts { cmd: 'reload', env? } · { cmd: 'stop' } · { cmd: 'exit' } (process.exit(0)
 *         without stop(), to show the workers still go)
 *
 * Exit status: 0 after a graceful shutdown (SIGTERM, SIGINT, 'stop'), 1 after giving up on a
 * crash loop (with the reason on stderr), 2 for bad command-line input.
 */
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { m } from './messages/index.ts';
import { narrateSupervisor, reportOverIpc } from './report.ts';
import { parseServeArgs, SERVE_USAGE, UsageError } from './serve-args.ts';
import { handleSignals } from './signals.ts';
import { GiveUpError, Supervisor } from './supervisor.ts';

const say = narrator('primary');

function fail(message: string, code: number): never {
  console.error(`serve: ${message}`);
  if (code === 2) console.error(SERVE_USAGE);
  process.exit(code);
}

let supervisor: Supervisor;
try {
  const parsed = parseServeArgs(process.argv.slice(2));
  if (parsed.help) {
    console.log(SERVE_USAGE);
    process.exit(0);
  }
  supervisor = new Supervisor(parsed.options);
} catch (error) {
  if (error instanceof UsageError || error instanceof RangeError) fail(error.message, 2);
  throw error;
}

narrateSupervisor(supervisor, say);
reportOverIpc(supervisor);
supervisor.on('giveup', (info) => console.error(`[primary ${process.pid}] ${m.gaveUp(info)}`));
supervisor.on('closed', (reason) => process.exit(reason === 'giveup' ? 1 : 0));
handleSignals(supervisor, { say, onStopped: () => process.exit(0) });

process.on('message', (message: unknown) => {
  const command = message as { cmd?: string; env?: Record<string, string> };
  if (command.cmd === 'reload') {
    if (command.env) supervisor.setWorkerEnv(command.env);
    supervisor.reload().catch((error: Error) => say(error.message));
  } else if (command.cmd === 'stop') {
    void supervisor.stop();
  } else if (command.cmd === 'exit') {
    say(m.exitWithoutStop);
    process.exit(0);
  }
});

try {
  const { host, port } = await supervisor.start();
  const workerPids = supervisor.workers.map((w) => w.pid);
  say(m.serving(host, port, workerPids));
  say(m.tryCommands(host, port, process.pid));
  if (process.connected) process.send?.({ port, primaryPid: process.pid, workerPids });
} catch (error) {
  // A give-up during start-up: 'closed' will exit with status 1 once the workers are gone.
  if (!(error instanceof GiveUpError)) {
    if (error instanceof Error && /cannot bind|host must be/.test(error.message)) {
      fail(error.message, 2);
    }
    throw error;
  }
}
