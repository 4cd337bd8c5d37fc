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
  const served = workers.map((w) => `pid ${w.pid}: ${w.requests}`).join(', ');
  return `${results.length} requests (${served}), ${failed} failed`;
}

async function serveForever(): Promise<void> {
  const supervisor = new Supervisor({ workers: 2 });
  narrateSupervisor(supervisor, say);
  handleSignals(supervisor, { say, onStopped: () => process.exit(0) });
  supervisor.on('closed', (reason) => process.exit(reason === 'giveup' ? 1 : 0));
  const { port } = await supervisor.start();
  say(`serving http://${host}:${port}/ until Ctrl-C. Try, in another terminal:`);
  say(`  curl -i ${host}:${port}/              (x-served-by names the worker)`);
  say(`  curl ${host}:${port}${CRASH_PATH}          (a bug: suicide, then a replacement)`);
  say(`  kill -HUP ${process.pid}                 (rolling restart, no downtime)`);
  say(`  kill -9 <a worker pid>            (replaced)   kill -9 ${process.pid}   (no orphans)`);
}

async function tour(): Promise<void> {
  step('1. a supervisor with two workers on one socket');
  const supervisor = new Supervisor({ workers: 2, drainTimeoutMs: 500 });
  narrateSupervisor(supervisor, say);
  handleSignals(supervisor, { say, onStopped: () => process.exit(0) });
  const { port } = await supervisor.start();
  say(`6 requests: ${perWorker(await freshConnections({ port, requests: 6, concurrency: 2 }))}`);

  step(`2. a bug: GET ${CRASH_PATH} throws in a worker, under load`);
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
  say(`the ${CRASH_PATH} request: ${crashed.ok ? 'ok?!' : `failed (${crashed.error})`}`);
  say(`everything else meanwhile: ${perWorker(during)}`);
  say(`worker ${replacement.id} (pid ${replacement.pid}) took the place of pid ${dying.pid}`);

  step('3. kill -9 a worker from outside: an unexpected exit');
  const victim = supervisor.workers[0]!;
  const replaced = next<[SupervisedWorker]>(
    supervisor,
    'ready',
    (w) => w.replacesPid === victim.pid,
  );
  say(`kill -9 ${victim.pid}`);
  process.kill(victim.pid, 'SIGKILL');
  await replaced;

  step('4. SIGHUP: a rolling restart, one worker at a time, under load');
  const before = supervisor.workers.map((w) => w.pid);
  load = backgroundLoad(port);
  const reloaded = next<[{ pids: number[] }]>(supervisor, 'reloaded');
  say(`kill -HUP ${process.pid}`);
  process.kill(process.pid, 'SIGHUP');
  const [{ pids: after }] = await reloaded;
  await Promise.all(after.map((pid) => load.servedBy(pid, 20)));
  say(`during the rolling restart: ${perWorker(await load.stop())}`);
  say(`workers before: ${before.join(', ')}  after: ${after.join(', ')}`);

  step('5. a crash loop: workers that throw while starting up, limit 2 restarts a minute');
  const loop = new Supervisor({ workers: 1, limit: 2, env: { CFS05_CRASH_ON_START: '1' } });
  narrateSupervisor(loop, narrator('primary (crash-loop supervisor)'));
  const closed = next(loop, 'closed');
  await loop.start().catch((error: unknown) => {
    if (!(error instanceof GiveUpError)) throw error;
    say(
      `start() rejected: GiveUpError, ${error.info.restarts} restarts within ${error.info.windowMs} ms`,
    );
  });
  await closed;
  say('serve.ts exits with status 1 at this point, the message above on stderr');

  step('6. stop(): every worker drains and exits; nothing is left behind');
  await supervisor.stop();
  say(
    'done. Orphans (the egg-cluster agent, and the fix): npx tsx packages/05-auto-restart/demos/orphans.ts',
  );
  process.exit(0);
}

if (process.argv.includes('--serve')) await serveForever();
else await tour();
