/**
 * Graceful death: what a worker does with an exception nobody caught.
 *
 *   uncaughtException
 *     1. send { cfs: 'suicide' } ──▶ primary forks the replacement NOW (a4-23)
 *     2. stop accepting ─┐
 *     3. let the connections it holds finish, bounded by the drain timeout (drain.ts)
 *     4. exit(1)
 *
 * After an uncaught exception the process is in a state nobody planned for, so it must go.
 * But going at once would fail every request it is serving, and going only when its last
 * connection closes leaves the pool one worker short for as long as that takes (a4-21, a4-22).
 * So the first thing it does is tell the primary, which forks a replacement while this worker
 * is still finishing. The message is sent before anything else because anything else might
 * fail too. ('suicide' is an application message: node:cluster's own worker.suicide flag is
 * gone since Node 7, replaced by worker.exitedAfterDisconnect.)
 */
import { debuglog } from 'node:util';
import type { Say } from '@cluster-from-scratch/kit/narrate';
import { m } from './messages/index.ts';

const debug = debuglog('cfs-05');

export interface GracefulDeathOptions {
  say: Say;
  /** Sends a message to the primary, if the channel is still there. */
  tell: (message: { cfs: 'suicide'; reason: string }) => void;
  /** Drains, then exits with `code`. Called once. */
  leave: (code: number, why: string) => void;
}

export function dieGracefullyOnUncaughtException(options: GracefulDeathOptions): void {
  let dying = false;
  process.on('uncaughtException', (error: Error) => {
    if (dying) {
      // A second error while draining: we are leaving already; note it and carry on.
      options.say(m.anotherUncaught(error.message));
      return;
    }
    dying = true;
    options.tell({ cfs: 'suicide', reason: error.message });
    const where = error.stack?.split('\n').find((line) => line.trim().startsWith('at '));
    options.say(m.uncaught(error.message, where?.trim()));
    debug('%s', error.stack); // the whole stack with NODE_DEBUG=cfs-05
    options.say(m.toldPrimaryFirst);
    options.leave(1, m.becauseUncaught);
  });
}
