// What `import … from 'node:cluster'` gives a program under the register entry: the clone's
// cluster object as the default export, and the same names node:cluster exports, bound to it.
import { createRequire } from 'node:module';

const { loadClone } = createRequire(import.meta.url)('./index.cjs');
const cluster = loadClone();
export default cluster;

// Methods are bound so that `import { fork } from 'node:cluster'; fork()` works as on Node.
const bound = (name) => cluster[name].bind(cluster);
export const isPrimary = cluster.isPrimary;
export const isMaster = cluster.isMaster;
export const isWorker = cluster.isWorker;
export const Worker = cluster.Worker;
export const workers = cluster.workers;
export const settings = cluster.settings;
export const SCHED_NONE = cluster.SCHED_NONE;
export const SCHED_RR = cluster.SCHED_RR;
export const schedulingPolicy = cluster.schedulingPolicy;
export const setupPrimary = cluster.setupPrimary ? bound('setupPrimary') : undefined;
export const setupMaster = cluster.setupMaster ? bound('setupMaster') : undefined;
export const fork = cluster.fork ? bound('fork') : undefined;
export const disconnect = cluster.disconnect ? bound('disconnect') : undefined;
export const worker = cluster.worker;
