/**
 * The scheduling hook — BEYOND node:cluster. Node never merged a way to choose the worker per
 * connection: an ip-hash policy (nodejs/node#22946) and sticky sessions (#18315) were both
 * closed, with a pluggable scheduler suggested instead. This is that scheduler:
 *
 *   cluster.setupPrimary({ schedule: (workers, connection) => worker })
 *   NODE_CLUSTER_SCHED_POLICY=iphash     (cluster.SCHED_IPHASH:    addressHash)
 *   NODE_CLUSTER_SCHED_POLICY=leastconn  (cluster.SCHED_LEASTCONN: leastConnections())
 *
 * What goes in: the workers listening on the server (in id order) and what the primary knows
 * of the connection it just accepted: the client's address and port, and how many connections
 * each worker holds open right now. What comes out: the worker that gets it.
 *
 *   accept ─▶ schedule([w1, w2, w3], {remoteAddress:'127.0.0.7', openOn}) ─▶ w2 ─▶ newconn
 *
 * Three small schedules, one idea each. node:cluster ignores `schedule` and these policies.
 */
import { fnv1a } from '@cluster-from-scratch/kit/address-hash';
import type { Worker } from '../worker.ts';

export interface ScheduledConnection {
  /** The client's address (getpeername); undefined for a Unix socket. */
  remoteAddress?: string;
  remotePort?: number;
  /** The server's key in the primary ("address:port:addressType:fd:index"). */
  key: string;
  /** Connections this worker holds open on this server now (it says when one closes). */
  openOn(worker: Worker): number;
}

/** Chooses a worker; returning one that is not in `workers` is an error the handle reports. */
export type Schedule = (workers: readonly Worker[], connection: ScheduledConnection) => Worker;

/** Each connection to the next worker in turn: what SCHED_RR does, as a schedule. */
export function roundRobin(): Schedule {
  let turn = 0;
  return (workers) => workers[turn++ % workers.length] as Worker;
}

/**
 * The same client address always to the same worker, while the set of workers stays the same
 * (a worker leaving or joining moves about half of the addresses: plain modulo, no consistent
 * hashing). Every client behind one proxy or NAT has one address, and so one worker.
 */
export const addressHash: Schedule = (workers, { remoteAddress = '' }) =>
  workers[fnv1a(remoteAddress) % workers.length] as Worker;

/** The worker with the fewest open connections; a tie goes to the lowest id. */
export function leastConnections(): Schedule {
  return (workers, connection) => {
    let best = workers[0] as Worker;
    for (const worker of workers) {
      if (connection.openOn(worker) < connection.openOn(best)) best = worker;
    }
    return best;
  };
}
