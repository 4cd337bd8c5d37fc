/**
 * Hosts in network namespaces: each its own address from 198.18.0.0/15 and its own port space,
 * every host on the same port, wired to the proxy by veth pairs (through a bridge when there
 * are more than two), and everything removed on every way out, SIGKILL included.
 */
import { readdirSync, rmSync } from 'node:fs';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { expect, it, onTestFinished } from 'vitest';
import { startFront } from '../src/front.ts';
import { startHaproxyFront } from '../src/haproxy-front.ts';
import { leftoverNetworks, NETNS_HOST_PORT } from '../src/netns.ts';
import { runLoad } from '../src/probe.ts';
import { tallyFront } from '../src/tally.ts';
import { describeTally } from './support/counts.ts';
import { haproxyBin } from './support/haproxy.ts';
import { describeWithNetns } from './support/netns.ts';
import { nginxBin } from './support/nginx.ts';
import { everyProcessGone, startServe } from './support/serve.ts';

const RUN_ID = `netns-test-${process.pid}`;

describeWithNetns('hosts in network namespaces', () => {
  const harness = useHarness();

  it.skipIf(!nginxBin)(
    'nginx in front of 2 hosts, each in its own namespace on a /24 of 198.18.0.0/15, port 8080 (a veth pair each): every request served, the hosts alternate',
    async () => {
      const front = await startFront(harness, {
        hosts: 2,
        workers: 1,
        kind: 'cluster',
        netns: true,
        nginx: { workerProcesses: 1, keepalive: 0 },
      });
      onTestFinished(() => front.stop());
      expect(front.hosts.map((h) => `${h.address}:${h.port}`)).toEqual([
        `${front.network?.subnets[0]}.2:${NETNS_HOST_PORT}`,
        `${front.network?.subnets[1]}.2:${NETNS_HOST_PORT}`,
      ]);
      expect(readdirSync('/run/netns')).toEqual(
        expect.arrayContaining(front.network?.namespaces ?? ['?']),
      );
      const t = tallyFront(await runLoad({ port: front.nginx.port, requests: 20 }), front.hosts);
      console.log(`nginx, hosts in namespaces: ${describeTally(t)}`);
      expect(t.failed, describeTally(t)).toBe(0);
      expect(t.hosts.map((h) => h.requests)).toEqual([10, 10]);
    },
  );

  it.skipIf(!haproxyBin)(
    'HAProxy in front of 3 hosts on one bridge (.2, .3, .4 of one /24, all on port 8080): every request served, each host a third',
    async () => {
      const front = await startHaproxyFront(harness, {
        hosts: 3,
        workers: 1,
        kind: 'cluster',
        netns: true,
      });
      onTestFinished(() => front.stop());
      const net = front.network?.subnets[0];
      expect(front.hosts.map((h) => h.address)).toEqual([`${net}.2`, `${net}.3`, `${net}.4`]);
      expect(net).toMatch(/^198\.1[89]\.\d+$/);
      expect(new Set(front.hosts.map((h) => h.port))).toEqual(new Set([NETNS_HOST_PORT]));
      expect(readdirSync('/sys/class/net')).toContain(front.network?.bridge);
      const t = tallyFront(await runLoad({ port: front.haproxy.port, requests: 30 }), front.hosts);
      console.log(`haproxy, hosts in namespaces on a bridge: ${describeTally(t)}`);
      expect(t.failed, describeTally(t)).toBe(0);
      expect(t.hosts.map((h) => h.requests)).toEqual([10, 10, 10]);
    },
  );

  it.skipIf(!haproxyBin)(
    'serve.ts --netns, SIGKILLed: its reaper removes every namespace and link, the hosts and HAProxy end',
    async () => {
      const { serve, ready } = await startServe(
        harness,
        ['--engine', 'haproxy', '--hosts', '3', '--workers', '1', '--netns'],
        RUN_ID,
      );
      // SIGKILL gives serve.ts no chance to remove HAProxy's temp folder: the test does.
      const dir = ready.haproxy?.dir;
      if (dir) onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
      const made = (ready as { netns?: string[] }).netns ?? [];
      expect(made).toEqual([0, 1, 2].map((i) => `cfs07-${serve.pid}-${i}`));
      expect(leftoverNetworks(serve.pid).namespaces.sort()).toEqual([...made].sort());
      expect((await runLoad({ port: ready.port, requests: 6 })).every((r) => r.ok)).toBe(true);
      process.kill(serve.pid, 'SIGKILL');
      await serve.waitForExit();
      await everyProcessGone(ready, 'haproxy and every host to end after serve.ts was SIGKILLed');
      await pollUntil(
        () => {
          const left = leftoverNetworks(serve.pid);
          return left.namespaces.length + left.links.length === 0;
        },
        { what: `the reaper to remove the namespaces and links of pid ${serve.pid}` },
      );
    },
    120_000,
  );
});
