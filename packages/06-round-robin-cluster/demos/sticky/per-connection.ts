/**
 * The per-connection ways: no cluster at all. Stage 04's primary accepts every connection
 * itself and hands it, as a handle, to the worker its scheduler names.
 *
 *   client ──connect from 127.0.0.5──▶ stage 04 primary: accept (paused, no byte read)
 *                                        │ AddressHash: fnv1a('127.0.0.5') % 2 → worker 2
 *                                        │ RoundRobin:  the next in turn
 *                                        ▼ send({ cfs: 'conn' }, socket)
 *                                      worker 2 (per-connection-worker.ts): the app's
 *                                        http.Server with socket.io (or ws) takes it
 *
 *   --way per-connection              RoundRobin: a polling session's requests are dealt out
 *                                     over both workers, and most sessions fail
 *   --way per-connection-by-address   AddressHash: every request of a client comes from its
 *                                     address, so to one worker, and the session holds
 *
 * This is stickiness by address done with stage 04's own technique: the primary chooses by a
 * fact of the connection (its remote address), before one byte of it is read, so it works for
 * any protocol. The clone's NODE_CLUSTER_SCHED_POLICY=iphash is the same idea inside cluster.
 */
import type { Server, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  QUIET_ENV,
  RoundRobin,
  startPerConnection,
  type WorkerProcess,
} from '@cluster-from-scratch/04-handle-passing';
import { AddressHash } from '@cluster-from-scratch/04-handle-passing/address-hash';
import { inLanguage } from '@cluster-from-scratch/kit/language';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { withTimeout } from '@cluster-from-scratch/kit/timeout';
import en from '../messages/sticky-en.ts';
import zh from '../messages/sticky-zh.ts';
import { CLIENT_ENV } from './app.ts';
import { client, clients, quiet, rounds, way } from './options.ts';
import { reportSessions, withCpuTime } from './report.ts';
import { runSessions } from './sessions.ts';

const m = inLanguage({ en, zh }).sessions;
const WORKERS = 2;
const WORKER_SCRIPT = fileURLToPath(new URL('./per-connection-worker.ts', import.meta.url));

export async function perConnectionPrimary(): Promise<void> {
  const say = narrator('primary');
  const byAddress = way === 'per-connection-by-address';
  const policy = byAddress ? 'AddressHash' : 'RoundRobin'; // stage 04's scheduler classes
  if (!quiet) say(m.start(m.stage04Primary, way, policy, client, clients, rounds));
  // Stage 04 forks its workers with this process's environment and no arguments: what they
  // must know goes there.
  process.env[CLIENT_ENV] = client;
  if (quiet) process.env[QUIET_ENV] = '1';
  const running = await startPerConnection({
    workers: WORKERS,
    workerScript: WORKER_SCRIPT,
    scheduler: byAddress ? new AddressHash<WorkerProcess>() : new RoundRobin<WorkerProcess>(),
    say: quiet ? undefined : say,
  });
  const workerPids = running.workers.map((w) => w.pid);
  const inHand = connectionsInHand(running.server);
  try {
    const [results, primaryCpuMs] = await withCpuTime(() => runSessions(running.port));
    reportSessions(results, { clone: null, policy, workerPids, primaryCpuMs }, say);
  } finally {
    // The clients' last requests (socket.io's close packet) may still be on their way. Stop
    // taking new connections, let the ones taken reach their workers, then end the workers:
    // close() at once would drop those, and a worker would get the message without its socket.
    running.server.close();
    await inHand.handedOver();
    await running.close(); // each worker exits when its channel closes
  }
}

/**
 * The connections the primary has accepted and not yet handed over: stage 04's primary closes
 * its copy of each when the worker acknowledges it.
 */
function connectionsInHand(server: Server): { handedOver(): Promise<void> } {
  const inHand = new Set<Socket>();
  let lastOneGone: (() => void) | undefined;
  server.on('connection', (socket: Socket) => {
    inHand.add(socket);
    socket.once('close', () => {
      inHand.delete(socket);
      if (inHand.size === 0) lastOneGone?.();
    });
  });
  return {
    handedOver: () =>
      inHand.size === 0
        ? Promise.resolve()
        : withTimeout(
            new Promise<void>((resolve) => {
              lastOneGone = resolve;
            }),
            `the last ${inHand.size} accepted connection(s) to reach a worker`,
          ),
  };
}
