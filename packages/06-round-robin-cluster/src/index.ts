/**
 * The entry: import this instead of node:cluster (Node: lib/cluster.js plus the worker set-up
 * that Node's bootstrap does in lib/internal/process/pre_execution.js).
 *
 *   import cluster from '@cluster-from-scratch/06-round-robin-cluster';
 *
 *   CFS_UNIQUE_ID in process.env?
 *     no  ─▶ primary.ts: fork(), workers, the listening sockets
 *     yes ─▶ child.ts:   and, when a script runs (argv[1]) — as in Node — _setupWorker():
 *                        say 'online', route server.listen() to the primary, exit with it;
 *                        then delete CFS_UNIQUE_ID so this worker's own children are primaries
 *
 * Deliberate differences, both forced by being a library and not part of Node:
 * - The role comes from our own variable, CFS_UNIQUE_ID. NODE_UNIQUE_ID would make Node's
 *   bootstrap set the process up as a node:cluster worker before our code ever ran.
 * - Node sets a worker up before any user code runs; the clone does it when the worker's code
 *   first imports this module (for ES modules: before the importing module's body runs). A
 *   worker whose exec never imports the clone never says 'online'.
 */
import type { Cluster } from 'node:cluster';
import { createWorkerCluster, type WorkerCluster } from './child.ts';
import { createPrimaryCluster, type PrimaryCluster } from './primary.ts';
import { UNIQUE_ID_ENV } from './utils.ts';

// One cluster object per process, even if this file is loaded twice (import and require, or
// two copies on disk): a second _setupWorker would announce the worker twice.
const SINGLETON = Symbol.for('cluster-from-scratch.06.cluster');
const registry = globalThis as { [SINGLETON]?: PrimaryCluster | WorkerCluster };

function chooseRole(): PrimaryCluster | WorkerCluster {
  if (!Object.hasOwn(process.env, UNIQUE_ID_ENV)) return createPrimaryCluster();
  const cluster = createWorkerCluster();
  if (process.argv[1]) {
    cluster._setupWorker();
    delete process.env[UNIQUE_ID_ENV];
  }
  return cluster;
}

registry[SINGLETON] ??= chooseRole();

/** The cluster object: typed as node:cluster's, so it drops in where that one was used. */
const cluster = registry[SINGLETON] as unknown as Cluster;
export default cluster;

export type { WorkerCluster } from './child.ts';
export type { PrimaryCluster } from './primary.ts';
export {
  SCHED_IPHASH,
  SCHED_LEASTCONN,
  SCHED_NONE,
  SCHED_REUSEPORT,
  SCHED_RR,
} from './primary.ts';
export type { Schedule, ScheduledConnection } from './schedulers/schedule.ts';
export { addressHash, leastConnections, roundRobin } from './schedulers/schedule.ts';
export { Worker } from './worker.ts';
