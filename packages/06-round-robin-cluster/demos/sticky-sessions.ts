/**
 * One socket.io app in a cluster of two workers, and N clients that each try to finish a
 * session of R round trips. Whichever cluster `node:cluster` gives this process is the one it
 * runs on: Node's own, or the clone when started with the register entry.
 *
 *   npx tsx packages/06-round-robin-cluster/demos/sticky-sessions.ts --way plain
 *   NODE_OPTIONS="--require @cluster-from-scratch/06-round-robin-cluster/register" \
 *     npx tsx packages/06-round-robin-cluster/demos/sticky-sessions.ts --way sticky
 *   NODE_CLUSTER_SCHED_POLICY=iphash NODE_OPTIONS=… npx tsx …/sticky-sessions.ts --sources 8
 *
 * What goes in: --way plain | sticky | websocket | broadcast | broadcast-adapter, --clients N (20), --rounds R (5), --sources S
 * (0: every client from 127.0.0.1; S: client i binds to 127.0.0.(2 + i % S)), and --lang.
 * What comes out: one line per client, "K of N sessions completed", and for a parent with an
 * IPC channel a report {completed, failures, sessionsPerWorker, …}. It ends by itself.
 *
 *   plain      client ──GET /socket.io/?EIO=4&transport=polling──▶ primary ──▶ worker 1 (sid=a)
 *              client ──POST …&sid=a──▶ primary ──▶ worker 2: "Session ID unknown" → failed
 *   sticky     client ──▶ primary reads sid=a in the first bytes ──IPC: the bytes──▶ worker 1
 *   websocket  client ──one upgraded connection──▶ worker 1, for the whole session
 *   broadcast  WebSocket clients stay connected; worker 1 calls io.emit('news') and counts the
 *              clients that acknowledge: only its own, unless the workers share an adapter
 *              (broadcast-adapter: @socket.io/cluster-adapter, relayed through the primary)
 *
 * Why polling breaks: a socket.io session over HTTP long-polling is a series of requests on
 * connections that come and go, and the cluster deals out *connections*. The session lives in
 * the memory of the worker that made it.
 */

import { fork } from 'node:child_process';
import cluster, { type Worker } from 'node:cluster';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { inLanguage, withoutLanguageArgument } from '@cluster-from-scratch/kit/language';
import { narrator, workerRole } from '@cluster-from-scratch/kit/narrate';
import { waitForEvent } from '@cluster-from-scratch/kit/timeout';
import { createAdapter, setupPrimary as setupAdapterPrimary } from '@socket.io/cluster-adapter';
import { setupMaster, setupWorker } from '@socket.io/sticky';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import en from './messages/sticky-en.ts';
import zh from './messages/sticky-zh.ts';
import { attachEcho, session as oneSession, type SessionResult } from './socketio-session.ts';

const m = inLanguage({ en, zh }).sessions;
const WAYS = ['plain', 'sticky', 'websocket', 'broadcast', 'broadcast-adapter'] as const;
type Way = (typeof WAYS)[number];
const WORKERS = 2;

const { values } = parseArgs({
  args: withoutLanguageArgument(process.argv.slice(2)),
  options: {
    way: { type: 'string', default: 'plain' },
    clients: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '5' },
    sources: { type: 'string', default: '0' },
    quiet: { type: 'boolean', default: false },
    // Run the clients in a process of their own, so the primary's CPU time is the cluster's
    // alone: what routing every session costs the primary (see the docs page for the figures).
    'clients-apart': { type: 'boolean', default: false },
  },
});
const way = values.way as Way;
if (!WAYS.includes(way)) throw new Error(`--way must be one of ${WAYS.join(', ')}, got ${way}`);
const clients = Number(values.clients);
const rounds = Number(values.rounds);
const sources = Number(values.sources);
for (const [name, n] of Object.entries({ clients, rounds, sources })) {
  if (!Number.isInteger(n) || n < 0 || n > 200) throw new Error(`--${name}: 0..200, got ${n}`);
}

/** The clone marks itself with a constant node:cluster does not have. */
const impl = typeof (cluster as { SCHED_REUSEPORT?: number }).SCHED_REUSEPORT === 'number';
const implName = impl ? 'clone' : 'node:cluster';

/** One client of this demo: its source address, when --sources asks for many. */
function session(port: number, n: number): Promise<SessionResult> {
  const transports = way === 'plain' || way === 'sticky' ? ['polling'] : ['websocket'];
  const localAddress = sources > 0 ? `127.0.0.${2 + (n % sources)}` : undefined;
  return oneSession(port, { rounds, transports, localAddress });
}

async function primary(): Promise<void> {
  const say = narrator('primary');
  const policy = process.env.NODE_CLUSTER_SCHED_POLICY ?? 'default';
  if (!values.quiet) say(m.start(implName, way, policy, clients, rounds));
  let port: number;
  let frontDoor: ReturnType<typeof createServer> | undefined;
  const openToPrimary = new Set<Socket>();
  // @socket.io/sticky passes each connection's bytes to the worker as Buffers over IPC.
  cluster.setupPrimary({ serialization: way === 'sticky' ? 'advanced' : 'json' });
  if (way === 'broadcast-adapter') setupAdapterPrimary(); // the primary relays between workers
  const workers = Array.from({ length: WORKERS }, () => cluster.fork({ STICKY_WAY: way }));
  const workerPids = workers.map((w) => w.process.pid as number);
  if (way === 'sticky') {
    // The primary keeps the port and forwards each connection by its session id.
    frontDoor = createServer();
    setupMaster(frontDoor, { loadBalancingMethod: 'least-connection' });
    // The primary is a proxy here: a connection it forwards stays open as long as the client
    // keeps it (HTTP's keep-alive timeout never runs: http never parses these bytes). Noted, to
    // close what is left at the end.
    frontDoor.on('connection', (socket: Socket) => {
      openToPrimary.add(socket);
      socket.once('close', () => openToPrimary.delete(socket));
    });
    frontDoor.listen(0, '127.0.0.1');
    await waitForEvent(frontDoor, 'listening', { what: "the primary's front door to listen" });
    port = (frontDoor.address() as AddressInfo).port;
    await Promise.all(
      workers.map((w) =>
        waitForEvent(w, 'message', {
          what: `worker ${w.id} to say ready`,
          filter: (msg) => (msg as { ready?: boolean })?.ready === true,
        }),
      ),
    );
  } else {
    const ports = await Promise.all(
      workers.map((w) =>
        waitForEvent<[{ port: number }]>(w, 'listening', {
          what: `worker ${w.id} to listen`,
        }).then(([address]) => address.port),
      ),
    );
    port = ports[0] as number;
  }
  if (way === 'broadcast' || way === 'broadcast-adapter') {
    await broadcast(port, workers[0] as Worker, workerPids, say);
    return;
  }
  const cpuBefore = process.cpuUsage();
  const results = values['clients-apart']
    ? await sessionsApart(port)
    : await Promise.all(Array.from({ length: clients }, (_, n) => session(port, n)));
  const cpu = process.cpuUsage(cpuBefore);
  const primaryCpuMs = (cpu.user + cpu.system) / 1000;
  const failures: Record<string, number> = {};
  const sessionsPerWorker: Record<string, number> = {};
  let mixed = 0;
  for (const [n, r] of results.entries()) {
    const distinct = [...new Set(r.pids)];
    if (distinct.length > 1) mixed++;
    for (const pid of distinct) sessionsPerWorker[pid] = (sessionsPerWorker[pid] ?? 0) + 1;
    if (!r.ok) failures[r.why] = (failures[r.why] ?? 0) + 1;
    if (!values.quiet) say(m.session(n + 1, r.ok, distinct.join(','), r.why));
  }
  const completed = results.filter((r) => r.ok).length;
  // Handshakes tried again (see session()): counted, so a reader sees the race when it happens.
  const retries = results.reduce((sum, r) => sum + r.retries, 0);
  say(m.result(completed, clients));
  const roundTrips = results.reduce((sum, r) => sum + r.pids.length, 0);
  if (values['clients-apart'] && roundTrips > 0) {
    say(m.primaryCost(primaryCpuMs, roundTrips, (primaryCpuMs * 1000) / roundTrips));
  }
  process.send?.({
    type: 'report',
    clone: impl,
    way,
    policy,
    clients,
    completed,
    failures,
    retries,
    mixed,
    sessionsPerWorker,
    workerPids,
    primaryCpuMs,
    roundTrips,
  });
  frontDoor?.close();
  for (const socket of openToPrimary) socket.destroy();
  cluster.disconnect();
}

/**
 * Connects every client (WebSocket) and keeps it, asks worker 1 to broadcast, and reports how
 * many clients acknowledged. emitWithAck waits for exactly the clients the adapter knows of:
 * worker 1's own, or every worker's through the cluster adapter — so no wait on time here.
 */
async function broadcast(
  port: number,
  first: Worker,
  workerPids: number[],
  say: (...parts: unknown[]) => void,
): Promise<void> {
  const sockets = Array.from({ length: clients }, () =>
    connect(`http://127.0.0.1:${port}`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    }),
  );
  const onWorker = await Promise.all(
    sockets.map(async (socket, n) => {
      socket.on('news', (_from: number, ack: (n: number) => void) => ack(n));
      await new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(undefined));
        socket.once('connect_error', (error) =>
          reject(new Error(`client ${n + 1}: ${error.message}`)),
        );
      });
      const reply = (await socket.emitWithAck('echo', 0)) as { pid: number };
      return reply.pid;
    }),
  );
  const answer = waitForEvent<[{ reached?: number }]>(first, 'message', {
    what: 'worker 1 to say how many clients its broadcast reached',
    filter: (msg) => typeof (msg as { reached?: number })?.reached === 'number',
  });
  first.send({ broadcast: true });
  const [{ reached }] = await answer;
  const sessionsPerWorker: Record<string, number> = {};
  for (const pid of onWorker) sessionsPerWorker[pid] = (sessionsPerWorker[pid] ?? 0) + 1;
  say(m.broadcast(reached as number, clients, sessionsPerWorker[first.process.pid as number] ?? 0));
  for (const socket of sockets) socket.close();
  process.send?.({
    type: 'report',
    clone: impl,
    way,
    clients,
    reached,
    onFirstWorker: sessionsPerWorker[first.process.pid as number] ?? 0,
    sessionsPerWorker,
    workerPids,
  });
  cluster.disconnect();
}

async function worker(): Promise<void> {
  const say = narrator(workerRole(cluster.worker?.id ?? '?'));
  const httpServer = createServer();
  const io = new Server(httpServer);
  // The shared adapter: a broadcast goes to the other workers too, through the primary.
  if (way === 'broadcast-adapter') io.adapter(createAdapter());
  attachEcho(io);
  process.on('message', async (message: { broadcast?: boolean }) => {
    if (message?.broadcast !== true) return;
    const acks = (await io.timeout(15_000).emitWithAck('news', process.pid)) as unknown[];
    process.send?.({ reached: acks.length });
  });
  // Leave when the primary lets go: nothing else would end socket.io's timers.
  process.once('disconnect', () => io.close());
  if (process.env.STICKY_WAY === 'sticky') {
    // No listen(): the connections come from the primary as bytes (setupWorker listens on IPC).
    setupWorker(io);
    if (!values.quiet) say(m.workerReady(cluster.worker?.id ?? 0, '—'));
    process.send?.({ ready: true });
    return;
  }
  httpServer.listen(0, '127.0.0.1', () => {
    const { port } = httpServer.address() as AddressInfo;
    if (!values.quiet) say(m.workerReady(cluster.worker?.id ?? 0, port));
  });
}

/** The sessions, run by a child process of plain Node (no cluster role), answers over IPC. */
async function sessionsApart(port: number): Promise<SessionResult[]> {
  const child = fork(process.argv[1] as string, process.argv.slice(2), {
    env: { ...process.env, STICKY_CLIENTS_FOR_PORT: String(port) },
  });
  const [results] = await waitForEvent<[SessionResult[]]>(child, 'message', {
    what: 'the client process to send its results',
    timeout: 120_000,
  });
  return results;
}

if (process.env.STICKY_CLIENTS_FOR_PORT) {
  // The client process of --clients-apart: not a cluster process at all.
  const port = Number(process.env.STICKY_CLIENTS_FOR_PORT);
  const results = await Promise.all(Array.from({ length: clients }, (_, n) => session(port, n)));
  process.send?.(results, () => process.disconnect());
} else if (cluster.isPrimary) await primary();
else await worker();
