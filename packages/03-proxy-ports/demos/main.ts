/**
 * Stage 03 tour: one port, many processes, the hard way.
 *
 *   npm start -- 3            the story below, ends by itself
 *   npm start -- 3 --serve    a proxy with 3 workers that stays up for curl until Ctrl-C
 *
 * 1. this process forks two children on one port: the second gets EADDRINUSE;
 * 2. it starts the proxy primary (src/serve.ts) with 3 workers on ports of their own and,
 *    playing the client, sends requests that come back from different worker pids;
 * 3. it holds 20 idle connections and counts the TCP descriptors in /proc/<pid>/fd;
 * 4. it kills a worker with SIGKILL under a stream of requests: the primary drops it,
 *    retries on the others, forks a replacement;
 * 5. it sends SIGTERM: the primary closes its port, ends its workers, exits 0.
 */

import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  freshConnectionRequest,
  freshConnections,
  openIdleConnections,
  tally,
} from '@cluster-from-scratch/kit/http-load';
import { language } from '@cluster-from-scratch/kit/language';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { nodeHas, nodeSince } from '@cluster-from-scratch/kit/node-lines';
import { isAlive, tcpSocketCount } from '@cluster-from-scratch/kit/platform';
import { pollUntil, waitForEvent } from '@cluster-from-scratch/kit/timeout';
import { withTsxLoader } from '@cluster-from-scratch/kit/tsx-loader';
import { m } from '../src/messages/index.ts';
import { narrateProxy } from '../src/narrate-proxy.ts';
import { ProxyPrimary, type WorkerInfo } from '../src/proxy-primary.ts';
import { listenOnOnePort } from '../src/same-port.ts';
import type { ServeMessage } from '../src/serve.ts';

const IDLE_CLIENTS = 20;

if (process.argv.includes('--serve')) await serve();
else await tour();

/** --serve: this process is the proxy primary, until Ctrl-C. */
async function serve(): Promise<void> {
  const say = narrator('primary');
  const proxy = new ProxyPrimary({ workers: 3 });
  narrateProxy(proxy, say, { forwards: true });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(m.serve.stopping(signal, proxy.workerPids.length));
    await proxy.close();
    say(m.serve.bye);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await proxy.start();
  say(m.serve.listening(proxy.port, proxy.workerPids));
  say(m.serve.tryCurl(proxy.port));
  say(m.serve.eachConnection);
  say(m.serve.ctrlC);
}

async function tour(): Promise<void> {
  const t = m.tour;
  const primarySay = narrator('primary');
  const clientSay = narrator('client');
  let primary: ChildProcess | undefined;
  process.on('SIGINT', () => {
    // Ctrl-C reached our whole group; the proxy primary shuts itself down on SIGINT.
    if (!primary || primary.exitCode !== null) process.exit(0);
    primary.once('exit', () => process.exit(0));
  });

  // ── 1. two children, one port ────────────────────────────────────────────────────────
  primarySay(t.onePortStep);
  const run = await listenOnOnePort({
    handled: true,
    onOutcome: (o) => {
      if (o.port !== undefined) primarySay(t.childListens(o.id, o.pid, o.port));
      else primarySay(t.childRefused(o.id, o.pid, o.askedPort, o.error?.code, o.exit?.code));
    },
  });
  primarySay(t.onePortOneSocket);
  // The point of this step changed with Node 22.12 / 23.1: say which side of it this Node is.
  primarySay(
    (nodeHas('reusePort') ? t.reusePortHere : t.noReusePortHere)(
      process.versions.node,
      nodeSince('reusePort', language()),
    ),
  );
  await run.stop();

  // ── 2. the proxy ─────────────────────────────────────────────────────────────────────
  clientSay(t.proxyStep);
  primary = fork(
    fileURLToPath(new URL('../src/serve.ts', import.meta.url)),
    ['--workers', '3', '--events'],
    {
      execArgv: withTsxLoader(process.execArgv),
    },
  );
  const child = primary;
  const next = <T extends ServeMessage>(filter: (m: ServeMessage) => boolean, what: string) =>
    waitForEvent<[T]>(child, 'message', { filter: (m) => filter(m as ServeMessage), what }).then(
      ([m]) => m,
    );
  const askStats = () => {
    const reply = next<Extract<ServeMessage, { type: 'stats' }>>(
      (m) => m.type === 'stats',
      'stats',
    );
    child.send({ cmd: 'stats' });
    return reply;
  };
  const ready = await next<Extract<ServeMessage, { type: 'ready' }>>(
    (m) => m.type === 'ready',
    'the proxy to be ready',
  );
  const workerOf = new Map<number, WorkerInfo>();
  for (const w of (await askStats()).workers) workerOf.set(w.pid, w);
  const who = (pid: number | undefined) =>
    pid === undefined ? t.nobody : t.workerPid(pid, workerOf.get(pid)?.id ?? '?');

  clientSay(t.sixRequests(ready.port));
  for (let i = 1; i <= 6; i++) {
    const r = await freshConnectionRequest(ready.port);
    clientSay(r.ok ? t.requestAnswered(i, who(r.servedBy)) : t.requestFailed(i, r.error));
  }

  // ── 3. the cost ──────────────────────────────────────────────────────────────────────
  const count = () => ({
    primary: tcpSocketCount(ready.primaryPid),
    workers: ready.workerPids.map(tcpSocketCount),
  });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const before = count();
  clientSay(t.costStep(before.primary, before.workers));
  const clients = await openIdleConnections(ready.port, IDLE_CLIENTS);
  const held = await pollUntil(
    () => {
      const c = count();
      return c.primary === before.primary + 2 * IDLE_CLIENTS &&
        sum(c.workers) === sum(before.workers) + IDLE_CLIENTS
        ? c
        : false;
    },
    { what: 'the proxied sockets to show up in /proc' },
  );
  clientSay(
    t.withIdleClients(
      IDLE_CLIENTS,
      held.primary,
      held.primary - before.primary,
      held.workers,
      sum(held.workers) - sum(before.workers),
    ),
  );
  for (const s of clients) s.destroy();
  await pollUntil(
    () => count().primary === before.primary && sum(count().workers) === sum(before.workers),
    {
      what: 'the proxied sockets to close',
    },
  );
  clientSay(t.clientsGone(count().primary, count().workers));

  // ── 4. a worker dies under load ──────────────────────────────────────────────────────
  const victim = ready.workerPids[1] ?? 0;
  clientSay(t.killStep(who(victim)));
  const replaced = next<Extract<ServeMessage, { type: 'event' }>>(
    (m) => m.type === 'event' && m.event === 'worker-ready',
    'a replacement worker',
  );
  let answered = 0;
  const results = await freshConnections({
    port: ready.port,
    requests: 40,
    concurrency: 2,
    onResult: () => {
      if (++answered === 10) process.kill(victim, 'SIGKILL');
    },
  });
  const { workers: perPid, failed } = tally(results);
  clientSay(
    t.underLoad(
      results.length - failed,
      failed,
      perPid.map((w) => t.servedCount(who(w.pid), w.requests)),
    ),
  );
  const fresh = (await replaced).args[0] as WorkerInfo;
  workerOf.set(fresh.pid, fresh);
  clientSay(t.replacement(who(fresh.pid)));
  for (let i = 1; i <= 4; i++) {
    const r = await freshConnectionRequest(ready.port);
    clientSay(r.ok ? t.requestAnswered(i, who(r.servedBy)) : t.requestFailed(i, r.error));
  }

  // ── 5. shutdown ──────────────────────────────────────────────────────────────────────
  const { workers: last } = await askStats();
  clientSay(t.shutdownStep(ready.primaryPid));
  const exited = waitForEvent<[number | null, string | null]>(child, 'exit', {
    what: 'the primary to exit',
  });
  child.kill('SIGTERM');
  const [code, signal] = await exited;
  const survivors = last.filter((w) => isAlive(w.pid));
  clientSay(
    t.primaryExited(
      code,
      signal,
      survivors.map((w) => w.pid),
    ),
  );
  process.exitCode = code === 0 && survivors.length === 0 ? 0 : 1;
}
