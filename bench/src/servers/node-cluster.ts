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
 *
 * `--policy reuseport` is no policy of node:cluster's: every worker calls
 * `listen({ port, host, reusePort: true })`, which (Node 22.12+ / 23.1+) makes net bind a socket
 * of its own in the worker with SO_REUSEPORT instead of asking the primary, and the kernel hashes
 * each connection to one worker's socket. The primary is not told by cluster when such a worker
 * listens, so each worker reports its port itself over IPC.
 *
 *   primary ──fork──▶ worker 1: listen port 0, reusePort ──IPC { reusePortListening: 41645 }──▶
 *   primary ──fork──▶ worker 2…N with the port 41645: listen 41645, reusePort ──IPC──▶ primary
 *
 * Why worker 1 first: port 0 means "any free port" to each bind on its own, so N workers
 * binding port 0 would get N ports. The primary cannot reserve one for them: net cannot bind
 * without listening, and a listening socket in the primary would join the group and take
 * connections nobody answers. So the first worker's port becomes everyone's; only the start-up
 * is sequential, the serving is not. On a line without reusePort the option is ignored and the
 * workers would quietly share the primary's handle: the primary refuses that up front.
 */
import type { Cluster, Worker } from 'node:cluster';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { helloHandler } from '@cluster-from-scratch/kit/hello-app';
import { narrator, workerRole } from '@cluster-from-scratch/kit/narrate';
import { nodeHas, nodeSince } from '@cluster-from-scratch/kit/node-lines';

/** How a reusePort worker tells the primary its port (cluster does not, for such a listen). */
const REUSEPORT_PORT_ENV = 'BENCH_REUSEPORT_PORT';

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
  if (values.policy !== 'rr' && values.policy !== 'none' && values.policy !== 'reuseport') {
    console.error(`--policy must be rr, none or reuseport, got ${values.policy}`);
    process.exit(2);
  }
  const reusePort = values.policy === 'reuseport';
  if (reusePort && values.impl !== 'node') {
    console.error('--policy reuseport is for --impl node (the clone has SCHED_REUSEPORT)');
    process.exit(2);
  }
  if (reusePort && !nodeHas('reusePort')) {
    console.error(
      `--policy reuseport needs Node ${nodeSince('reusePort')} (this is ${process.version})`,
    );
    process.exit(2);
  }
  // Node's numbers (SCHED_NONE 1, SCHED_RR 2); the clone uses the same. A reusePort listen
  // never reaches the scheduler, so its value does not matter there.
  cluster.schedulingPolicy = values.policy === 'none' ? 1 : 2;

  const say = values.quiet ? () => {} : narrator('primary');
  const listening = new Map<Worker, number>();
  let stopping = false;
  const listened = (worker: Worker, port: number) => {
    listening.set(worker, port);
    if (listening.size === workers) {
      say(
        `${values.impl} cluster, policy ${values.policy}: ${workers} workers on http://127.0.0.1:${port}/`,
      );
      process.send?.({
        port,
        primaryPid: process.pid,
        workerPids: [...listening.keys()].map((w) => w.process.pid),
        policy: values.policy,
        impl: values.impl,
      });
    }
  };
  if (!reusePort) cluster.on('listening', (worker, address) => listened(worker, address.port));
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
  if (!reusePort) {
    for (let i = 0; i < workers; i++) forked.add(cluster.fork());
  } else {
    const forkReusePort = (port: number) => {
      const worker = cluster.fork({ [REUSEPORT_PORT_ENV]: String(port) });
      forked.add(worker);
      worker.on('message', (message: { reusePortListening?: unknown }) => {
        const got = message?.reusePortListening;
        if (typeof got !== 'number') return;
        // The first worker's port is everyone's: now the others can bind it too.
        if (forked.size === 1) for (let i = 1; i < workers; i++) forkReusePort(got);
        listened(worker, got);
      });
    };
    forkReusePort(0);
  }
} else if (process.env[REUSEPORT_PORT_ENV] !== undefined) {
  const port = Number(process.env[REUSEPORT_PORT_ENV]);
  const server = createServer(helloHandler);
  server.listen({ port, host: '127.0.0.1', reusePort: true }, () => {
    const address = server.address();
    if (!values.quiet)
      narrator(workerRole(cluster.worker?.id ?? '?'))(
        'serving the hello-world app on a socket of my own (reusePort)',
      );
    process.send?.({ reusePortListening: typeof address === 'object' ? address?.port : port });
  });
} else {
  // Every worker asks for port 0 and gets the same port: the primary keys listen requests by
  // address, port and call order, and the first worker's port 0 becomes everyone's.
  createServer(helloHandler).listen(0, '127.0.0.1', () => {
    if (!values.quiet)
      narrator(workerRole(cluster.worker?.id ?? '?'))('serving the hello-world app');
  });
}
