/**
 * (b) Upstream keep-alive: how many TCP connections nginx opens to the hosts, and how many it
 * keeps. Counted exactly: each host worker numbers the connections it accepts
 * (x-upstream-connection), and /proc shows what nginx's workers hold afterwards.
 * Throughput is measured in the demo, never asserted here.
 */
import { rmSync } from 'node:fs';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { upstreamSockets } from '../src/descriptors.ts';
import { type Front, startFront } from '../src/front.ts';
import type { KeepAliveDirectives } from '../src/keepalive.ts';
import { runLoad } from '../src/probe.ts';
import { tallyFront } from '../src/tally.ts';
import { describeTally } from './support/counts.ts';
import { describeWithNginx } from './support/nginx.ts';

const REQUESTS = 40;

describeWithNginx('upstream keep-alive', () => {
  const harness = useHarness({ scope: 'file' });
  let front: Front;
  beforeAll(async () => {
    front = await startFront(harness, {
      hosts: 1,
      workers: 2,
      kind: 'cluster',
      nginx: { workerProcesses: 1 },
    });
  });
  afterAll(() => rmSync(front.nginx.dir, { recursive: true, force: true }));

  /** Reloads nginx with `directives`, waits for the old workers (and their connections) to go. */
  async function connectionsWith(directives: KeepAliveDirectives): Promise<number> {
    await front.nginx.reload({ keepAliveDirectives: directives }, { waitOldGone: true });
    const results = await runLoad({ port: front.nginx.port, requests: REQUESTS, concurrency: 1 });
    const t = tallyFront(results, front.hosts);
    expect(t.failed, describeTally(t)).toBe(0);
    return t.upstreamConnections;
  }

  it(`without keep-alive: ${REQUESTS} requests, ${REQUESTS} upstream connections`, async () => {
    expect(await connectionsWith({ upstream: [], location: [] })).toBe(REQUESTS);
  });

  it('a1-30 the article\'s upstream (keepalive 64 and Connection "", but no proxy_http_version 1.1) still opens one upstream connection per request', async () => {
    // nginx speaks HTTP/1.0 to the host; Node answers an HTTP/1.0 request and closes.
    const article = { upstream: ['keepalive 64;'], location: ['proxy_set_header Connection "";'] };
    expect(await connectionsWith(article)).toBe(REQUESTS);
  });

  it('keepalive with HTTP/1.1 but the Connection header left alone: still one per request (nginx sends "Connection: close" by default)', async () => {
    const noClear = { upstream: ['keepalive 64;'], location: ['proxy_http_version 1.1;'] };
    expect(await connectionsWith(noClear)).toBe(REQUESTS);
  });

  it(`all three (keepalive, HTTP/1.1, empty Connection): ${REQUESTS} requests, 1 upstream connection`, async () => {
    const all = {
      upstream: ['keepalive 64;'],
      location: ['proxy_http_version 1.1;', 'proxy_set_header Connection "";'],
    };
    expect(await connectionsWith(all)).toBe(1);
  });

  it('descriptors: after a concurrent load nginx keeps its upstream connections open with keep-alive (at most keepalive per worker), none without', async () => {
    const hostPorts = front.hosts.map((h) => h.port);
    await front.nginx.reload(
      { keepalive: 0, keepAliveDirectives: undefined, workerProcesses: 2 },
      { waitOldGone: true },
    );
    await runLoad({ port: front.nginx.port, requests: 100, concurrency: 4 });
    // nginx closes an upstream connection as it finishes the request, a moment after the
    // client may have its answer: look until the kernel agrees (or fail after the timeout).
    const without = await pollUntil(
      () => (upstreamSockets(front.nginx.workerPids, hostPorts) === 0 ? 0 : false),
      { what: 'nginx to hold no upstream socket after a load without keep-alive' },
    ).catch(() => upstreamSockets(front.nginx.workerPids, hostPorts));

    await front.nginx.reload({ keepalive: 2 }, { waitOldGone: true });
    const results = await runLoad({ port: front.nginx.port, requests: 100, concurrency: 4 });
    const kept = upstreamSockets(front.nginx.workerPids, hostPorts);
    const t = tallyFront(results, front.hosts);
    console.log(
      `descriptors towards the hosts after the load: ${without} without keep-alive, ${kept} with keepalive 2 × 2 nginx workers; ${t.upstreamConnections} upstream connections for 100 requests`,
    );
    expect(without).toBe(0);
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(kept).toBeLessThanOrEqual(2 * 2);
    // 4 clients at once: nginx may open more than it keeps, but far fewer than one per request.
    expect(t.upstreamConnections).toBeLessThan(100);
  });
});
