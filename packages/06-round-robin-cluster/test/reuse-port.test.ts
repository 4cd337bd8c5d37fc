/**
 * reusePort in a cluster worker, and the clone's SCHED_REUSEPORT.
 *
 * Differential (fixtures/reuse-port-listen.ts): a worker's own listen({ reusePort: true }) does
 * the same on node:cluster and on the clone, because it is net, not cluster, that decides:
 * from Node 22.12 such a listen is exclusive (bound in the worker, the primary never asked, no
 * 'listening' for it); on 20 the option is ignored and the listen goes through the cluster.
 *
 * The clone alone (fixtures/sched-reuseport.ts): SCHED_REUSEPORT, BEYOND node:cluster. An
 * unchanged listen(0) in every worker gets a SO_REUSEPORT socket of its own on one port. On a
 * line without reusePort the first fork throws an error that names the version needed.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { reusePortSupported } from '../src/reuse-port-support.ts';
import { fixture, fixtureRuns, impls, type Report } from './differential.ts';

const supported = reusePortSupported();
const line = `Node ${process.versions.node}`;
const harness = useHarness({ scope: 'file' });
const listenRuns = fixtureRuns(harness, 'reuse-port-listen');
const policyRuns = fixtureRuns(harness, 'sched-reuseport', [
  { key: 'property', impl: 'clone', options: { args: ['--how', 'property'] } },
  {
    key: 'env',
    impl: 'clone',
    options: { args: ['--how', 'env'], env: { NODE_CLUSTER_SCHED_POLICY: 'reuseport' } },
  },
]);

describe.each(impls)(`a worker's listen({ reusePort: true }) on %s (${line})`, (impl) => {
  let r: Report;
  beforeAll(() => {
    r = listenRuns(impl);
  });

  if (supported) {
    it('binds in the worker: each worker holds a socket of its own on one port, the primary none', () => {
      expect(r.codes).toEqual([null, null]); // no error (undefined crosses JSON as null)
      expect(r.ports[1]).toBe(r.ports[0]);
      expect(r.inodes).toBe(2);
      expect(r.holders).toEqual([0, 1, 1]); // primary, w1, w2
    });

    it("the primary is never asked: no cluster 'listening' event for either worker", () => {
      expect(r.listeningEvents).toBe(0);
    });

    it('the kernel hashes connections to both sockets: all answered, by both workers', () => {
      expect(r.served).not.toContain(null);
      for (const pid of r.pids) expect(r.served).toContain(pid);
    });

    it('cluster.disconnect() does not know these servers: both stay listening and the workers live on until killed', () => {
      expect(r.inodesAfterDisconnect).toBe(2);
      expect(r.exits).toEqual([
        { code: null, signal: 'SIGTERM' },
        { code: null, signal: 'SIGTERM' },
      ]);
    });
  } else {
    it('on 20 reusePort is ignored: the listen goes through the cluster (the primary holds the socket, one listening event) and a second listen on that port gets EADDRINUSE', () => {
      expect(r.codes).toEqual([null, 'EADDRINUSE']);
      expect(r.inodes).toBe(1);
      expect(r.holders).toEqual([1, 0, 0]);
      expect(r.listeningEvents).toBe(1);
      expect(new Set(r.served)).toEqual(new Set([r.pids[0]]));
      // The cluster's own handle: disconnect closes it and the workers exit by themselves.
      expect(r.inodesAfterDisconnect).toBe(0);
      expect(r.exits).toEqual([
        { code: 0, signal: null },
        { code: 0, signal: null },
      ]);
    });
  }
});

describe.each(['property', 'env'])(
  `the clone's SCHED_REUSEPORT, beyond node:cluster, set by %s (${line})`,
  (how) => {
    let r: Report;
    beforeAll(() => {
      r = policyRuns(how);
    });

    if (!supported) {
      it('on a line without reusePort the first fork fails, naming the version needed', () => {
        expect(r.policy).toBe(3);
        expect(r.error).toMatch(/SCHED_REUSEPORT needs Node 22\.12\.0.*this is Node 20/);
      });
      return;
    }

    it(`is policy 3 (${how === 'env' ? 'NODE_CLUSTER_SCHED_POLICY=reuseport' : 'cluster.SCHED_REUSEPORT'})`, () => {
      expect(r.policy).toBe(3);
      expect(r.error).toBeUndefined();
    });

    it("an unchanged listen(0) in every worker: one port, a socket per worker, none in the primary; 'listening' on worker and cluster", () => {
      expect(r.ports).toEqual([r.port, r.port]);
      expect(r.inodes).toBe(2);
      expect(r.holders).toEqual([0, 1, 1]);
      const byId = (list: { id: number; port: number }[]) => [...list].sort((a, b) => a.id - b.id);
      expect(byId(r.clusterEvents)).toEqual([
        { id: 1, port: r.port },
        { id: 2, port: r.port },
      ]);
      expect(byId(r.workerEvents)).toEqual(byId(r.clusterEvents));
    });

    it('the kernel spreads connections over both workers; all are answered', () => {
      expect(r.served).not.toContain(null);
      for (const pid of r.pids.slice(0, 2)) expect(r.served).toContain(pid);
    });

    it("server.close() in one worker takes its socket out; a worker forked later joins the same port; a killed worker's socket goes with it", () => {
      expect(r.inodesAfterClose).toBe(1);
      expect(r.afterClose).toEqual(Array(6).fill(r.pids[1]));
      expect(r.latePort).toBe(r.port);
      expect(r.inodesWithLate).toBe(2);
      expect(r.afterKill).toEqual(Array(4).fill(r.pids[2]));
    });
  },
);

describe.each(impls)('NODE_CLUSTER_SCHED_POLICY=reuseport on %s', (impl) => {
  it(
    impl === 'node'
      ? 'node:cluster does not know the value: the platform default, RR (2)'
      : 'the clone reads it as SCHED_REUSEPORT (3), on every line (forking is what needs 22.12+)',
    async () => {
      const probe = harness.start(fixture('policy-probe'), {
        env: { CFS_IMPL: impl, NODE_CLUSTER_SCHED_POLICY: 'reuseport' },
        ipc: false,
      });
      expect(await probe.waitForExit()).toEqual({ code: 0, signal: null });
      expect(JSON.parse(probe.stdout).policy).toBe(impl === 'node' ? 2 : 3);
    },
  );
});
