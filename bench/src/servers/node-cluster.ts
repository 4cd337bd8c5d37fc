/**
 * The reference server: Node's own `node:cluster` serving the hello-world app — or, with
 * `--impl clone`, the very same program on stage 06's clone, so a node-vs-clone pair differs in
 * nothing but the cluster module.
 *
 *   bench ──harness.start('node-cluster.ts --workers 2 --policy rr [--impl clone]')──▶ primary
 *                                                                        ├─ worker 1 (hello app)
 *                                                                        └─ worker 2 (hello app)
 *   primary ──IPC──▶ bench: { port, primaryPid, workerPids }   once every worker listens
 *   bench ──SIGTERM──▶ primary: kill every worker, wait for their exits, exit 0
 *
 * `--policy rr` is SCHED_RR (the primary accepts and hands each connection to the next free
 * worker); `--policy none` is SCHED_NONE (every worker accepts from one shared socket and the
 * kernel decides who wins). The policy must be set before the first fork: set later, Node
 * keeps round robin (CLAIMS a2-21).
 */
import type { Cluster, Worker } from 'node:cluster';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { helloHandler } from '@cluster-from-scratch/kit/hello-app';
import { narrator, workerRole } from '@cluster-from-scratch/kit/narrate';

// Workers get the primary's arguments too (cluster's default `args`), so both roles parse them.
const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '2' },
    policy: { type: 'string', default: 'rr' },
    impl: { type: 'string', default: 'node' },
    // No narration: the bench passes it; the lab does not, and shows what the servers say.
    quiet: { type: 'boolean', default: false },
  },
});
if (values.impl !== 'node' && values.impl !== 'clone') {
  console.error(`--impl must be node or clone, got ${values.impl}`);
  process.exit(2);
}
// The clone is loaded by name at run time: the bench typechecks whatever state stage 06 is in.
const CLONE = '@cluster-from-scratch/06-round-robin-cluster';
const cluster = (
  values.impl === 'clone' ? (await import(CLONE)).default : (await import('node:cluster')).default
) as Cluster;

if (cluster.isPrimary) {
  const workers = Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    console.error(`--workers must be an integer from 1 to 64, got ${values.workers}`);
    process.exit(2);
  }
  if (values.policy !== 'rr' && values.policy !== 'none') {
    console.error(`--policy must be rr or none, got ${values.policy}`);
    process.exit(2);
  }
  // Node's numbers (SCHED_NONE 1, SCHED_RR 2); the clone uses the same.
  cluster.schedulingPolicy = values.policy === 'none' ? 1 : 2;

  const say = values.quiet ? () => {} : narrator('primary');
  const listening = new Map<Worker, number>();
  let stopping = false;
  cluster.on('listening', (worker, address) => {
    listening.set(worker, address.port);
    if (listening.size === workers) {
      say(
        `${values.impl} cluster, policy ${values.policy}: ${workers} workers on http://127.0.0.1:${address.port}/`,
      );
      process.send?.({
        port: address.port,
        primaryPid: process.pid,
        workerPids: [...listening.keys()].map((w) => w.process.pid),
        policy: values.policy,
        impl: values.impl,
      });
    }
  });
  // Count exits ourselves: cluster.workers drops a worker only once it has both exited and
  // disconnected, in either order, so it can still list the last worker when its 'exit' fires.
  const forked = new Set<Worker>();
  const exited = new Set<Worker>();
  cluster.on('exit', (worker, code, signal) => {
    exited.add(worker);
    if (!stopping) {
      // A benchmark server that loses a worker would give a wrong picture: stop loudly.
      console.error(`worker ${worker.process.pid} died (code ${code}, signal ${signal})`);
      process.exit(1);
    }
    if (exited.size === forked.size) process.exit(0);
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    say(`stopping ${forked.size - exited.size} workers`);
    if (exited.size === forked.size) process.exit(0);
    for (const worker of forked) if (!exited.has(worker)) worker.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The bench went away without a word (crashed, killed): do not outlive it.
  process.on('disconnect', stop);
  for (let i = 0; i < workers; i++) forked.add(cluster.fork());
} else {
  // Every worker asks for port 0 and gets the same port: the primary keys listen requests by
  // address, port and call order, and the first worker's port 0 becomes everyone's.
  createServer(helloHandler).listen(0, '127.0.0.1', () => {
    if (!values.quiet)
      narrator(workerRole(cluster.worker?.id ?? '?'))('serving the hello-world app');
  });
}
