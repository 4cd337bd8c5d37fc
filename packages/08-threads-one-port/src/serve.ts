/**
 * Worker threads on one port as a program: `npx tsx packages/08-threads-one-port/src/serve.ts --workers 4`.
 *
 *   serve.ts (one process) ── main thread: ThreadCluster (+ the proxy with --strategy proxy)
 *      ├─ thread 1 ┐
 *      ├─ thread 2 ├─ kit's hello app, each answering `hello from <pid>.<threadId>`
 *      └─ thread N ┘
 *   IPC (when a harness started it):
 *      ready  → { port, primaryPid, workerPids: [pid × N], workerIds: ['<pid>.<threadId>', …] }
 *      events → { event: 'fork' | 'online' | 'listening' | 'exit' | 'giveup', id, name, … }
 *      accepts { cmd: 'stop' }, { cmd: 'disconnect', id } and, to show what a thread can take
 *      down, { cmd: 'throw' | 'exit' | 'grow' | 'abort', id } (sent into thread `id`) and
 *      { cmd: 'abort-process' } (process.abort() in the main thread)
 *
 * workerPids repeats the one pid, once per thread, so a reader counting workers gets N; the
 * threads' own names are in workerIds. Exit status: 0 after a graceful stop, 1 after giving
 * up or when a thread cannot listen (EADDRINUSE where reusePort is missing), 2 for bad input.
 */
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { m } from './messages/index.ts';
import type { ToThread } from './protocol.ts';
import { parseServeArgs, SERVE_USAGE, UsageError } from './serve-args.ts';
import { ThreadCluster } from './thread-cluster.ts';

const say = narrator('primary');

function fail(message: string, code: number): never {
  console.error(`serve: ${message}`);
  if (code === 2) console.error(SERVE_USAGE);
  process.exit(code);
}

let cluster: ThreadCluster;
let quiet = false;
try {
  const parsed = parseServeArgs(process.argv.slice(2));
  if (parsed.help) {
    console.log(SERVE_USAGE);
    process.exit(0);
  }
  quiet = parsed.quiet;
  cluster = new ThreadCluster(parsed.options);
} catch (error) {
  if (error instanceof UsageError || error instanceof RangeError) fail(error.message, 2);
  throw error;
}

const t = m.serve;
const tell = (event: string, fields: Record<string, unknown>) => {
  if (process.connected) process.send?.({ event, ...fields });
};
const narrate = (line: string) => {
  if (!quiet) say(line);
};

cluster.on('fork', (w, replaces) => {
  narrate(t.fork(w.id, replaces?.name));
  tell('fork', { id: w.id, threadId: w.threadId, replaces: replaces?.id });
});
cluster.on('online', (w) => {
  narrate(t.online(w.id, w.name));
  tell('online', { id: w.id, name: w.name });
});
cluster.on('listening', (w, port) => {
  const ms = (w.listeningAt ?? 0) - w.forkedAt;
  narrate(t.listening(w.id, w.name, port, ms));
  tell('listening', { id: w.id, name: w.name, port, startupMs: ms });
});
cluster.on('listen-error', (w, code) => {
  console.error(`[primary ${process.pid}] ${t.listenError(w.id, code)}`);
  tell('listen-error', { id: w.id, code });
});
cluster.on('exit', (w, exit) => {
  narrate(t.exit(w.id, w.name, exit.code, exit.error?.code ?? exit.error?.message));
  tell('exit', {
    id: w.id,
    name: w.name,
    code: exit.code,
    error: exit.error,
    asked: exit.exitedAfterDisconnect,
  });
});
cluster.on('giveup', (info) => {
  console.error(`[primary ${process.pid}] ${t.giveup(info.restarts, info.limit, info.windowMs)}`);
  tell('giveup', info);
  // stop() is already under way (the cluster started it): leave once every thread is gone.
  void cluster.stop().then(() => process.exit(1));
});

async function stop(): Promise<never> {
  narrate(t.stopping);
  await cluster.stop();
  process.exit(0);
}
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
// Whoever started us (a harness, the bench) went away: go too, never an orphan.
process.on('disconnect', () => void stop());

process.on('message', (message: unknown) => {
  const command = message as { cmd?: string; id?: number; code?: number };
  if (command.cmd === 'stop') {
    void stop();
    return;
  }
  if (command.cmd === 'abort-process') process.abort();
  const worker = cluster.workers.get(command.id ?? -1);
  if (!worker) return;
  if (command.cmd === 'disconnect') void worker.disconnect();
  else if (command.cmd === 'exit') worker.send({ cfs: 'exit', code: command.code ?? 3 });
  else if (['throw', 'grow', 'abort'].includes(command.cmd ?? '')) {
    worker.send({ cfs: command.cmd } as ToThread);
  }
});

try {
  const { host, port } = await cluster.start();
  const workers = [...cluster.workers.values()];
  const names = workers.map((w) => w.name);
  narrate(t.serving(host, port, cluster.options.strategy, names));
  narrate(t.tryIt(host, port));
  tell('ready', {});
  if (process.connected) {
    process.send?.({
      port,
      primaryPid: process.pid,
      workerPids: workers.map(() => process.pid),
      workerIds: names,
      strategy: cluster.options.strategy,
      startupMs: workers.map((w) => (w.listeningAt ?? 0) - w.forkedAt),
    });
  }
} catch (error) {
  const e = error as Error & { code?: string };
  await cluster.stop();
  fail(`${e.code ? `${e.code}: ` : ''}${e.message}`, 1);
}
