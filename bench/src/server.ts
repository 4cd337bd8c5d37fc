/**
 * Starting and stopping one mode's server through the kit's process harness.
 *
 *   startServer(harness, mode, 4)
 *     harness.start(script, args) ──▶ primary ──fork──▶ workers
 *     primary ──IPC { port, primaryPid, workerPids }──▶ here   (checked: 4 workers, real pids)
 *   stopServer(server)
 *     SIGTERM ──▶ primary; wait for its exit (the harness kills whatever is left in finally)
 *
 * The harness gives each server its own process group and a marker in its environment, so a
 * scenario that fails halfway still ends every process in its `finally`.
 */
import type { ManagedChild, ProcessHarness } from '@cluster-from-scratch/kit/harness';
import { isAlive } from '@cluster-from-scratch/kit/platform';
import { isReadyMessage, type ReadyMessage } from '@cluster-from-scratch/kit/server-ready';
import { commandOf, type Mode, repoRelative } from './modes.ts';

export type { ReadyMessage };

export interface RunningServer extends ReadyMessage {
  mode: Mode;
  workers: number;
  child: ManagedChild;
  /** Every server pid once: the primary and the workers (one pid for the single process). */
  pids: number[];
}

const START_TIMEOUT_MS = 30_000;

export async function startServer(
  harness: ProcessHarness,
  mode: Mode,
  workers: number,
): Promise<RunningServer> {
  const count = mode.fixedWorkers ?? workers;
  const { script, args } = commandOf(mode, count);
  const child = harness.start(script, {
    args,
    name: `${mode.id} ×${count} (${repoRelative(script)})`,
    // Servers narrate; we keep their output for error messages instead of mixing it in.
    stdio: 'pipe',
  });
  const ready = await child.waitForMessage<ReadyMessage>(isReadyMessage, {
    what: `${mode.label} with ${count} workers to report { port, primaryPid, workerPids }`,
    timeout: START_TIMEOUT_MS,
  });
  if (ready.workerPids.length !== count) {
    throw new Error(
      `${mode.label} reported ${ready.workerPids.length} workers, asked for ${count}\n${child.tail()}`,
    );
  }
  const dead = [ready.primaryPid, ...ready.workerPids].filter((pid) => !isAlive(pid));
  if (dead.length > 0) throw new Error(`${mode.label} reported pids that are not alive: ${dead}`);
  return {
    ...ready,
    mode,
    workers: count,
    child,
    pids: [...new Set([ready.primaryPid, ...ready.workerPids])],
  };
}

/** SIGTERM and wait; returns whether the server ended by itself with code 0. */
export async function stopServer(
  server: RunningServer,
): Promise<{ clean: boolean; detail: string }> {
  server.child.kill('SIGTERM');
  try {
    const status = await server.child.waitForExit({ what: 'after SIGTERM', timeout: 10_000 });
    return {
      clean: status.code === 0,
      detail: `code ${status.code}, signal ${status.signal}`,
    };
  } catch (error) {
    return { clean: false, detail: (error as Error).message.split('\n')[0] ?? 'no exit' };
  }
}
