/**
 * Stage 05's tour: `npm start -- 5` (or `npx tsx packages/05-auto-restart/demos/main.ts`).
 *
 *   1. two workers share one socket        4. SIGHUP: a rolling restart under load
 *   2. a bug: suicide, replacement, drain  5. a crash loop ends in 'giveup'
 *   3. kill -9 a worker: replaced          6. stop(): every worker drains, exit 0
 *
 * This process is the primary. It ends by itself in about ten seconds, every worker gone.
 * `--serve` keeps a supervisor up for curl instead, until Ctrl-C (SIGINT) or SIGTERM.
 */
import type { EventEmitter } from 'node:events';
import {
  freshConnectionRequest,
  freshConnections,
  type RequestResult,
  tally,
} from '@cluster-from-scratch/kit/http-load';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { waitForEvent } from '@cluster-from-scratch/kit/timeout';
import { CRASH_PATH } from '../src/app.ts';
import { m } from '../src/messages/index.ts';
import { narrateSupervisor } from '../src/report.ts';
import { handleSignals } from '../src/signals.ts';
import {
  GiveUpError,
  type SupervisedWorker,
  Supervisor,
  type WorkerExit,
} from '../src/supervisor.ts';

const say = narrator('primary');
const host = '127.0.0.1';
const t = m.tour;

function step(title: string): void {
  console.log(`\n── ${title}`);
}

/** Waits for a supervisor event (kit's waitForEvent takes a plain EventEmitter). */
function next<A extends unknown[]>(
  supervisor: Supervisor,
  event: string,
  filter?: (...args: A) => boolean,
): Promise<A> {
  return waitForEvent<A>(supervisor as unknown as EventEmitter, event, {
    filter,
    what: `the supervisor's '${event}' event`,
  });
}

/** Fresh-connection load in the background until stop() is called. */
function backgroundLoad(port: number) {
  const abort = new AbortController();
  const waiting: { pid: number; count: number; resolve: () => void }[] = [];
  const running = freshConnections({
    port,
    requests: 20_000,
    concurrency: 2,
    durationMs: 30_000,
    signal: abort.signal,
    onResult: (r) => {
      for (const w of waiting) if (r.servedBy === w.pid && --w.count === 0) w.resolve();
    },
  });
  return {
    /** Resolves once `pid` has served `count` more requests of this load. */
    servedBy(pid: number, count: number): Promise<void> {
      return new Promise((resolve) => waiting.push({ pid, count, resolve }));
    },
    async stop(): Promise<RequestResult[]> {
      abort.abort();
      return running;
    },
  };
}

function perWorker(results: RequestResult[]): string {
  const { workers, failed } = tally(results);
  const served = workers.map((w) => t.servedBy(w.pid, w.requests));
  return t.requests(results.length, served, failed);
}

async function serveForever(): Promise<void> {
  const supervisor = new Supervisor({ workers: 2 });
  narrateSupervisor(supervisor, say);
  handleSignals(supervisor, { say, onStopped: () => process.exit(0) });
  supervisor.on('closed', (reason) => process.exit(reason === 'giveup' ? 1 : 0));
  const { port } = await supervisor.start();
  say(t.serveUntilCtrlC(host, port));
  say(t.tryServedBy(host, port));
  say(t.tryCrash(host, port, CRASH_PATH));
  say(t.tryReload(process.pid));
  say(t.tryKill(process.pid));
}

async function tour(): Promise<void> {
  step(t.oneSocketStep);
  const supervisor = new Supervisor({ workers: 2, drainTimeoutMs: 500 });
  narrateSupervisor(supervisor, say);
  handleSignals(supervisor, { say, onStopped: () => process.exit(0) });
  const { port } = await supervisor.start();
  say(t.sixRequests(perWorker(await freshConnections({ port, requests: 6, concurrency: 2 }))));

  step(t.bugStep(CRASH_PATH));
  let load = backgroundLoad(port);
  // Listen first, then act: an event that fires before we listen is missed.
  const suicide = next<[SupervisedWorker, string]>(supervisor, 'suicide');
  const ready = next<[SupervisedWorker]>(supervisor, 'ready', (w) => w.reason === 'restart');
  const exited = next<[SupervisedWorker, WorkerExit]>(
    supervisor,
    'exit',
    (_w, exit) => exit.cause === 'suicide',
  );
  const crash = freshConnectionRequest(port, host, CRASH_PATH);
  const [dying] = await suicide;
  const [replacement] = await ready;
  await exited;
  await load.servedBy(replacement.pid, 20);
  const crashed = await crash;
  const during = await load.stop();
  say(t.crashRequest(CRASH_PATH, crashed.ok, crashed.error));
  say(t.meanwhile(perWorker(during)));
  say(t.tookThePlace(replacement.id, replacement.pid, dying.pid));

  step(t.killStep);
  const victim = supervisor.workers[0]!;
  const replaced = next<[SupervisedWorker]>(
    supervisor,
    'ready',
    (w) => w.replacesPid === victim.pid,
  );
  say(`kill -9 ${victim.pid}`);
  process.kill(victim.pid, 'SIGKILL');
  await replaced;

  step(t.rollingStep);
  const before = supervisor.workers.map((w) => w.pid);
  load = backgroundLoad(port);
  const reloaded = next<[{ pids: number[] }]>(supervisor, 'reloaded');
  say(`kill -HUP ${process.pid}`);
  process.kill(process.pid, 'SIGHUP');
  const [{ pids: after }] = await reloaded;
  await Promise.all(after.map((pid) => load.servedBy(pid, 20)));
  say(t.duringRolling(perWorker(await load.stop())));
  say(t.beforeAfter(before, after));

  step(t.crashLoopStep);
  const loop = new Supervisor({ workers: 1, limit: 2, env: { CFS05_CRASH_ON_START: '1' } });
  narrateSupervisor(loop, narrator('primary (crash-loop supervisor)'));
  const closed = next(loop, 'closed');
  await loop.start().catch((error: unknown) => {
    if (!(error instanceof GiveUpError)) throw error;
    say(t.startRejected(error.info.restarts, error.info.windowMs));
  });
  await closed;
  say(t.serveWouldExit);

  step(t.stopStep);
  await supervisor.stop();
  say(t.done);
  process.exit(0);
}

if (process.argv.includes('--serve')) await serveForever();
else await tour();
