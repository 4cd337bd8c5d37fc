/**
 * The worker program: one process of the pool, forked by the supervisor.
 *
 *   start ─▶ 'online' ─▶ gets { server } + the shared socket ─▶ listen ─▶ 'ready'
 *                                                                   │
 *     serves appHandler on every connection it wins ◀───────────────┘
 *
 *   leaves, always through drain (drain.ts), for one of four reasons:
 *     uncaught exception ─▶ 'suicide' first, then drain, exit(1)   (graceful-death.ts)
 *     { cfs: 'drain' }   ─▶ drain, exit(0)      rolling restart or shutdown
 *     SIGTERM            ─▶ drain, exit(0)      someone asked politely
 *     'disconnect'       ─▶ drain, exit(0)      the primary is gone (exit-on-disconnect.ts)
 *
 * SIGINT, SIGHUP and SIGUSR2 are ignored here: Ctrl-C or a closing terminal sends them to
 * the whole process group, and it is the primary that decides what they mean (shut down,
 * rolling restart). A worker that died of them would look like a crash to the primary.
 *
 * Environment: CFS05_WORKER_ID (for narration), CFS05_CRASH_ON_START=1 (throw while starting
 * up: a crash loop for the restart budget to stop).
 */
import http from 'node:http';
import net from 'node:net';
import { debuglog } from 'node:util';
import { reportAccepts } from '@cluster-from-scratch/kit/lab-hook';
import { narrator, workerRole } from '@cluster-from-scratch/kit/narrate';
import { appHandler } from './app.ts';
import { Drain, type DrainResult } from './drain.ts';
import { exitOnDisconnect } from './exit-on-disconnect.ts';
import { dieGracefullyOnUncaughtException } from './graceful-death.ts';
import { m } from './messages/index.ts';
import { type FromWorker, isToWorker } from './protocol.ts';

const debug = debuglog('cfs-05');
const say = narrator(workerRole(process.env.CFS05_WORKER_ID ?? '?'));

if (!process.send) {
  console.error('worker.ts runs under the supervisor; start src/serve.ts instead');
  process.exit(2);
}

const app = http.createServer(appHandler);
const listener = net.createServer();
reportAccepts(listener, 'worker'); // the lab's view; free when no lab is listening
const drain = new Drain(listener, app);
let drainTimeoutMs = 5000;
const outbox = new Set<Promise<void>>();

/** Sends to the primary if it is still there; the promise settles once the message is out. */
function tell(message: FromWorker): void {
  if (!process.connected || !process.send) return;
  const sent = new Promise<void>((resolve) => {
    process.send?.(message, undefined, {}, () => resolve());
  });
  outbox.add(sent);
  void sent.then(() => outbox.delete(sent));
}

let drained: Promise<DrainResult> | undefined;
function drainOnce(why: string): Promise<DrainResult> {
  drained ??= (() => {
    const open = drain.openConnections;
    say(m.leaving(why, open));
    return drain.start(drainTimeoutMs, (left) => {
      say(m.drainTimedOut(drainTimeoutMs, left));
      tell({ cfs: 'drain-timeout', open: left });
    });
  })();
  return drained;
}

let leaving = false;
function leave(code: number, why: string): void {
  if (leaving) return;
  leaving = true;
  void drainOnce(why).then(async (result) => {
    // Let 'drain-timeout' reach the primary before the channel closes with us.
    await Promise.all(outbox);
    say(m.exiting(code, result.by));
    process.exit(code);
  });
}

dieGracefullyOnUncaughtException({ say, tell, leave });
exitOnDisconnect(async () => {
  say(m.channelClosed);
  await drainOnce(m.becausePrimaryGone);
});
process.on('SIGTERM', () => leave(0, 'SIGTERM'));
for (const signal of ['SIGINT', 'SIGHUP', 'SIGUSR2'] as const) {
  process.on(signal, () => debug('worker %d ignores %s: the primary decides', process.pid, signal));
}

process.on('message', (message: unknown, handle: unknown) => {
  if (!isToWorker(message)) return;
  if (message.cfs === 'drain') {
    leave(0, m.becausePrimaryAsked);
    return;
  }
  drainTimeoutMs = message.drainTimeoutMs;
  app.keepAliveTimeout = message.keepAliveTimeoutMs;
  if (leaving) return; // asked to go before we ever served: nothing to start
  if (process.env.CFS05_CRASH_ON_START === '1') {
    throw new Error('crashed while starting up (CFS05_CRASH_ON_START=1)');
  }
  listener.listen(handle as net.Server, () => {
    const address = listener.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    say(m.accepting(port));
    tell({ cfs: 'ready' });
  });
});

tell({ cfs: 'online' });
