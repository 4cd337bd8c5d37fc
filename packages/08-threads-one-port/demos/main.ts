/**
 * Stage 08 demo: worker threads on one port, and what they share. Ends by itself.
 *
 *   npm start -- 8                 the tour below (~15 s)
 *   npm start -- 8 -- --lang zh    narrated in 简体中文 (or CFS_LANG=zh, or a zh locale)
 *
 *   1. the wall: a listening server, its handle, an accepted socket posted to a thread;
 *      refused everywhere, moved only where this Node can transfer TCP handles
 *   2. three threads in this process on one port: reusePort where this Node has it; where it
 *      does not, the EADDRINUSE it gets instead, and the proxy that works on every line
 *   3. what one thread can take down: a bug, a heap limit (only itself, and it is replaced);
 *      process.abort() in a child serve.ts (all of it)
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freshConnections, tally, workerLabel } from '@cluster-from-scratch/kit/http-load';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { nodeHas, nodeSince } from '@cluster-from-scratch/kit/node-lines';
import { isReadyMessage } from '@cluster-from-scratch/kit/server-ready';
import { withTimeout } from '@cluster-from-scratch/kit/timeout';
import { tsxExecArgv } from '@cluster-from-scratch/kit/tsx-loader';
import { m } from '../src/messages/index.ts';
import { type Strategy, ThreadCluster, type ThreadWorker } from '../src/thread-cluster.ts';
import { runWall } from '../src/wall.ts';

const t = m.demo;
const say = narrator('primary');
const WORKERS = 3;

say(t.title);

// ── 1. the wall ───────────────────────────────────────────────────────────────────────────
say(t.wall);
for (const outcome of await runWall()) {
  say(t.attempt(outcome.call));
  if (outcome.error) {
    say(
      t.refused(
        outcome.error.name,
        String(outcome.error.code ?? '-'),
        outcome.error.message.split('\n')[0] ?? '',
      ),
    );
  } else if (outcome.threadAccepted !== undefined) {
    say(t.moved(outcome.threadAccepted, outcome.senderStillListening ?? false));
  }
}
say(t.wallWhy);
say(t.wallLine(nodeHas('transferTcpHandle'), nodeSince('transferTcpHandle')));

// ── 2. N threads, one port ────────────────────────────────────────────────────────────────
async function startCluster(strategy: Strategy, workers: number): Promise<ThreadCluster> {
  // A heap limit per thread, so that step 3 can show one thread running out of it.
  const cluster = new ThreadCluster({
    workers,
    strategy,
    resourceLimits: { maxOldGenerationSizeMb: 24 },
  });
  await cluster.start();
  return cluster;
}

async function load(cluster: ThreadCluster): Promise<void> {
  const results = await freshConnections({ port: cluster.port, requests: 60, concurrency: 4 });
  const { workers, failed } = tally(results);
  say(
    t.served(
      results.length,
      failed,
      workers.map((w) => `${workerLabel(w)}: ${w.requests}`).join(', '),
    ),
  );
  if (workers.every((w) => w.pid === process.pid)) say(t.samePid(process.pid));
}

let cluster: ThreadCluster;
if (nodeHas('reusePort')) {
  say(t.reusePort(WORKERS));
  cluster = await startCluster('reuseport', WORKERS);
} else {
  say(t.noReusePort(nodeSince('reusePort')));
  const failing = new ThreadCluster({ workers: 2, strategy: 'reuseport' });
  await failing
    .start()
    .catch((error: Error & { code?: string }) => say(t.listenFailed(error.code ?? error.message)));
  await failing.stop();
  say(t.proxy(WORKERS));
  cluster = await startCluster('proxy', WORKERS);
}
await load(cluster);

// ── 3. what one thread can take down ──────────────────────────────────────────────────────
say(t.isolation);
async function endOne(
  what: string,
  worker: ThreadWorker,
  message: Parameters<ThreadWorker['send']>[0],
) {
  const replaced = withTimeout(
    once(cluster, 'fork').then(([w]) =>
      cluster.listening(w as ThreadWorker).then(() => w as ThreadWorker),
    ),
    `a replacement for worker ${worker.id}`,
  );
  worker.send(message);
  const exit = await withTimeout(worker.exited, `worker ${worker.id} to end`);
  say(
    t.crashed(what, exit.code, exit.error?.code ?? exit.error?.message ?? '', cluster.workers.size),
  );
  say(t.replaced((await replaced).id));
}
const [first, second] = [...cluster.workers.values()];
await endOne('throw new Error()', first as ThreadWorker, { cfs: 'throw' });
await endOne('heap > resourceLimits', second as ThreadWorker, { cfs: 'grow' });
await load(cluster);
await cluster.stop();

// process.abort() cannot be shown in this process (it would end the demo): a child serve.ts.
const child = fork(
  fileURLToPath(new URL('../src/serve.ts', import.meta.url)),
  ['--workers', '2', '--quiet'],
  // Its output is not the lesson (abort() prints a native stack trace): read and dropped.
  { execArgv: tsxExecArgv(), silent: true },
);
child.stdout?.resume();
child.stderr?.resume();
try {
  const exited = once(child, 'exit');
  await withTimeout(
    new Promise((resolve) => child.on('message', (msg) => isReadyMessage(msg) && resolve(msg))),
    'the child serve.ts to be ready',
  );
  say(t.startingChild(child.pid ?? 0));
  child.send({ cmd: 'abort-process' });
  const [, signal] = (await withTimeout(exited, 'the child serve.ts to end')) as [
    number | null,
    string | null,
  ];
  say(t.whole('process.abort()', signal ?? '?'));
} finally {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
say(t.done);
