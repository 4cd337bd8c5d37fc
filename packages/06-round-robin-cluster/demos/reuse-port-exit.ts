/**
 * What a worker's exit costs the clients under the clone's SCHED_REUSEPORT (beyond
 * node:cluster), measured under load.
 *
 *   npx tsx packages/06-round-robin-cluster/demos/reuse-port-exit.ts [--rounds 5] [--lang zh]
 *   sudo unshare -n sh -c 'ip link set lo up; sysctl -qw net.ipv4.tcp_migrate_req=1;
 *     exec npx tsx packages/06-round-robin-cluster/demos/reuse-port-exit.ts'   (host untouched)
 *
 * For each way of leaving, each round: two workers serve fresh connections (16
 * clients in a loop, one request per connection); after 300 answers, worker 1 leaves —
 *   disconnect   worker.disconnect(): it closes its server, then exits (a graceful restart)
 *   kill         SIGKILL while it runs (a crash)
 *   kill-stuck   SIGSTOP, wait until 8 of the 16 clients are stuck with it (in its queue, or
 *                accepted by it), then SIGKILL (a hung worker killed by a watchdog)
 * — a replacement is forked, and after 300 more answers the load stops. Every client that got
 * no answer is counted, by error.
 *
 * Under SCHED_RR the primary holds the only socket, so nothing waits in a worker's queue; only
 * the one connection a dying worker was sent and had not acked is stranded in the primary,
 * unanswered (test/in-flight.test.ts), which would leave this load's lane waiting for good. Under
 * SCHED_REUSEPORT every worker's socket has its own accept queue, and closing the socket (exit,
 * crash or a clean server.close()) resets what is still in it, unless net.ipv4.tcp_migrate_req=1
 * moves it to a sibling.
 *
 * The primary prints ([primary …]) one line per round and a table at the end; it ends by
 * itself. Figures vary from run to run; the README quotes one run and says how.
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import cluster, { SCHED_REUSEPORT } from '@cluster-from-scratch/06-round-robin-cluster';
import { helloHandler } from '@cluster-from-scratch/kit/hello-app';
import { freshConnections, type RequestResult } from '@cluster-from-scratch/kit/http-load';
import { inLanguage, withoutLanguageArgument } from '@cluster-from-scratch/kit/language';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import {
  hasLinuxView,
  needsLinux,
  socketInodes,
  tcpMigrateReq,
  tcpSockets,
} from '@cluster-from-scratch/kit/platform';
import { pollUntil, waitForEvent } from '@cluster-from-scratch/kit/timeout';
import { REUSE_PORT_SINCE, reusePortSupported } from '../src/reuse-port-support.ts';
import en from './messages/en.ts';
import zh from './messages/zh.ts';

// English or 简体中文 (--lang, CFS_LANG or the locale).
const m = inLanguage({ en, zh }).reusePortExit;

type Worker = ReturnType<typeof cluster.fork>;

/** Clients waiting for `worker`: in its own socket's accept queue, or already accepted by it. */
function stuckClients(port: number, worker: Worker): number {
  const pid = worker.process.pid as number;
  const mine = new Set(socketInodes(pid));
  return tcpSockets()
    .filter((s) => s.localPort === port && mine.has(s.inode))
    .reduce((sum, s) => sum + (s.state === '0A' ? s.rxQueue : 1), 0);
}

if (cluster.isPrimary) {
  const { values } = parseArgs({
    args: withoutLanguageArgument(process.argv.slice(2)),
    options: { rounds: { type: 'string', default: '5' } },
  });
  const rounds = Number(values.rounds);
  const say = narrator('primary');
  if (!hasLinuxView('reusePortGroups')) {
    say(needsLinux('reusePortGroups'));
    process.exit(0);
  }
  if (!reusePortSupported()) {
    say(m.needsNode(REUSE_PORT_SINCE, process.versions.node));
    process.exit(0);
  }
  // The setting lives in /proc/sys; the portable view (CFS_PLATFORM=portable) has no reading.
  const migrate = tcpMigrateReq ? String(tcpMigrateReq()) : '?';
  if (!tcpMigrateReq) say(needsLinux('migrateSysctl'));
  say(m.migrateReqHere(migrate));
  cluster.schedulingPolicy = SCHED_REUSEPORT;

  const listening = (w: Worker) =>
    waitForEvent<[Worker, { port: number }]>(cluster, 'listening', {
      filter: (x) => x === w,
      what: `worker ${w.id} listening`,
    });
  // Answers counted as they come; a wait for "n more" resolves from the load's own callback.
  const seen = { count: 0, goal: Number.POSITIVE_INFINITY, reached: () => {} };
  const answers = (n: number) =>
    new Promise<void>((resolve) => {
      seen.goal = seen.count + n;
      seen.reached = resolve;
    });

  const table: string[] = [];
  for (const how of ['disconnect', 'kill', 'kill-stuck'] as const) {
    const lost: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      const w1 = cluster.fork();
      const w2 = cluster.fork();
      const [[, { port }]] = await Promise.all([listening(w1), listening(w2)]);
      seen.count = 0;
      const stop = new AbortController();
      const results: RequestResult[] = [];
      const load = freshConnections({
        port,
        concurrency: 16,
        durationMs: 60_000,
        signal: stop.signal,
        onResult: (r) => {
          results.push(r);
          if (r.ok && ++seen.count === seen.goal) seen.reached();
        },
      });
      await answers(300);
      if (how === 'kill-stuck') {
        w1.process.kill('SIGSTOP');
        // The clients are a closed loop: each lane that lands on the stuck worker stays there.
        // Wait until 8 of the 16 are stuck (in its queue, or accepted just before it stopped).
        await pollUntil(() => stuckClients(port, w1) >= 8, {
          what: 'clients to pile up at the stuck worker',
        });
      }
      const gone = waitForEvent(w1, 'exit', { what: 'worker 1 to exit' });
      if (how === 'disconnect') w1.disconnect();
      else w1.process.kill('SIGKILL');
      await gone;
      const w3 = cluster.fork();
      await listening(w3);
      await answers(300);
      stop.abort();
      await load;
      const failed = results.filter((r) => !r.ok);
      const codes = [...new Set(failed.map((r) => r.error))].join(', ') || '-';
      lost.push(failed.length);
      say(m.round(migrate, how.padEnd(10), round, results.length, failed.length, codes));
      await new Promise<void>((resolve) => cluster.disconnect(resolve));
    }
    const sorted = [...lost].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] as number;
    table.push(
      m.lostPerExit(migrate, how.padEnd(10), sorted[0] as number, median, sorted.at(-1) as number),
    );
  }
  for (const line of table) say(line);
  process.exit(0);
} else {
  createServer(helloHandler).listen(0, '127.0.0.1');
}
