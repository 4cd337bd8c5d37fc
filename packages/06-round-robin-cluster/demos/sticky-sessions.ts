/**
 * One socket.io app served by two workers, and N clients that each try to finish a session of
 * R round trips. The cluster ways run on whichever cluster `node:cluster` gives this process:
 * Node's own, or the clone when started with the register entry. The per-connection ways use no
 * cluster: stage 04's primary hands each connection to a worker.
 *
 *   npx tsx packages/06-round-robin-cluster/demos/sticky-sessions.ts --way plain
 *   NODE_OPTIONS="--require @cluster-from-scratch/06-round-robin-cluster/register" \
 *     npx tsx packages/06-round-robin-cluster/demos/sticky-sessions.ts --way sticky
 *   NODE_CLUSTER_SCHED_POLICY=iphash NODE_OPTIONS=… npx tsx …/sticky-sessions.ts --sources 8
 *   npx tsx …/sticky-sessions.ts --way per-connection-by-address --sources 8
 *   npx tsx …/sticky-sessions.ts --way plain --client ws
 *
 * What goes in: the options of sticky/options.ts (--way, --client, --clients, --rounds,
 * --sources, --quiet, --clients-apart) and --lang.
 * What comes out: one line per client, "K of N sessions completed", and for a parent with an
 * IPC channel a report {completed, failures, sessionsPerWorker, …} (sticky/report.ts). It ends
 * by itself.
 *
 *   plain      client ──GET /socket.io/?EIO=4&transport=polling──▶ primary ──▶ worker 1 (sid=a)
 *              client ──POST …&sid=a──▶ primary ──▶ worker 2: "Session ID unknown" → failed
 *   sticky     client ──▶ primary reads sid=a in the first bytes ──IPC: the bytes──▶ worker 1
 *   websocket  client ──one upgraded connection──▶ worker 1, for the whole session
 *   broadcast  worker 1's io.emit() reaches its own clients, or all with a shared adapter
 *              (sticky/broadcast.ts)
 *   per-connection(-by-address)  stage 04's primary, round robin or address hash
 *              (sticky/per-connection.ts)
 *   --client ws  raw WebSocket clients instead (sticky/ws-client.ts): one connection each
 *
 * Why polling breaks: a socket.io session over HTTP long-polling is a series of requests on
 * connections that come and go, and the cluster deals out *connections*. The session lives in
 * the memory of the worker that made it.
 *
 * This file is the cluster's primary and worker; the parts every way shares are in sticky/.
 */
import cluster, { type Worker } from 'node:cluster';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { inLanguage } from '@cluster-from-scratch/kit/language';
import { narrator, workerRole } from '@cluster-from-scratch/kit/narrate';
import { waitForEvent } from '@cluster-from-scratch/kit/timeout';
import { createAdapter, setupPrimary as setupAdapterPrimary } from '@socket.io/cluster-adapter';
import { setupMaster, setupWorker } from '@socket.io/sticky';
import en from './messages/sticky-en.ts';
import zh from './messages/sticky-zh.ts';
import { createApp } from './sticky/app.ts';
import { answerBroadcasts, broadcast } from './sticky/broadcast.ts';
import { client, clients, perConnection, quiet, rounds, way } from './sticky/options.ts';
import { perConnectionPrimary } from './sticky/per-connection.ts';
import { reportSessions, withCpuTime } from './sticky/report.ts';
import { runSessions } from './sticky/sessions.ts';

const m = inLanguage({ en, zh }).sessions;
const WORKERS = 2;

/** The clone marks itself with a constant node:cluster does not have. */
const clone = typeof (cluster as { SCHED_REUSEPORT?: number }).SCHED_REUSEPORT === 'number';

async function primary(): Promise<void> {
  const say = narrator('primary');
  const policy = process.env.NODE_CLUSTER_SCHED_POLICY ?? 'default';
  if (!quiet) say(m.start(clone ? 'clone' : 'node:cluster', way, policy, client, clients, rounds));
  let port: number;
  let frontDoor: ReturnType<typeof createServer> | undefined;
  const openToPrimary = new Set<Socket>();
  // @socket.io/sticky passes each connection's bytes to the worker as Buffers over IPC.
  cluster.setupPrimary({ serialization: way === 'sticky' ? 'advanced' : 'json' });
  if (way === 'broadcast-adapter') setupAdapterPrimary(); // the primary relays between workers
  const workers = Array.from({ length: WORKERS }, () => cluster.fork());
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
    await broadcast(port, workers[0] as Worker, { clone, workerPids }, say);
  } else {
    const [results, primaryCpuMs] = await withCpuTime(() => runSessions(port));
    reportSessions(results, { clone, policy, workerPids, primaryCpuMs }, say);
  }
  frontDoor?.close();
  for (const socket of openToPrimary) socket.destroy();
  cluster.disconnect();
}

async function worker(): Promise<void> {
  const id = cluster.worker?.id ?? 0;
  const say = narrator(workerRole(id));
  const app = createApp(client);
  // The shared adapter: a broadcast goes to the other workers too, through the primary.
  if (app.io && way === 'broadcast-adapter') app.io.adapter(createAdapter());
  if (app.io) answerBroadcasts(app.io);
  // Leave when the primary lets go: nothing else would end socket.io's timers.
  process.once('disconnect', () => app.close());
  if (way === 'sticky' && app.io) {
    // No listen(): the connections come from the primary as bytes (setupWorker listens on IPC).
    setupWorker(app.io);
    if (!quiet) say(m.workerReady(id, client, '—'));
    process.send?.({ ready: true });
    return;
  }
  app.server.listen(0, '127.0.0.1', () => {
    const { port } = app.server.address() as AddressInfo;
    if (!quiet) say(m.workerReady(id, client, port));
  });
}

if (perConnection) await perConnectionPrimary();
else if (cluster.isPrimary) await primary();
else await worker();
