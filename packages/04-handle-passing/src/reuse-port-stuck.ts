/**
 * What a SO_REUSEPORT group does with the clients of a worker that stops accepting.
 *
 *   tsx src/reuse-port-stuck.ts --end-with continue   the worker is stuck for a while, then resumes
 *   tsx src/reuse-port-stuck.ts --end-with kill       the worker dies while clients wait in its queue
 *     [--connections 100] [--stuck-ms 0] [--quiet]
 *
 *   1. two workers, each with its own socket on one port (mode 'reuse-port')
 *   2. SIGSTOP worker 1: it stands for a worker stuck in a long synchronous job
 *   3. open --connections clients at once, each sends one request
 *   4. wait until every client is either answered (by worker 2) or counted in worker 1's
 *      accept queue (/proc/net/tcp): the kernel hashed those to the stuck worker regardless
 *   5a. --end-with continue: SIGCONT; the waiting clients are finally answered, by worker 1
 *   5b. --end-with kill:     SIGKILL; the waiting clients get ECONNRESET, unless the network
 *                        namespace has net.ipv4.tcp_migrate_req=1, which moves them to worker 2
 *
 * Reports over IPC (and prints): { endWith, connections, queued, answeredWhileStuck, reset,
 * answeredBy: { [pid]: n }, migrateReq, medianMs }. The test reads the counts; the median
 * times to answer are for the reader and never asserted.
 *
 * Run it inside a network namespace of its own to try the sysctl without touching the host:
 *   sudo unshare -n sh -c 'ip link set lo up; sysctl -qw net.ipv4.tcp_migrate_req=1;
 *                          exec npx tsx packages/04-handle-passing/src/reuse-port-stuck.ts --end-with kill'
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { freshConnectionRequest, type RequestResult } from '@cluster-from-scratch/kit/http-load';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';
import { m } from './messages/index.ts';
import { QUIET_ENV } from './protocol.ts';
import { startReusePort } from './reuse-port.ts';
import { ownListeners } from './reuse-port-inspect.ts';

const { values } = parseArgs({
  options: {
    'end-with': { type: 'string', default: 'kill' },
    connections: { type: 'string', default: '100' },
    'stuck-ms': { type: 'string', default: '0' },
    quiet: { type: 'boolean', default: false },
    lang: { type: 'string' }, // en or zh: read by kit/src/language.ts
  },
});
// How long the worker stays stuck after the count (the demo makes it visible; tests use 0).
const stuckMs = Number(values['stuck-ms']);
const endWith = values['end-with'];
const connections = Number(values.connections);
if (endWith !== 'kill' && endWith !== 'continue') {
  console.error(`reuse-port-stuck: --end-with must be kill or continue (got ${endWith})`);
  process.exit(2);
}
if (!Number.isInteger(connections) || connections < 1 || connections > 500) {
  console.error(`reuse-port-stuck: --connections must be 1–500 (got ${values.connections})`);
  process.exit(2);
}
if (values.quiet) process.env[QUIET_ENV] = '1';
const say = values.quiet ? () => {} : narrator('primary');

/** This network namespace's setting (absent on kernels before 5.14: treated as 0). */
function migrateReq(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/tcp_migrate_req', 'utf8').trim());
  } catch {
    return 0;
  }
}

let running: Awaited<ReturnType<typeof startReusePort>>;
try {
  running = await startReusePort({ workers: 2, say });
} catch (error) {
  // On a line that ignores reusePort: report it as the outcome, it is what this line does.
  const e = error as Error & { code?: string };
  say(e.message);
  process.send?.({ type: 'report', error: e.name, code: e.code, message: e.message });
  process.exit(0);
}
const [stuck, other] = running.workers as [
  (typeof running.workers)[0],
  (typeof running.workers)[0],
];
const port = running.port;

process.kill(stuck.pid, 'SIGSTOP');
say(m.stuck.stopped(stuck.id, stuck.pid));

const results: RequestResult[] = [];
const clients = Array.from({ length: connections }, (_, i) =>
  freshConnectionRequest(port, '127.0.0.1', '/', i).then((r) => {
    results.push(r);
    return r;
  }),
);
say(m.stuck.clientsConnect(connections));

const queuedAtStuck = () => ownListeners(port, [stuck.pid])[0]?.acceptQueue ?? 0;
const queued = await pollUntil(
  () => {
    const q = queuedAtStuck();
    return results.length + q === connections ? q : false;
  },
  { what: `each client to be answered or to wait in worker ${stuck.id}'s accept queue` },
);
const answeredWhileStuck = results.length;
say(m.stuck.whileStuck(other.id, answeredWhileStuck, queued));
if (stuckMs > 0) {
  say(m.stuck.staysStuck(stuck.id, stuckMs));
  await new Promise((resolve) => setTimeout(resolve, stuckMs));
}
if (endWith === 'continue') {
  process.kill(stuck.pid, 'SIGCONT');
  say(m.stuck.resumed(stuck.id));
} else {
  process.kill(stuck.pid, 'SIGKILL');
  say(m.stuck.killed(stuck.id, queued, migrateReq()));
}
const all = await Promise.all(clients);
const median = (list: number[]) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
const latency = (pid: number) =>
  Math.round(median(all.filter((r) => r.servedBy === pid).map((r) => r.latencyMs)));

const answeredBy: Record<number, number> = {};
for (const r of all) if (r.servedBy) answeredBy[r.servedBy] = (answeredBy[r.servedBy] ?? 0) + 1;
const reset = all.filter((r) => r.error === 'ECONNRESET').length;
const failedOtherwise = all.filter((r) => !r.ok && r.error !== 'ECONNRESET').length;
const report = {
  type: 'report',
  endWith,
  connections,
  port,
  stuckPid: stuck.pid,
  otherPid: other.pid,
  queued,
  answeredWhileStuck,
  answeredBy,
  reset,
  failedOtherwise,
  migrateReq: migrateReq(),
  medianMs: { stuck: latency(stuck.pid), other: latency(other.pid) },
};
say(
  endWith === 'continue'
    ? m.stuck.waitersAnswered(
        queued,
        stuck.id,
        report.medianMs.stuck,
        report.medianMs.other,
        other.id,
      )
    : m.stuck.resetCount(reset, connections, all.filter((r) => r.ok).length),
);
process.send?.(report);
await running.close();
process.exit(0);
