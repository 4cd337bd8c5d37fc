/**
 * socket.io sessions across hosts, counted: two levels to make sticky. 12 clients, each from a
 * /24 of its own (so even ip_hash tells them apart), each 5 round trips over long-polling,
 * through nginx to 2 hosts, each a 2-worker cluster with socket.io in every worker.
 *
 *   (a) nginx round robin                       → sessions fail: requests hop between hosts
 *   (b) nginx ip_hash, each host plain RR       → sessions still fail: inside a host, nginx's
 *                                                 connections are dealt to both workers
 *   (c) nginx ip_hash + @socket.io/sticky       → sessions complete (but for sticky's known
 *       in each host's primary                    race), upstream keep-alive 16 or 0 alike:
 *                                                 the sticky worker answers `Connection: close`,
 *                                                 so nginx never reuses an upstream connection
 *   (d) nginx ip_hash + the clone's iphash      → sessions complete, but every session of a
 *                                                 host is on ONE worker: the host's only client
 *                                                 is nginx (127.0.0.1)
 *
 * (a)–(c) on node:cluster and on the clone (a socket.io host on the clone runs with stage 06's
 * register entry, so @socket.io/sticky's require('cluster') gets the clone); (d) only on the
 * clone: node:cluster has no address policy. Counts only, no times.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import type { Front } from '../src/front.ts';
import type { HostCluster } from '../src/host-args.ts';
import type { NginxBalance } from '../src/nginx-config.ts';
import { runLoad } from '../src/probe.ts';
import { countSessions, type SessionCount } from '../src/sessions.ts';
import { describeWithNginx, startTestFront } from './support/nginx.ts';

const CLIENTS = 12;
const ROUNDS = 5;
/** @socket.io/sticky's race (stage 06's docs): a request may overtake the worker's message. */
const STICKY_RACE_ALLOWANCE = 2;

const show = (c: SessionCount) =>
  `${c.completed} of ${c.clients} completed, ${c.mixed} on two workers, failures ${JSON.stringify(c.failures)}, sessions per worker ${JSON.stringify([...c.sessionsPerWorker])}, handshakes retried ${c.retries}`;

async function sessionsWith(
  front: Front,
  label: string,
  nginx: { balance: NginxBalance; keepalive: number },
): Promise<SessionCount> {
  await front.nginx.reload(nginx, { waitOldGone: true });
  const count = await countSessions(front.nginx.port, { clients: CLIENTS, rounds: ROUNDS });
  console.log(`${label}, nginx ${nginx.balance} keepalive ${nginx.keepalive}: ${show(count)}`);
  return count;
}

/** Distinct upstream connections 20 plain requests took, one at a time (x-upstream-connection). */
async function upstreamConnections(front: Front): Promise<number> {
  const results = await runLoad({ port: front.nginx.port, requests: 20, concurrency: 1 });
  expect(results.every((r) => r.ok)).toBe(true);
  return new Set(results.map((r) => r.upstreamConnection)).size;
}

/** Worker pids of each host that answered at least one session. */
function workersUsedPerHost(front: Front, c: SessionCount): number[][] {
  return front.hosts.map((h) => h.workerPids.filter((pid) => c.sessionsPerWorker.has(pid)));
}

describeWithNginx('socket.io polling sessions through nginx over 2 hosts of 2 workers', () => {
  const harness = useHarness();

  const start = (cluster: HostCluster, host: { sticky?: boolean; schedPolicy?: string }) =>
    startTestFront(harness, {
      hosts: 2,
      workers: 2,
      kind: 'cluster',
      app: { app: 'socketio', cluster, ...host },
      // A long poll waits for data: let nginx wait longer than socket.io's ping interval (25 s).
      nginx: { workerProcesses: 2, readTimeoutMs: 30_000 },
    });

  describe.each(['node', 'clone'] as const)('on %s', (cluster) => {
    it('(a) nginx round robin, and (b) ip_hash over hosts that deal connections round robin: sessions fail', async () => {
      const front = await start(cluster, {});
      const a = await sessionsWith(front, `(a) ${cluster}`, {
        balance: 'roundrobin',
        keepalive: 16,
      });
      expect(a.completed, show(a)).toBeLessThan(CLIENTS / 2);
      for (const keepalive of [16, 0]) {
        const b = await sessionsWith(front, `(b) ${cluster}`, { balance: 'ip_hash', keepalive });
        expect(b.completed, show(b)).toBeLessThan(CLIENTS / 2);
      }
      // Upstream keep-alive works with these hosts: with it, 20 requests share a few connections.
      const without = await upstreamConnections(front); // keepalive 0, from the last reload
      await front.nginx.reload({ keepalive: 16 }, { waitOldGone: true });
      const shared = await upstreamConnections(front);
      console.log(
        `(b) ${cluster}: 20 requests: ${without} upstream connections with keepalive 0, ${shared} with 16`,
      );
      expect(without).toBe(20);
      expect(shared).toBeLessThan(20);
    });

    it('(c) ip_hash + @socket.io/sticky in each host: sessions complete, keep-alive 16 or 0 alike, because sticky closes every upstream connection', async () => {
      const front = await start(cluster, { sticky: true });
      // Round robin at nginx: stickiness inside a host cannot help a client that changes host.
      const a = await sessionsWith(front, `(c, nginx rr) ${cluster}`, {
        balance: 'roundrobin',
        keepalive: 16,
      });
      expect(a.completed, show(a)).toBeLessThan(CLIENTS / 2);
      for (const keepalive of [16, 0]) {
        const c = await sessionsWith(front, `(c) ${cluster}`, { balance: 'ip_hash', keepalive });
        expect(c.completed, show(c)).toBeGreaterThanOrEqual(CLIENTS - STICKY_RACE_ALLOWANCE);
        expect(c.mixed, show(c)).toBe(0);
      }
      // Why keep-alive changes nothing: sticky's worker sends `Connection: close` on every
      // response, so each of 20 requests has an upstream connection of its own.
      await front.nginx.reload({ keepalive: 16 }, { waitOldGone: true });
      const connections = await upstreamConnections(front);
      console.log(
        `(c) ${cluster}: 20 requests with keepalive 16: ${connections} upstream connections`,
      );
      expect(connections).toBe(20);
    });
  });

  it('(d) ip_hash + the clone under NODE_CLUSTER_SCHED_POLICY=iphash: sessions complete, all of a host on one worker', async () => {
    const front = await start('clone', { schedPolicy: 'iphash' });
    for (const keepalive of [16, 0]) {
      const d = await sessionsWith(front, '(d) clone iphash', { balance: 'ip_hash', keepalive });
      expect(d.completed, show(d)).toBe(CLIENTS);
      // Behind nginx the host's only client address is nginx's: one hash, one worker per host.
      for (const used of workersUsedPerHost(front, d))
        expect(used.length, show(d)).toBeLessThanOrEqual(1);
    }
  });
});
