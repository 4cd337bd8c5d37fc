/**
 * Stage 04, many sockets on one port: reusePort (SO_REUSEPORT, Node 22.12+ / 23.1+).
 *
 *   npx tsx packages/04-handle-passing/demos/reuse-port.ts              the tour, ends by itself
 *   npx tsx packages/04-handle-passing/demos/reuse-port.ts --workers 4  with 4 workers (default 3)
 *
 * This process is the observer and the client ([demo …]). It starts the programs of mode
 * 'reuse-port', which narrate for themselves ([primary …], [worker …], [stranger …]).
 *
 *   1. every worker binds a socket of its own on one port: /proc/net/tcp lists one LISTEN
 *      entry per worker, and a connection wakes only the worker it was hashed to
 *   2. a stranger, a process nobody forked, joins the port and takes a share
 *   3. a stuck worker keeps getting its share: those clients wait for it
 *   4. a worker killed with clients in its queue: they are reset; with tcp_migrate_req=1 (in a
 *      network namespace of the demo's own, only when run as root) they move to a sibling
 *
 * On a Node line without reusePort (20) it shows what that line does (EADDRINUSE) and stops.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bar } from '@cluster-from-scratch/kit/fairness';
import { freshConnections, tally } from '@cluster-from-scratch/kit/http-load';
import { language } from '@cluster-from-scratch/kit/language';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { nodeSince } from '@cluster-from-scratch/kit/node-lines';
import {
  canCountWakeUps,
  hasLinuxView,
  needsLinux,
  voluntaryContextSwitches,
} from '@cluster-from-scratch/kit/platform';
import { withTimeout } from '@cluster-from-scratch/kit/timeout';
import { tsxExecArgv } from '@cluster-from-scratch/kit/tsx-loader';
import { nextMessage } from '../src/child-messages.ts';
import { m } from '../src/messages/index.ts';
import { ownListeners } from '../src/reuse-port-inspect.ts';
import { canOwnNetworkNamespace, reusePortSupported } from '../src/reuse-port-support.ts';
import type { ServeReport } from '../src/serve.ts';

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '3' },
    lang: { type: 'string' }, // en or zh: read by kit/src/language.ts
  },
});
const t = m.reusePortTour;
const workerCount = Number(values.workers);
const say = narrator('demo');
const started = new Set<ChildProcess>();
const src = (file: string) => fileURLToPath(new URL(`../src/${file}`, import.meta.url));

function track(child: ChildProcess): ChildProcess {
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

async function startProgram<T>(file: string, args: string[], isReport: (m: unknown) => m is T) {
  const child = track(fork(src(file), args));
  return { child, report: await nextMessage(child, isReport, `${file} to report`) };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await withTimeout(exited, `pid ${child.pid} to exit after SIGTERM`);
}

const isServeReport = (m: unknown): m is ServeReport =>
  typeof m === 'object' && m !== null && 'workerPids' in m;
interface StrangerReport {
  pid: number;
  port: number;
  code: string;
}
const isStrangerReport = (m: unknown): m is StrangerReport =>
  typeof m === 'object' && m !== null && 'code' in m;

/** Fresh connections one after another; who answered and how often each worker woke. */
async function share(pids: [number, string][], port: number, requests: number) {
  // Wake-ups are counted from /proc; where there is none, the column shows a dash.
  const wakes = (pid: number) => (canCountWakeUps ? voluntaryContextSwitches(pid) : Number.NaN);
  const before = pids.map(([pid]) => wakes(pid));
  const results = await freshConnections({ port, requests, concurrency: 1 });
  const after = pids.map(([pid]) => wakes(pid));
  const { workers, failed } = tally(results);
  if (failed) say(m.requestsFailed(failed, requests));
  say(t.freshConnections(requests));
  say(t.columns);
  let woke = 0;
  pids.forEach(([pid, role], i) => {
    const conns = workers.find((w) => w.pid === pid)?.connections ?? 0;
    const wakeUps = (after[i] ?? 0) - (before[i] ?? 0);
    woke += wakeUps;
    say(
      `  ${role.padEnd(9)} ${String(pid).padEnd(8)} ${String(conns).padStart(5)}  ${bar(conns / requests, 28)}  ${Number.isNaN(wakeUps) ? '    —' : `${String(wakeUps).padStart(5)}×`}`,
    );
  });
  say(
    canCountWakeUps ? t.wakeUpsPerConnection((woke / requests).toFixed(2)) : needsLinux('wakeUps'),
  );
}

/** Runs reuse-port-stuck.ts (it narrates); in a network namespace of its own if asked. */
async function stuck(args: string[], netns?: 0 | 1): Promise<void> {
  const program = [process.execPath, ...tsxExecArgv(), src('reuse-port-stuck.ts'), ...args];
  const setup = `ip link set lo up && sysctl -qw net.ipv4.tcp_migrate_req=${netns} && exec "$0" "$@"`;
  const child = track(
    netns === undefined
      ? spawn(program[0] as string, program.slice(1), { stdio: 'inherit' })
      : spawn('unshare', ['-n', 'sh', '-c', setup, ...program], { stdio: 'inherit' }),
  );
  const [code] = await withTimeout(once(child, 'exit'), 'the stuck-worker run to end', 60_000);
  if (code !== 0) throw new Error(`reuse-port-stuck.ts exited with ${code}`);
}

async function onOldLine(): Promise<void> {
  say(t.oldLineNeeds(process.versions.node, nodeSince('reusePort', language())));
  say(t.oldLineIgnored);
  const first = await startProgram('reuse-port-stranger.ts', ['--port', '0'], isStrangerReport);
  const second = await startProgram(
    'reuse-port-stranger.ts',
    ['--port', String(first.report.port)],
    isStrangerReport,
  );
  say(t.oldLineOutcome(first.report.port, second.report.code));
  say(t.oldLineHint);
}

async function tour(): Promise<void> {
  say(t.ownSocketsStep(workerCount));
  const server = await startProgram(
    'serve-reuse-port.ts',
    ['--workers', String(workerCount)],
    isServeReport,
  );
  const { port, workerPids } = server.report;
  const mine = ownListeners(port, workerPids);
  say(t.listenEntries(mine.length, port));
  for (const [i, l] of mine.entries()) say(t.ownSocket(m.labels.worker(i + 1), l.pid, l.inodes));
  const roles = workerPids.map((pid, i): [number, string] => [pid, m.labels.worker(i + 1)]);
  await share(roles, port, 120);
  say(t.noHerd);

  say(t.strangerStep);
  const thief = await startProgram(
    'reuse-port-stranger.ts',
    ['--port', String(port)],
    isStrangerReport,
  );
  say(t.strangerOutcome(thief.report.pid, thief.report.code));
  await share([...roles, [thief.report.pid, m.labels.stranger]], port, 120);
  say(t.strangerTakesShare);
  await stop(thief.child);
  await stop(server.child);

  say(t.stuckStep);
  await stuck(['--end-with', 'continue', '--stuck-ms', '1000']);

  say(t.deathStep);
  if (canOwnNetworkNamespace()) {
    say(t.namespaceDefault);
    await stuck(['--end-with', 'kill'], 0);
    say(t.namespaceMigrate);
    await stuck(['--end-with', 'kill'], 1);
  } else {
    await stuck(['--end-with', 'kill']);
    say(t.asRoot);
    say(t.asRootOutcome);
  }
  say(m.done);
}

process.once('SIGINT', () => void Promise.all([...started].map(stop)).then(() => process.exit(0)));
try {
  // The kernel decides whether several sockets may share a port and spread connections over
  // them: Linux does; Node raises an error for reusePort on macOS.
  if (!hasLinuxView('reusePortGroups')) say(needsLinux('reusePortGroups'));
  else if (reusePortSupported()) await tour();
  else await onOldLine();
  await Promise.all([...started].map(stop));
  process.exit(0);
} catch (error) {
  say(m.failed((error as Error).message));
  await Promise.all([...started].map((c) => stop(c).catch(() => {})));
  process.exit(1);
}
