/**
 * Has the server put a worker in the place of one that died? The long-lived load's clients wait
 * for that before they reconnect, so the chart shows where they go once every worker is there
 * again. (A real client backs off for a moment before it retries; here the moment is exact.)
 *
 *   stage 06, run with --restart: the primary reports { workerPids } again once the
 *                                 replacement listens                      ──▶ the new line-up
 *   stage 05: the supervisor says 'ready' for the worker that replaces it   ──▶ undefined
 *   the primary exited, or nothing said so within GIVE_UP_MS               ──▶ undefined
 *
 * It only watches: the server's messages stay where they are for anyone else who reads them.
 */
import { isReadyMessage } from '@cluster-from-scratch/kit/server-ready';
import type { Roster } from './roster.ts';
import { type RunningServer, threadsOf } from './server-run.ts';
import { pidOf, type WorkerKey } from './worker-key.ts';

const GIVE_UP_MS = 10_000;
const ROSTER_LOOK_MS = 100;

export function replacementOf(
  server: RunningServer,
  roster: Roster,
  dead: WorkerKey,
  giveUpMs = GIVE_UP_MS,
): Promise<WorkerKey[] | undefined> {
  const child = server.child;
  // Only what the server says from now on: its first report still names the dead worker, but
  // an older one may lack a worker that was itself a replacement.
  const from = child.messages.length;
  return new Promise((resolve) => {
    const reported = () => {
      for (const m of child.messages.slice(from)) {
        if (isReadyMessage(m) && !m.workerPids.includes(pidOf(dead))) {
          return done(threadsOf(m) ?? m.workerPids);
        }
      }
    };
    // The supervisor's 'ready' reaches the roster (src/lab.ts); the roster announces nobody.
    const supervised = () => {
      const heir = roster.list().find((w) => w.replaces === dead && w.origin === 'supervisor');
      if (heir?.state === 'up') done(undefined);
    };
    const exited = () => done(undefined);
    const look = server.mode.supervised ? setInterval(supervised, ROSTER_LOOK_MS) : undefined;
    const timer = setTimeout(exited, giveUpMs);
    function done(lineUp: WorkerKey[] | undefined) {
      clearTimeout(timer);
      clearInterval(look);
      child.off('message-recorded', reported);
      child.off('exit', exited);
      resolve(lineUp);
    }
    child.on('message-recorded', reported);
    child.once('exit', exited);
    if (child.exitStatus) exited();
    else reported();
  });
}
