/**
 * A "host" made of stage 05: a supervisor keeping M workers on one address of its own.
 *
 *   supervisor-host.ts --address 127.0.1.1 --workers 2
 *
 *   primary (stage 05's Supervisor) ── binds 127.0.1.1:0, never listens ──▶ workers accept
 *      ├─ ready  → process.send({ port, primaryPid, workerPids, address, kind: 'supervisor' })
 *      ├─ events → { event: 'fork' | 'ready' | 'reloaded' | … } (stage 05's reportOverIpc)
 *      └─ SIGHUP → stage 05's rolling restart: a new worker per old one, zero failed requests
 *
 * This is the host a rolling deploy rolls. SIGTERM, SIGINT or losing its own parent: every
 * worker drains, then exit 0.
 */
import {
  handleSignals,
  narrateSupervisor,
  reportOverIpc,
  Supervisor,
} from '@cluster-from-scratch/05-auto-restart';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { parseHostArgs } from '../host-args.ts';

const args = parseHostArgs(process.argv.slice(2), 'supervisor-host.ts');
const say = args.quiet ? () => {} : narrator(`host ${args.address} primary`);
const supervisor = new Supervisor({ workers: args.workers, host: args.address, port: args.port });
narrateSupervisor(supervisor, say);
reportOverIpc(supervisor);
handleSignals(supervisor, { say, onStopped: () => process.exit(0) });
process.on('disconnect', () => void supervisor.stop().then(() => process.exit(0)));
supervisor.on('closed', (reason) => process.exit(reason === 'giveup' ? 1 : 0));

const { port } = await supervisor.start();
process.send?.({
  port,
  primaryPid: process.pid,
  workerPids: supervisor.workers.map((w) => w.pid),
  address: args.address,
  kind: 'supervisor',
});
