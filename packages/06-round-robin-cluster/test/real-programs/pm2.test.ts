/**
 * PM2 7's cluster mode, unchanged, on node:cluster and on the clone (the register entry in
 * NODE_OPTIONS reaches PM2's daemon and every worker it forks). One PM2 per implementation,
 * taken through what a user does with it, in one sequence:
 *
 *   pm2 start app.cjs -i 2 ─▶ the daemon holds the LISTEN socket, fresh connections reach both
 *   pm2 reload app         ─▶ under a sequential fresh-connection load: lost requests counted
 *   pm2 scale app 3        ─▶ a third worker serves
 *   kill -9 <worker>       ─▶ PM2 forks a replacement, which serves
 *   pm2 kill               ─▶ daemon and workers gone, nobody listens on the port
 *
 * The daemon is spawned detached (a process group of its own): the test ends it by pid,
 * through Pm2.dispose(), also when a step fails.
 */
import {
  isAlive,
  listeningInodes,
  readCmdline,
  readEnviron,
  socketInodes,
} from '@cluster-from-scratch/kit/platform';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { type Impl, Pm2 } from '../../demos/pm2/pm2-cli.ts';
import { sequentialLoad, untilEachServes } from '../../demos/pm2/sequential-load.ts';
import { impls, noneAlive } from '../differential.ts';

const harness = useHarness();

/** The environment variable that makes a process a worker of this implementation. */
const workerMark: Record<Impl, string> = { node: 'NODE_UNIQUE_ID', clone: 'CFS_UNIQUE_ID' };

describe.each(impls)('a2-01: PM2 7 cluster mode on %s', (impl) => {
  it('start -i 2, both serve, reload under load, scale 3, a SIGKILLed worker comes back, pm2 kill', async () => {
    const pm2 = new Pm2(harness, impl);
    try {
      await pm2.start();
      const daemon = pm2.daemonPid();
      expect(readCmdline(daemon)).toMatch(/^PM2 v7\.\d+\.\d+: God Daemon/);
      // Detached from the harness's process group, the daemon still carries its marker, so
      // the harness's own sweep would find it too.
      expect(harness.markedPids()).toContain(daemon);

      const first = await pm2.onlinePids();
      expect(first).toHaveLength(2);
      // Each worker was forked by this implementation's cluster.fork().
      for (const pid of first) {
        expect(readEnviron(pid).has(workerMark[impl]), `worker ${pid}'s environment`).toBe(true);
        expect(readEnviron(pid).has(workerMark[impl === 'node' ? 'clone' : 'node'])).toBe(false);
      }

      // a2's question: the daemon is the cluster primary, the only holder of the LISTEN socket.
      const port = await pm2.port();
      const listening = listeningInodes(port);
      expect(listening).toHaveLength(1);
      expect(socketInodes(daemon)).toContain(listening[0]);
      for (const pid of first) expect(socketInodes(pid)).not.toContain(listening[0]);
      await untilEachServes(port, first);

      // pm2 reload: a new worker per old one, then the old one is killed (SIGINT).
      const load = sequentialLoad(port);
      await pm2.reload();
      const reloaded = await pm2.onlinePids();
      // The load goes on until a new worker has answered part of it: reload returns once the old
      // workers are told to go, and the request then in flight may be the one that is lost.
      await pollUntil(() => [...load.tally.servedBy.keys()].some((pid) => reloaded.includes(pid)), {
        what: 'a reloaded worker to answer part of the load',
        timeout: 30_000,
      });
      const tally = await load.stop();
      expect(reloaded).toHaveLength(2);
      expect(reloaded.filter((pid) => first.includes(pid))).toEqual([]);
      // The load ran across the reload: old and new workers both answered some of it.
      const answeredBy = [...tally.servedBy.keys()];
      expect(answeredBy.some((pid) => first.includes(pid))).toBe(true);
      expect(answeredBy.some((pid) => reloaded.includes(pid))).toBe(true);
      console.log(
        `[${impl} ${process.version}] pm2 reload (2 workers) under sequential load: ` +
          `lost ${tally.lost} of ${tally.sent} (${tally.errors.join(', ') || 'none'})`,
      );
      // One request at a time: each of the 2 replaced workers can take at most one with it.
      expect(tally.errors).toHaveLength(tally.lost);
      expect(tally.lost).toBeLessThanOrEqual(2);
      expect(tally.sent - tally.lost).toBe([...tally.servedBy.values()].reduce((a, b) => a + b, 0));

      // pm2 scale app 3: a third worker, and round robin reaches it.
      await pm2.scale(3);
      const scaled = await pm2.onlinePids();
      expect(scaled).toHaveLength(3);
      await untilEachServes(port, scaled);

      // A worker killed with SIGKILL: PM2 sees cluster's 'exit' and forks a replacement.
      const [victim] = scaled as [number];
      process.kill(victim, 'SIGKILL');
      const restarted = await pollUntil(
        async () => {
          const now = await pm2.onlinePids();
          return now.length === 3 && !now.includes(victim) ? now : undefined;
        },
        { what: `PM2 to replace worker ${victim} after SIGKILL`, timeout: 45_000 },
      );
      const replacement = restarted.find((pid) => !scaled.includes(pid));
      expect(replacement).toBeDefined();
      await untilEachServes(port, restarted);

      // pm2 kill: the daemon stops its workers and exits; nothing is left, nobody listens.
      await pm2.kill();
      await noneAlive([daemon, ...first, ...reloaded, ...restarted], `PM2 on ${impl}`);
      expect(pm2.processes()).toEqual([]);
      expect(listeningInodes(port)).toEqual([]);
      expect(isAlive(daemon)).toBe(false);
    } finally {
      await pm2.dispose();
    }
  }, 240_000);
});
