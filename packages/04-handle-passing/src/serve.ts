/**
 * The runnable servers the demo, the tests and the benchmarks start.
 *
 *   tsx src/serve-shared.ts         --workers 4       shared listening socket, primary closed it
 *   tsx src/serve-shared.ts         --primary-serves  … and the primary accepts too
 *   tsx src/serve-per-connection.ts --workers 4       primary accepts, hands each socket on
 *   tsx src/serve-reuse-port.ts     --workers 4       a socket per worker on one port (22.12+)
 *   tsx src/serve-per-connection.ts --by-address      … each client address always to one worker
 *   (every script takes --mode shared|shared-primary-serves|per-connection|reuse-port, --host, --port,
 *    and --quiet: no narration at all, for benchmarks)
 *
 *   started ──▶ prints "[primary 4242] serving …" and, when it has an IPC channel (started by
 *               the harness or a benchmark), sends { mode, port, primaryPid, workerPids }
 *   SIGTERM / SIGINT / parent channel closed ──▶ ends every worker, then exits 0
 *
 * Port 0 by default: the OS picks a free port and the report says which.
 */
import { availableParallelism } from 'node:os';
import { withoutLanguageArgument } from '@cluster-from-scratch/kit/language';
import { narrator, type Say } from '@cluster-from-scratch/kit/narrate';
import { AddressHash } from './address-hash.ts';
import type { WorkerProcess } from './fork-worker.ts';
import { m } from './messages/index.ts';
import { startPerConnection } from './per-connection.ts';
import { QUIET_ENV } from './protocol.ts';
import { type ReusePortServer, startReusePort } from './reuse-port.ts';
import { MODES, type Mode, type RunningServer } from './running-server.ts';
import { startSharedSocket } from './shared-socket.ts';

export interface ServeOptions {
  mode: Mode;
  workers: number;
  host: string;
  port: number;
  /** No narration from the primary or its workers (benchmarks). */
  quiet: boolean;
  /** Per-connection passing chooses the worker from the client's address (address-hash.ts). */
  byAddress?: boolean;
}

/** What a serve script sends over IPC once it is up. */
export interface ServeReport {
  mode: Mode;
  port: number;
  primaryPid: number;
  workerPids: number[];
}

export function parseServeArgs(argv: readonly string[], defaultMode: Mode): ServeOptions {
  const options: ServeOptions = {
    mode: defaultMode,
    workers: availableParallelism(),
    host: '127.0.0.1',
    port: 0,
    quiet: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--workers') options.workers = Number(value());
    else if (flag === '--mode') options.mode = value() as Mode;
    else if (flag === '--host') options.host = value();
    else if (flag === '--port') options.port = Number(value());
    else if (flag === '--primary-serves') options.mode = 'shared-primary-serves';
    else if (flag === '--quiet') options.quiet = true;
    else if (flag === '--by-address') options.byAddress = true;
    else throw new Error(`unknown option ${flag}`);
  }
  if (!Number.isInteger(options.workers) || options.workers < 1) {
    throw new Error(`--workers must be a whole number ≥ 1 (got ${options.workers})`);
  }
  if (!MODES.includes(options.mode)) {
    throw new Error(`--mode must be one of ${MODES.join(', ')} (got ${options.mode})`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error(`--port must be 0–65535 (got ${options.port})`);
  }
  return options;
}

export function startServer(
  options: ServeOptions,
  say?: Say,
): Promise<RunningServer | ReusePortServer> {
  const common = { workers: options.workers, host: options.host, port: options.port, say };
  if (options.mode === 'per-connection') {
    const scheduler = options.byAddress ? new AddressHash<WorkerProcess>() : undefined;
    return startPerConnection({ ...common, scheduler });
  }
  if (options.mode === 'reuse-port') return startReusePort(common);
  return startSharedSocket({ ...common, primaryServes: options.mode === 'shared-primary-serves' });
}

export async function runServeCli(
  defaultMode: Mode,
  argv = withoutLanguageArgument(process.argv.slice(2)), // --lang is kit/src/language.ts's
): Promise<void> {
  let options: ServeOptions;
  try {
    options = parseServeArgs(argv, defaultMode);
  } catch (error) {
    console.error(`serve: ${(error as Error).message}`);
    process.exit(2);
  }
  // Workers inherit the environment, so one variable quiets the whole family.
  if (options.quiet) process.env[QUIET_ENV] = '1';
  const say: Say = options.quiet ? () => {} : narrator('primary');
  let stopping = false;
  let running: Awaited<ReturnType<typeof startServer>>;
  try {
    running = await startServer(options, say);
  } catch (error) {
    // e.g. --mode reuse-port on a Node line that ignores reusePort: say why, not a stack.
    console.error(`serve: ${(error as Error).message}`);
    process.exit(1);
  }
  const report: ServeReport = {
    mode: running.mode,
    port: running.port,
    primaryPid: process.pid,
    workerPids: running.workers.map((w) => w.pid),
  };
  for (const worker of running.workers) {
    worker.child.once('exit', (code, signal) => {
      if (!stopping) say(m.workerExited(worker.id, worker.pid, signal ?? code));
    });
  }
  say(m.serving(report.mode, options.host, report.port, report.workerPids));
  process.send?.(report);

  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    say(m.stopping(why));
    await running.close();
    say(m.bye);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // Started with a channel and the parent went away: nobody will ever send SIGTERM.
  if (process.send) process.on('disconnect', () => void stop(m.parentChannelClosed));
}
