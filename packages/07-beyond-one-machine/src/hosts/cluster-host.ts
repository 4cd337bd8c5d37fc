/**
 * A "host" made of stage 06: our node:cluster clone, M workers on one address of its own.
 *
 *   cluster-host.ts --address 127.0.1.2 --workers 2
 *
 *   primary (this file) ── binds 127.0.1.2:0, round robin ──▶ worker 1, worker 2 (hostHandler)
 *      └─ ready → process.send({ port, primaryPid, workerPids, address, kind: 'cluster' })
 *
 * The primary owns the listening socket (SCHED_RR): kill -9 it and the port is closed at once,
 * so nginx's next connect is refused. Its workers leave when their channel to it closes.
 * A worker that dies is not replaced (that is stage 05's job; see supervisor-host.ts).
 * SIGTERM, SIGINT or losing its own parent: disconnect the workers, then exit 0.
 *
 *   --app socketio      every worker runs socket.io beside the hello app (socketio-app.ts)
 *   --sticky            …and the primary routes each connection by its session id
 *                       (@socket.io/sticky): then the primary listens, not the workers
 *   --cluster node      Node's own node:cluster instead of the clone (for a side-by-side run)
 *   NODE_CLUSTER_SCHED_POLICY   honoured when set (e.g. the clone's 'iphash'); else round robin
 */
import { createServer } from 'node:http';
import { inLanguage, withoutLanguageArgument } from '@cluster-from-scratch/kit/language';
import { narrator, workerRole } from '@cluster-from-scratch/kit/narrate';
import { hostHandler } from '../host-app.ts';
import { parseHostArgs } from '../host-args.ts';
import en from '../messages/en.ts';
import zh from '../messages/zh.ts';

// English or 简体中文, as whoever started the host chose (CFS_LANG).
const m = inLanguage({ en, zh }).clusterHost;
const args = parseHostArgs(withoutLanguageArgument(process.argv.slice(2)), 'cluster-host.ts');
const role = `host ${args.address} primary`;

/**
 * Whose cluster: Node's for `--cluster node`. For the clone, the clone's package, unless stage
 * 06's register entry is loaded (hosts.ts does that for socket.io hosts): then `node:cluster`
 * IS the clone, the one object that @socket.io/sticky's own require('cluster') gets too.
 */
const registered = Symbol.for('cluster-from-scratch.06.register') in globalThis;
const cluster =
  args.cluster === 'node' || registered
    ? (await import('node:cluster')).default
    : (await import('@cluster-from-scratch/06-round-robin-cluster')).default;
const socketIo = args.app === 'socketio' ? await import('../socketio-app.ts') : undefined;

if (cluster.isPrimary) {
  const say = args.quiet ? () => {} : narrator(role);
  // Round robin, unless the environment asks for a policy (the clone's iphash, say).
  if (!process.env.NODE_CLUSTER_SCHED_POLICY) cluster.schedulingPolicy = cluster.SCHED_RR;
  // @socket.io/sticky sends each connection's first bytes as Buffers over IPC.
  if (args.sticky) cluster.setupPrimary({ serialization: 'advanced' });
  const ready = (workerPids: number[], port: number) => {
    say(m.ready(args.workers, workerPids.join(', '), args.address, port));
    process.send?.({
      port,
      primaryPid: process.pid,
      workerPids,
      address: args.address,
      kind: 'cluster',
    });
  };
  // Ready once every worker listens (or, with --sticky, says it is ready: the primary listens).
  const up = new Map<number, number>();
  let stopping = false;
  cluster.on('listening', (worker, address) => {
    up.set(worker.process.pid ?? 0, address.port);
    if (up.size === args.workers) ready([...up.keys()], address.port);
  });
  if (args.sticky && socketIo) {
    const port = socketIo.stickyPrimary(args.address, args.port);
    cluster.on('message', (worker, message: { ready?: boolean }) => {
      if (message?.ready !== true) return;
      up.set(worker.process.pid ?? 0, 0);
      if (up.size === args.workers) void port.then((p) => ready([...up.keys()], p));
    });
  }
  // Counted by 'exit', not by cluster.workers: disconnect() drops a worker from that list at
  // once, and a primary that left then would orphan a worker still closing its connections.
  let exited = 0;
  cluster.on('exit', (worker, code, signal) => {
    exited++;
    if (!stopping) say(m.workerDied(worker.process.pid, signal ?? code));
    if (stopping && exited === args.workers) process.exit(0);
  });
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    say(m.stopping(why));
    const left = Object.values(cluster.workers ?? {});
    if (left.length === 0) process.exit(0);
    for (const worker of left) worker?.disconnect();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('disconnect', () => stop(m.parentGone));
  for (let i = 0; i < args.workers; i++) cluster.fork();
} else {
  const serving = () => {
    if (!args.quiet)
      narrator(`host ${args.address} ${workerRole(cluster.worker?.id ?? '?')}`)(m.serving);
  };
  const server = socketIo ? socketIo.socketIoWorker(args.sticky) : createServer(hostHandler);
  if (args.sticky) {
    serving();
    process.send?.({ ready: true });
  } else server.listen(args.port, args.address, serving);
}
