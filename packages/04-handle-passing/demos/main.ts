/**
 * Stage 04 demo: send the socket, not the traffic.
 *
 *   npm start -- 4                 the tour below, ends by itself in a few seconds
 *   npm start -- 4 --workers 4     with 4 workers (default 3)
 *   npm start -- 4 --serve         both servers stay up for curl until Ctrl-C
 *
 * This process is the observer and the client ([demo …]). It starts the stage's two server
 * programs, which narrate for themselves ([primary …], [worker …]), and then looks at them
 * from outside: /proc for descriptors and wake-ups, HTTP for who answered.
 *
 *   1. shared socket      primary listens, sends the handle to every worker, closes its copy
 *   2. per-connection     primary accepts each connection and hands it to the next worker
 *   3. primary serves too the a1 variant: the primary keeps its copy and answers as well
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { debuglog, parseArgs } from 'node:util';
import { bar } from '@cluster-from-scratch/kit/fairness';
import { freshConnections, tally } from '@cluster-from-scratch/kit/http-load';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { voluntaryContextSwitches } from '@cluster-from-scratch/kit/platform';
import { pollUntil, withTimeout } from '@cluster-from-scratch/kit/timeout';
import { nextMessage } from '../src/child-messages.ts';
import { connectionsHeld, listenerView } from '../src/inspect.ts';
import { m } from '../src/messages/index.ts';
import type { ServeReport } from '../src/serve.ts';

const { values } = parseArgs({
  options: {
    serve: { type: 'boolean', default: false },
    workers: { type: 'string', default: '3' },
    lang: { type: 'string' }, // en or zh: read by kit/src/language.ts
  },
});
const t = m.tour;
const workerCount = Number(values.workers);
const narrate = narrator('demo');
const debug = debuglog('cfs-04');
const t0 = performance.now();
const say = (...parts: unknown[]) => {
  debug('demo at %d ms', Math.round(performance.now() - t0));
  narrate(...parts);
};
const started = new Set<ChildProcess>();

interface Server {
  child: ChildProcess;
  report: ServeReport;
}

async function start(file: string, extra: string[] = []): Promise<Server> {
  const script = fileURLToPath(new URL(`../src/${file}`, import.meta.url));
  const child = fork(script, ['--workers', String(workerCount), ...extra]);
  started.add(child);
  child.once('exit', () => started.delete(child));
  const report = await nextMessage(
    child,
    (m): m is ServeReport => typeof m === 'object' && m !== null && 'port' in m,
    `${file} to report its port`,
  );
  return { child, report };
}

async function stop(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = once(server.child, 'exit');
  server.child.kill('SIGTERM');
  await withTimeout(exited, `pid ${server.child.pid} to exit after SIGTERM`);
}

async function stopAll(): Promise<void> {
  await Promise.all(
    [...started].map((child) => stop({ child, report: {} as ServeReport }).catch(() => {})),
  );
}

function roles(report: ServeReport): [number, string][] {
  return [
    [report.primaryPid, m.labels.primary],
    ...report.workerPids.map((pid, i): [number, string] => [pid, m.labels.worker(i + 1)]),
  ];
}

/** Which descriptor of which process points at the port's listening socket. */
function showSocketHolders(report: ServeReport): void {
  const view = listenerView(report.port, [report.primaryPid, ...report.workerPids]);
  const names = new Map(roles(report));
  say(t.listenEntry(view.listenInodes.length, report.port, view.listenInodes));
  for (const holder of view.holders) {
    const link = holder.fds.length
      ? holder.fds.map((fd) => t.fdLink(fd, view.listenInodes[0])).join(', ')
      : t.noDescriptor;
    say(t.holder(names.get(holder.pid), holder.pid, link));
  }
}

/** A brand-new socket in this process, on the same port: the kernel says no. */
async function tryOwnListen(port: number): Promise<void> {
  const server = createServer();
  const code = await new Promise<string>((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen(port, '127.0.0.1', () => resolve('LISTENING'));
  });
  if (server.listening) server.close();
  say(t.ownListen(port, code));
}

/** Holds `count` idle connections open and counts, per process, the descriptors they cost. */
async function showHeldCost(report: ServeReport, count: number): Promise<void> {
  const sockets = await Promise.all(
    Array.from({ length: count }, async () => {
      const socket = connect(report.port, '127.0.0.1');
      await once(socket, 'connect');
      return socket;
    }),
  );
  const held = () => roles(report).map(([pid]) => connectionsHeld(pid, report.port));
  // Nobody announces an accept: ask the kernel until the workers hold all of them.
  await pollUntil(
    () => {
      const [primary = 0, ...workers] = held();
      return primary === 0 && workers.reduce((a, b) => a + b, 0) === count;
    },
    { what: `the workers to hold all ${count} connections` },
  );
  const parts = roles(report).map(([, role], i) => t.heldBy(role.trim(), held()[i]));
  say(t.heldCost(count, parts));
  for (const socket of sockets) socket.destroy();
}

interface Row {
  role: string;
  worker: boolean;
  pid: number;
  connections: number;
  wakeUps: number;
}

/** Fresh connections, one request each; who answered and how often each process woke. */
async function who(report: ServeReport, requests: number): Promise<Row[]> {
  const pids = roles(report);
  const before = pids.map(([pid]) => voluntaryContextSwitches(pid));
  const results = await freshConnections({ port: report.port, requests, concurrency: 1 });
  const after = pids.map(([pid]) => voluntaryContextSwitches(pid));
  const { workers, failed } = tally(results);
  if (failed) say(m.requestsFailed(failed, requests));
  return pids.map(([pid, role], i) => ({
    role,
    worker: pid !== report.primaryPid,
    pid,
    connections: workers.find((w) => w.pid === pid)?.connections ?? 0,
    wakeUps: (after[i] ?? 0) - (before[i] ?? 0),
  }));
}

function printTable(title: string, rows: Row[], requests: number): void {
  say(t.tableTitle(title, requests));
  say(t.columns);
  for (const row of rows) {
    say(
      `  ${row.role} ${String(row.pid).padEnd(8)} ${String(row.connections).padStart(5)}  ${bar(row.connections / requests, 28)}  ${String(row.wakeUps).padStart(5)}×`,
    );
  }
}

function wakeSummary(rows: Row[], requests: number, why: string): string {
  const woke = rows.filter((r) => r.worker).reduce((sum, r) => sum + r.wakeUps, 0);
  return t.wakeSummary(woke, requests, why);
}

async function tour(): Promise<void> {
  const requests = 120;
  say(t.intro(workerCount));

  say(t.sharedStep);
  const shared = await start('serve-shared.ts');
  showSocketHolders(shared.report);
  await tryOwnListen(shared.report.port);
  await showHeldCost(shared.report, 6);
  const sharedRows = await who(shared.report, requests);
  printTable(t.sharedTitle, sharedRows, requests);
  say(wakeSummary(sharedRows, requests, t.sharedWakes));
  await stop(shared);

  say(t.passingStep);
  const passing = await start('serve-per-connection.ts');
  showSocketHolders(passing.report);
  await showHeldCost(passing.report, 6);
  const passingRows = await who(passing.report, requests);
  printTable(t.passingTitle, passingRows, requests);
  say(wakeSummary(passingRows, requests, t.passingWakes));
  await stop(passing);

  say(t.primaryServesStep);
  const both = await start('serve-shared.ts', ['--primary-serves']);
  showSocketHolders(both.report);
  printTable(t.primaryServesTitle, await who(both.report, 60), 60);
  await stop(both);

  say(t.comparedWith03);
  say(m.done);
}

async function serveUntilStopped(): Promise<void> {
  const shared = await start('serve-shared.ts');
  const passing = await start('serve-per-connection.ts');
  say(t.serveShared(shared.report.port));
  say(t.servePassing(passing.report.port));
  say(t.serveHint);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

let stopping = false;
const interrupt = async () => {
  if (stopping) return;
  stopping = true;
  await stopAll();
  process.exit(0);
};
if (!values.serve) {
  process.once('SIGINT', () => void interrupt());
  process.once('SIGTERM', () => void interrupt());
}

try {
  if (values.serve) await serveUntilStopped();
  else await tour();
  await stopAll();
  process.exit(0);
} catch (error) {
  say(m.failed((error as Error).message));
  await stopAll();
  process.exit(1);
}
