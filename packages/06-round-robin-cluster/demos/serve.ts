/**
 * The server the benchmarks and the lab run: a cluster serving kit's hello-world app.
 *
 *   npx tsx packages/06-round-robin-cluster/demos/serve.ts --impl clone --policy rr --workers 2
 *
 *   --impl    clone (this stage) or node (node:cluster), so both run the very same program
 *   --policy  rr (SCHED_RR: the primary accepts and deals out), none (SCHED_NONE: shared socket)
 *             or reuseport (the clone's SCHED_REUSEPORT, beyond node:cluster: a socket per worker
 *             on one port; Node 22.12+ / 23.1+, and --impl clone only: Node has no such policy)
 *             or iphash / leastconn (the clone's SCHED_IPHASH / SCHED_LEASTCONN, beyond
 *             node:cluster: the scheduling hook of src/schedulers/; --impl clone only)
 *   --workers how many workers (1–64)
 *   --restart a worker that dies is replaced (the long-lived bench kills one on purpose); the
 *             primary reports again, with the new pids, once the replacement listens
 *   --quiet   no narration
 *   --lang    en or zh: the narration's language (default: CFS_LANG, then the locale)
 *
 * Every worker listens on 127.0.0.1 port 0: the cluster turns that into one port for all.
 * Each serves the hello app, and a WebSocket on the same port (kit's websocket-hello.ts): the
 * long-lived benchmark and the lab hold those open to count what each worker holds.
 * When started with an IPC channel (by the harness), the primary sends
 * { port, primaryPid, workerPids, impl, policy } once every worker listens.
 * SIGTERM or SIGINT (or the parent going away) ends it cleanly: the workers are disconnected,
 * every one has exited, then the primary exits 0. A worker dying on its own is a failure
 * (exit 1): a benchmark that silently lost a worker would report nonsense.
 */
import type { Cluster, Worker } from 'node:cluster';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { helloHandler } from '@cluster-from-scratch/kit/hello-app';
import { inLanguage, language, withoutLanguageArgument } from '@cluster-from-scratch/kit/language';
import { narrator, workerRole } from '@cluster-from-scratch/kit/narrate';
import { websocketHello } from '@cluster-from-scratch/kit/websocket-hello';
import en from './messages/en.ts';
import zh from './messages/zh.ts';

function usage(problem: string): never {
  console.error(`serve.ts: ${problem}`);
  console.error(
    'usage: serve.ts --impl node|clone --policy rr|none|reuseport --workers N [--quiet]',
  );
  process.exit(2);
}

let values: Record<string, string | boolean | undefined>;
let m: (typeof en)['serve'];
try {
  // English or 简体中文: --lang, CFS_LANG (the bench and the lab pass theirs on) or the locale.
  m = inLanguage({ en, zh }, language()).serve;
  ({ values } = parseArgs({
    args: withoutLanguageArgument(process.argv.slice(2)),
    options: {
      impl: { type: 'string', default: 'clone' },
      policy: { type: 'string', default: 'rr' },
      workers: { type: 'string', default: '2' },
      quiet: { type: 'boolean', default: false },
      restart: { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  usage((error as Error).message);
}
const impl = values.impl;
const policy = values.policy;
const workers = Number(values.workers);
if (impl !== 'node' && impl !== 'clone') usage(`--impl must be node or clone, got ${impl}`);
const POLICIES: Record<string, number> = { none: 1, rr: 2, reuseport: 3, iphash: 4, leastconn: 5 };
if (typeof policy !== 'string' || !(policy in POLICIES)) {
  usage(`--policy must be one of ${Object.keys(POLICIES).join(', ')}, got ${policy}`);
}
if ((POLICIES[policy] as number) > 2 && impl !== 'clone') {
  usage(`--policy ${policy} is the clone's own (beyond node:cluster): use it with --impl clone`);
}
if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
  usage(`--workers must be an integer from 1 to 64, got ${values.workers}`);
}
const quiet = values.quiet === true;

const cluster: Cluster =
  impl === 'node'
    ? (await import('node:cluster')).default
    : (await import('../src/index.ts')).default;

if (cluster.isPrimary) {
  const say = quiet ? () => {} : narrator('primary');
  // Before the first fork, or it does not count (a2-21).
  // SCHED_REUSEPORT (3) is the clone's own, so not on node:cluster's type. On a Node line
  // without reusePort the clone's primary refuses it at the first fork, with the reason.
  // SCHED_IPHASH (4) and SCHED_LEASTCONN (5) are the clone's too (src/schedulers/).
  cluster.schedulingPolicy = POLICIES[policy] as number;
  const listening = new Map<Worker, number>();
  let stopping = false;

  cluster.on('listening', (worker: Worker, address: { port: number }) => {
    listening.set(worker, address.port);
    if (listening.size !== workers) return;
    const workerPids = [...listening.keys()].map((w) => w.process.pid);
    say(m.ready(impl, policy, workers, address.port));
    process.send?.({ port: address.port, primaryPid: process.pid, workerPids, impl, policy });
  });
  cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
    if (!stopping) {
      console.error(`[primary ${process.pid}] ${m.workerDied(worker.id, signal ?? code)}`);
      if (!values.restart) process.exit(1);
      // --restart: a replacement; the ready report goes out again once it listens.
      listening.delete(worker);
      forked.add(cluster.fork());
      return;
    }
    if (Object.keys(cluster.workers ?? {}).length === 0 && allExited()) process.exit(0);
  });
  const allExited = () =>
    [...forked].every((w) => w.process.exitCode !== null || w.process.signalCode !== null);
  const forked = new Set<Worker>();

  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    say(m.stopping(why, forked.size));
    if (allExited()) process.exit(0);
    // disconnect(): each worker closes its server and leaves; no connection is cut mid-answer.
    for (const worker of forked) if (worker.isConnected()) worker.disconnect();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('disconnect', () => stop(m.parentGone)); // the harness went away: do not outlive it
  for (let i = 0; i < workers; i++) forked.add(cluster.fork());
} else {
  const server = createServer(helloHandler);
  server.on('upgrade', websocketHello);
  server.listen(0, '127.0.0.1', () => {
    if (!quiet) narrator(workerRole(cluster.worker?.id ?? '?'))(m.servingHelloWorld);
  });
}
