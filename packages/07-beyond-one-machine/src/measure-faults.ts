/**
 * The times behind the fault tests, measured (tests count, this program times):
 *
 *   sudo npx tsx packages/07-beyond-one-machine/src/measure-faults.ts [--engine nginx|haproxy]
 *
 *   for each engine, 2 hosts in namespaces (--netns), 2 clients sending one request after the
 *   other, and for each fault on host 1 (link down, port closed, hung):
 *     fault ──▶ stops sending ──▶ recovery ──▶ sends again
 *     t0        first request       (link up,    first request served by host 1
 *               that met the fault   SIGCONT)
 *               ended (nginx) / "is DOWN" (HAProxy)
 *
 * Prints a markdown table: requests, failed, the slowest request, ms from the fault until the
 * engine stops sending to the host, ms from the recovery until it sends to it again. The
 * settings are the tests': connect timeout 1000 ms, read/server timeout 2000 ms, nginx
 * max_fails=1 fail_timeout=1s, HAProxy check inter 200 ms fall 2 rise 1, retries 1 + redispatch.
 * One run is one sample on a noisy machine: read the figures as sizes, not to the millisecond.
 */
import { parseArgs } from 'node:util';
import { type Front, startFront } from './front.ts';
import { type HaproxyFront, startHaproxyFront } from './haproxy-front.ts';
import { hangHost, killHostPrimary, resumeHost } from './hosts.ts';
import { Family } from './launcher.ts';
import { networkUnavailable } from './netns.ts';
import { type FrontResult, startLoad } from './probe.ts';

type Fault = 'link down' | 'port closed' | 'hung (SIGSTOP)';
const FAULTS: Fault[] = ['link down', 'port closed', 'hung (SIGSTOP)'];

const { values } = parseArgs({ options: { engine: { type: 'string' } } });
const engines = values.engine ? [values.engine] : ['nginx', 'haproxy'];
const why = networkUnavailable();
if (why) {
  console.error(`measure-faults: ${why}`);
  process.exit(1);
}

const family = new Family();
process.on('exit', () => family.killAll());

async function measure(engine: string, fault: Fault): Promise<string> {
  const shape = { hosts: 2, workers: 1, kind: 'cluster' as const, netns: true };
  const front: Front | HaproxyFront =
    engine === 'nginx'
      ? await startFront(family, {
          ...shape,
          nginx: {
            workerProcesses: 1,
            keepalive: 0,
            connectTimeoutMs: 1000,
            readTimeoutMs: 2000,
            failTimeoutS: 1,
          },
        })
      : await startHaproxyFront(family, {
          ...shape,
          haproxy: {
            threads: 1,
            connectTimeoutMs: 1000,
            serverTimeoutMs: 2000,
            checkIntervalMs: 200,
            fall: 2,
            rise: 1,
          },
        });
  const port = 'nginx' in front ? front.nginx.port : front.haproxy.port;
  const [h1] = front.hosts;
  if (!h1 || !front.network) throw new Error('no host 1');
  const h1Addr = `${h1.address}:${h1.port}`;
  const onH1 = (r: FrontResult) => r.ok && r.upstreams.at(-1) === h1Addr;
  const load = startLoad({ port, concurrency: 2 });
  await load.waitFor((rs) => rs.some(onH1), 'a first request served by host 1');
  const t0 = performance.now();
  if (fault === 'link down') front.network.linkDown(0);
  if (fault === 'port closed') killHostPrimary(h1);
  if (fault === 'hung (SIGSTOP)') hangHost(h1);
  // Stopped sending: nginx — the first request that met the fault has ended (max_fails=1 then
  // leaves the host out); HAProxy — its checks said DOWN.
  let stopped: number;
  if ('haproxy' in front) {
    await front.haproxy.serverWent('h1', 'DOWN', 60_000);
    stopped = performance.now();
  } else {
    const met = (r: FrontResult) => r.endedAt > t0 && r.upstreams[0] === h1Addr && !onH1(r);
    await load.waitFor((rs) => rs.some(met), 'a request that met the fault');
    stopped = performance.now();
  }
  // Let the load run on past the fault for a while, then recover.
  const settle = performance.now() + 3000;
  await load.waitFor(
    (rs) => (rs.at(-1)?.endedAt ?? 0) > settle,
    'the load to run 3 s past the fault',
  );
  let again = '—';
  if (fault !== 'port closed') {
    const t1 = performance.now();
    if (fault === 'link down') front.network.linkUp(0);
    else resumeHost(h1);
    await load.waitFor(
      (rs) => rs.some((r) => r.endedAt > t1 && onH1(r)),
      'host 1 to serve again after recovery',
    );
    const first = Math.min(
      ...(await load.stop())
        .filter((r) => r.endedAt > t1 && onH1(r))
        .map((r) => r.endedAt - r.latencyMs),
    );
    again = String(Math.max(0, Math.round(first - t1)));
  }
  const results = await load.stop();
  const after = results.filter((r) => r.endedAt > t0);
  const failed = after.filter((r) => !r.ok).length;
  const slowest = Math.max(...after.map((r) => r.latencyMs));
  await front.stop();
  return `| ${engine} | ${fault} | ${after.length} | ${failed} | ${Math.round(slowest)} | ${Math.round(stopped - t0)} | ${again} |`;
}

console.log(
  '| engine | fault | requests after the fault | failed | slowest (ms) | stops sending after (ms) | sends again after recovery (ms) |',
);
console.log('|---|---|---|---|---|---|---|');
for (const engine of engines) {
  for (const fault of FAULTS) console.log(await measure(engine, fault));
}
process.exit(0);
