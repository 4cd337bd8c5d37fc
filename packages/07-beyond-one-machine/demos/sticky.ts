/**
 * Stage 07 demo, part 3: sticky sessions across hosts. nginx chooses the host from something
 * the client sends every time; then socket.io sessions show that a host is a cluster too.
 * Narrated; ends by itself.
 *
 *   npx tsx packages/07-beyond-one-machine/demos/sticky.ts [--lang zh]
 *     1. round robin moves a client         3. one /24: ip_hash vs hash $remote_addr
 *     2. ip_hash keeps each client          4. hash $cookie_io, and a client with no cookie
 *   … --socketio [--cluster node]          5. socket.io sessions counted, (a) to (d)
 *
 *   demo (this process: every client, each bound to its own 127.x source address)
 *     ├─ host 127.0.1.1, host 127.0.1.2   stage 06 clusters, 2 workers, socket.io in each
 *     └─ nginx                            `nginx -s reload` between scenes: a new upstream rule
 *
 * Lines marked [demo PID] are this process reporting what nginx chose: the host is the
 * x-upstream-addr header of each answer; a socket.io answer names the worker's pid.
 */
import { parseArgs } from 'node:util';
import { inLanguage, withoutLanguageArgument } from '@cluster-from-scratch/kit/language';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { type Front, startFront } from '../src/front.ts';
import type { HostCluster } from '../src/host-args.ts';
import type { HostAppOptions } from '../src/hosts.ts';
import { Family } from '../src/launcher.ts';
import en from '../src/messages/en.ts';
import zh from '../src/messages/zh.ts';
import { NginxConfigError, NginxMissingError } from '../src/nginx.ts';
import { BALANCE_DIRECTIVE, type NginxBalance } from '../src/nginx-config.ts';
import { runLoad } from '../src/probe.ts';
import { countSessions } from '../src/sessions.ts';
import { type Client, clientKey, distinct, hostsPerClient } from '../src/which-host.ts';

const m = inLanguage({ en, zh }).stickyDemo;
const say = narrator('demo');
const { values } = parseArgs({
  args: withoutLanguageArgument(process.argv.slice(2)),
  options: {
    socketio: { type: 'boolean', default: false },
    cluster: { type: 'string', default: 'clone' },
  },
});
const cluster = values.cluster as HostCluster;
if (cluster !== 'clone' && cluster !== 'node') {
  console.error(`sticky.ts: --cluster must be clone or node, got '${cluster}'`);
  process.exit(2);
}
const family = new Family();
process.on('exit', () => family.killAll());
const scene = (title: string) => console.log(`\n── ${title}`);
const REQUESTS = 6;

/** Two socket.io hosts and nginx; a long poll may wait longer than nginx's default 5 s. */
async function front(app: HostAppOptions): Promise<Front> {
  return startFront(family, {
    hosts: 2,
    workers: 2,
    kind: 'cluster',
    app: { app: 'socketio', cluster, ...app },
    nginx: { readTimeoutMs: 30_000 },
  });
}

async function rule(f: Front, balance: NginxBalance, keepalive = 0): Promise<void> {
  await f.nginx.reload({ balance, keepalive }, { waitOldGone: true });
  say(m.directive(BALANCE_DIRECTIVE[balance] ?? m.noDirective));
}

/** "127.0.1.1: 8, 127.0.1.2: 0": how many clients each host got. */
function clientsPerHost(f: Front, seen: Map<string, string[]>): string {
  return f.hosts
    .map(
      (h) => `${h.address}: ${[...seen.values()].filter((hosts) => hosts[0] === h.address).length}`,
    )
    .join(', ');
}

let f: Front;
try {
  say(m.starting);
  f = await front({});
} catch (error) {
  if (error instanceof NginxMissingError || error instanceof NginxConfigError) {
    say(m.missing(error.message));
    process.exit(error instanceof NginxMissingError ? 0 : 1);
  }
  throw error;
}
say(m.started(f.nginx.masterPid, f.nginx.port));
const port = f.nginx.port;

scene(m.scene1);
await rule(f, 'roundrobin');
const one = await hostsPerClient(port, [{ from: '127.0.2.1' }], REQUESTS);
say(m.moves('127.0.2.1', (one.get('127.0.2.1') ?? []).join(', ')));

scene(m.scene2);
await rule(f, 'ip_hash');
const apart = await hostsPerClient(
  port,
  [2, 3, 4, 5].map((x) => ({ from: `127.0.${x}.1` })),
  REQUESTS,
);
for (const [client, hosts] of apart) say(m.stays(client, distinct(hosts).join('+'), hosts.length));
say(m.eachOnOne(distinct([...apart.values()].flat()).length));

scene(m.scene3);
const office: Client[] = Array.from({ length: 8 }, (_, i) => ({ from: `127.0.0.${i + 2}` }));
const together = await hostsPerClient(port, office, REQUESTS);
say(m.perHost('ip_hash', clientsPerHost(f, together)));
say(m.octets);
await rule(f, 'hash_addr');
const whole = await hostsPerClient(port, office, REQUESTS);
say(m.perHost('hash $remote_addr consistent', clientsPerHost(f, whole)));
say(m.wholeAddress);

scene(m.scene4);
await rule(f, 'cookie');
const cookies: Client[] = ['a', 'b', 'c', 'd'].map((c) => ({ from: '127.0.0.1', cookie: c }));
const byCookie = await hostsPerClient(port, cookies, REQUESTS);
for (const c of cookies) {
  const hosts = byCookie.get(clientKey(c)) ?? [];
  say(m.stays(clientKey(c), distinct(hosts).join('+'), hosts.length));
}
const bare = await hostsPerClient(port, [{ from: '127.0.0.1' }], REQUESTS);
say(m.noCookie((bare.get('127.0.0.1') ?? []).join(', ')));

if (values.socketio) {
  const clients = 12;
  const rounds = 5;
  scene(m.scene5(clients, rounds, cluster === 'node' ? 'node:cluster' : 'the clone'));
  const sessions = async (label: string, on: Front, balance: NginxBalance, keepalive: number) => {
    await on.nginx.reload({ balance, keepalive }, { waitOldGone: true });
    const c = await countSessions(on.nginx.port, { clients, rounds });
    const workers = on
      .workerPids()
      .map((pid) => c.sessionsPerWorker.get(pid) ?? 0)
      .join('/');
    say(label);
    say(m.sessions(balance, keepalive, c.completed, clients, workers));
    return c;
  };
  say(m.hostsNow(m.hostsPlain));
  await sessions(m.whyA, f, 'roundrobin', 16);
  await sessions(m.whyB, f, 'ip_hash', 16);
  await f.stop();

  const sticky = await front({ sticky: true });
  say(m.hostsNow(m.hostsSticky));
  await sessions(m.whyC, sticky, 'ip_hash', 0);
  await sessions(m.whyC, sticky, 'ip_hash', 16);
  const took = await runLoad({ port: sticky.nginx.port, requests: 20, concurrency: 1 });
  say(m.upstreamClosed(new Set(took.map((r) => r.upstreamConnection)).size));
  await sticky.stop();

  if (cluster === 'clone') {
    const iphash = await front({ schedPolicy: 'iphash' });
    say(m.hostsNow(m.hostsIphash));
    const d = await sessions(m.whyD, iphash, 'ip_hash', 16);
    say(m.oneWorkerPerHost(d.sessionsPerWorker.size));
    await iphash.stop();
  }
} else await f.stop();

scene(m.theEnd);
say(m.nothingLeft);
process.exit(0);
