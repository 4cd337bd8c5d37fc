/**
 * Faults on the wire, with each host in a namespace of its own: the proxy's side of a link
 * that goes dead sees no reset, only silence, so it waits for its connect timeout. Counted for
 * each engine: passive (nginx: a real request must fail on the host) vs active (HAProxy: its
 * own checks notice, with no client request at all).
 *
 *   link down  the host's end of its veth pair down: SYNs go nowhere
 *     nginx    the next request dealt to it waits proxy_connect_timeout (504 in
 *              x-upstream-status), is retried on the other host (200): 0 failed, 1 retried,
 *              then max_fails=1 leaves the host out for fail_timeout
 *     HAProxy  checks time out at Layer4, `fall` of them: "is DOWN" before any request;
 *              then every request to the other host, none retried
 *   link up    nginx: after fail_timeout one request tries it again, and it serves;
 *              HAProxy: "is UP" after `rise` good checks, and it gets its share
 *   flapping   three downs and ups: three retried requests for nginx, DOWN UP DOWN UP DOWN UP
 *              for HAProxy, 0 failed for both
 * How long each of these takes is measured, not asserted: src/measure-faults.ts.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { expect, it, onTestFinished } from 'vitest';
import { type Front, startFront } from '../src/front.ts';
import { type HaproxyFront, startHaproxyFront } from '../src/haproxy-front.ts';
import { type FrontResult, runLoad, startLoad } from '../src/probe.ts';
import { haproxyBin } from './support/haproxy.ts';
import { describeWithNetns } from './support/netns.ts';
import { nginxBin } from './support/nginx.ts';

const CONNECT_TIMEOUT_MS = 1000;

/** Runs requests one at a time until one passes `check`; returns every result up to it. */
async function until(
  port: number,
  check: (r: FrontResult) => boolean,
  what: string,
): Promise<FrontResult[]> {
  const load = startLoad({ port, concurrency: 1 });
  await load.waitFor((results) => results.some(check), what);
  return load.stop();
}

describeWithNetns('faults on the wire', () => {
  const harness = useHarness();

  async function nginxFront(): Promise<Front> {
    const front = await startFront(harness, {
      hosts: 2,
      workers: 1,
      kind: 'cluster',
      netns: true,
      // fail_timeout 1 s: the dead host is tried again soon after the link is back.
      nginx: {
        workerProcesses: 1,
        keepalive: 0,
        connectTimeoutMs: CONNECT_TIMEOUT_MS,
        failTimeoutS: 1,
      },
    });
    onTestFinished(() => front.stop());
    return front;
  }

  async function haproxyFront(): Promise<HaproxyFront> {
    const front = await startHaproxyFront(harness, {
      hosts: 2,
      workers: 1,
      kind: 'cluster',
      netns: true,
      haproxy: {
        threads: 1,
        connectTimeoutMs: CONNECT_TIMEOUT_MS,
        checkIntervalMs: 200,
        fall: 2,
        rise: 1,
      },
    });
    onTestFinished(() => front.stop());
    return front;
  }

  it.skipIf(!nginxBin)(
    'nginx, link down: one request waits the connect timeout and is retried on the other host, none fails; link up: the host serves again',
    async () => {
      const front = await nginxFront();
      const h1 = `${front.hosts[0]?.address}:${front.hosts[0]?.port}`;
      const network = front.network!;
      network.linkDown(0);
      const down = await runLoad({ port: front.nginx.port, requests: 6 });
      const retried = down.filter((r) => r.upstreams.length > 1);
      console.log(
        `nginx, link down: ${down.filter((r) => !r.ok).length} failed; retried ${retried.map((r) => `${r.upstreamStatuses.join(',')} in ${Math.round(r.latencyMs)} ms`).join('; ')}`,
      );
      expect(down.filter((r) => !r.ok)).toEqual([]);
      expect(retried.map((r) => [r.upstreams[0], r.upstreamStatuses])).toEqual([
        [h1, ['504', '200']],
      ]);
      // A lower bound set by the config (the connect timeout), not a speed.
      expect(retried[0]?.latencyMs).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS * 0.9);
      network.linkUp(0);
      const back = await until(
        front.nginx.port,
        (r) => r.ok && r.upstreams.at(-1) === h1,
        'nginx to send a request to the host again after its link came back',
      );
      expect(back.filter((r) => !r.ok)).toEqual([]);
    },
  );

  it.skipIf(!haproxyBin)(
    'HAProxy, link down: its checks time out and it says DOWN before any request; no request goes there or fails; link up: UP, and its share again',
    async () => {
      const front = await haproxyFront();
      const { haproxy } = front;
      const network = front.network!;
      network.linkDown(0);
      const down = await haproxy.serverWent('h1', 'DOWN');
      expect(down).toMatch(/Layer4 timeout/);
      const during = await runLoad({ port: haproxy.port, requests: 6 });
      expect(during.filter((r) => !r.ok)).toEqual([]);
      expect(during.map((r) => r.upstreamServer)).toEqual(Array(6).fill('h2'));
      network.linkUp(0);
      const up = await haproxy.serverWent('h1', 'UP');
      const after = await runLoad({ port: haproxy.port, requests: 6 });
      console.log(`HAProxy, link down then up: ${down} → ${up}`);
      expect(after.filter((r) => r.upstreamServer === 'h1' && r.ok)).toHaveLength(3);
    },
  );

  it.skipIf(!nginxBin || !haproxyBin)(
    'a flapping link, three times down and up: nginx retries one request each time, HAProxy says DOWN and UP each time; nothing fails',
    async () => {
      const nginx = await nginxFront();
      const h1 = `${nginx.hosts[0]?.address}:${nginx.hosts[0]?.port}`;
      const nginxRetries: FrontResult[] = [];
      const nginxAll: FrontResult[] = [];
      for (let i = 0; i < 3; i++) {
        nginx.network!.linkDown(0);
        const down = await until(
          nginx.nginx.port,
          (r) => r.upstreams.length > 1,
          'nginx to meet the dead link',
        );
        nginx.network!.linkUp(0);
        const up = await until(
          nginx.nginx.port,
          (r) => r.ok && r.upstreams.at(-1) === h1,
          'nginx to use the link again',
        );
        nginxRetries.push(...down.filter((r) => r.upstreams.length > 1));
        nginxAll.push(...down, ...up);
      }
      // One network per process at a time: its names carry this process's pid.
      await nginx.stop();
      const haproxy = await haproxyFront();
      const events: string[] = [];
      const load = startLoad({ port: haproxy.haproxy.port, concurrency: 1 });
      for (let i = 0; i < 3; i++) {
        haproxy.network!.linkDown(0);
        events.push((await haproxy.haproxy.serverWent('h1', 'DOWN')).split(',')[0] ?? '');
        haproxy.network!.linkUp(0);
        events.push((await haproxy.haproxy.serverWent('h1', 'UP')).split(',')[0] ?? '');
      }
      const haproxyAll = await load.stop();
      console.log(
        `flapping ×3 — nginx: ${nginxAll.length} requests, ${nginxAll.filter((r) => !r.ok).length} failed, ${nginxRetries.length} retried; HAProxy: ${haproxyAll.length} requests, ${haproxyAll.filter((r) => !r.ok).length} failed; ${events.join(' → ')}`,
      );
      expect(nginxAll.filter((r) => !r.ok)).toEqual([]);
      expect(nginxRetries.map((r) => r.upstreamStatuses)).toEqual(Array(3).fill(['504', '200']));
      expect(events.map((e) => e.replace(/^Server hosts\/h1 is (\w+).*/, '$1'))).toEqual([
        'DOWN',
        'UP',
        'DOWN',
        'UP',
        'DOWN',
        'UP',
      ]);
      // HAProxy keeps sending requests to h1 between its last good check and the one that
      // failed `fall` times: those wait for the connect timeout and are redispatched, not failed.
      expect(haproxyAll.filter((r) => !r.ok)).toEqual([]);
    },
    240_000,
  );
});
