/**
 * The proxy as a program: what the benchmarks, the tests and a curious reader start.
 *
 *   tsx packages/03-proxy-ports/src/serve.ts --workers 3 [--naive] [--port 0] [--quiet]
 *        [--trace] [--events] [--worker-script file.ts] [--startup-timeout ms] [--lang en|zh]
 *
 *   launcher ──spawn (with IPC)──▶ primary ──fork──▶ worker 1..N
 *   launcher ◀── { type: 'ready', port, primaryPid, workerPids }
 *   launcher ──SIGTERM / SIGINT──▶ primary: close the public port, end every worker, exit 0
 *
 * In: flags. Out: narration on stdout ([primary 4242] …), and when started with an IPC
 * channel: the 'ready' message; with --events, every proxy event as { type: 'event', … };
 * { cmd: 'stats' } is answered with { type: 'stats', … }. A start that fails (a worker that
 * never reports its port, say) prints why, sends { type: 'error', message } and exits 1.
 */
import { parseArgs } from 'node:util';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { m } from './messages/index.ts';
import { narrateProxy } from './narrate-proxy.ts';
import { ProxyPrimary, type ProxyStats, type WorkerInfo } from './proxy-primary.ts';

export type ServeMessage =
  | { type: 'ready'; port: number; primaryPid: number; workerPids: number[] }
  | { type: 'error'; code?: string; message: string }
  | { type: 'event'; event: string; args: unknown[] }
  | { type: 'stats'; stats: ProxyStats; workers: WorkerInfo[]; upstreams: WorkerInfo[] };

const usage =
  'usage: serve.ts --workers N [--naive] [--port P] [--host H] [--quiet] [--trace] [--events] [--worker-script FILE] [--startup-timeout MS] [--lang en|zh]';

function fail(message: string, exitCode: number): never {
  console.error(`[primary ${process.pid}] ${message}`);
  process.exit(exitCode);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        workers: { type: 'string', default: '2' },
        naive: { type: 'boolean', default: false },
        port: { type: 'string', default: '0' },
        host: { type: 'string', default: '127.0.0.1' },
        quiet: { type: 'boolean', default: false },
        trace: { type: 'boolean', default: false },
        events: { type: 'boolean', default: false },
        'worker-script': { type: 'string' },
        'startup-timeout': { type: 'string' },
        lang: { type: 'string' }, // en or zh: read by kit/src/language.ts
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n${usage}`, 2);
  }
})();

const workers = Number(values.workers);
if (!Number.isInteger(workers) || workers < 1) {
  fail(`--workers must be a whole number ≥ 1, got '${values.workers}'\n${usage}`, 2);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  fail(`--port must be 0..65535, got '${values.port}'`, 2);
}
const startupTimeoutMs =
  values['startup-timeout'] === undefined ? undefined : Number(values['startup-timeout']);
if (startupTimeoutMs !== undefined && !(startupTimeoutMs > 0)) {
  fail(`--startup-timeout must be a positive number of ms, got '${values['startup-timeout']}'`, 2);
}

const say = values.quiet ? () => {} : narrator('primary');
const send = (message: ServeMessage) => process.send?.(message);

const proxy = new ProxyPrimary({
  workers,
  port,
  host: values.host,
  resilient: !values.naive,
  workerScript: values['worker-script'],
  startupTimeoutMs,
  quietWorkers: values.quiet,
});
narrateProxy(proxy, say, { forwards: values.trace });
if (values.events) {
  for (const event of [
    'worker-ready',
    'worker-exit',
    'replace-failed',
    'forward',
    'refused',
    'no-upstream',
  ] as const) {
    proxy.on(event, (...args: unknown[]) =>
      send({
        type: 'event',
        event,
        args: args.map((a) => (a instanceof Error ? { message: a.message } : a)),
      }),
    );
  }
}

let stopping = false;
async function shutdown(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  say(m.shuttingDown(reason, proxy.workerPids.length));
  await proxy.close();
  say(m.allExitedExiting);
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
// Started with IPC and the launcher went away: nobody can stop us any more, so stop now.
const onDisconnect = () => void shutdown(m.launcherDisconnected);
process.on('disconnect', onDisconnect);
process.on('message', (message: { cmd?: string }) => {
  if (message?.cmd === 'stats') {
    send({
      type: 'stats',
      stats: proxy.stats(),
      workers: proxy.workers,
      upstreams: proxy.upstreams,
    });
  }
});

say(m.forkingWorkers(values.naive, workers));
try {
  await proxy.start();
} catch (error) {
  const { code, message } = error as NodeJS.ErrnoException;
  console.error(`[primary ${process.pid}] ${m.couldNotStart(message)}`);
  process.exitCode = 1;
  process.off('disconnect', onDisconnect);
  // Close the channel once the error is on its way. Nothing else keeps this process alive:
  // start() already ended every worker it forked.
  if (process.send) process.send({ type: 'error', code, message }, () => process.disconnect());
}
if (!process.exitCode) {
  say(m.proxyServing(values.host, proxy.port, proxy.workerPids));
  send({ type: 'ready', port: proxy.port, primaryPid: process.pid, workerPids: proxy.workerPids });
}
