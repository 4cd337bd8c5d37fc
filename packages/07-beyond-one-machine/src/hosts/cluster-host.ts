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
 */
import { createServer } from 'node:http';
import cluster from '@cluster-from-scratch/06-round-robin-cluster';
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

if (cluster.isPrimary) {
  const say = args.quiet ? () => {} : narrator(role);
  cluster.schedulingPolicy = cluster.SCHED_RR;
  const listening = new Map<number, number>();
  let stopping = false;
  cluster.on('listening', (worker, address) => {
    listening.set(worker.process.pid ?? 0, address.port);
    if (listening.size !== args.workers) return;
    const workerPids = [...listening.keys()];
    say(m.ready(args.workers, workerPids.join(', '), args.address, address.port));
    process.send?.({
      port: address.port,
      primaryPid: process.pid,
      workerPids,
      address: args.address,
      kind: 'cluster',
    });
  });
  cluster.on('exit', (worker, code, signal) => {
    if (!stopping) say(m.workerDied(worker.process.pid, signal ?? code));
    if (stopping && Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
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
  createServer(hostHandler).listen(args.port, args.address, () => {
    if (!args.quiet)
      narrator(`host ${args.address} ${workerRole(cluster.worker?.id ?? '?')}`)(m.serving);
  });
}
