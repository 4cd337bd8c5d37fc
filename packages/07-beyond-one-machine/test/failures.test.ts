/**
 * (c) A host that dies and a host that hangs are different failures, and nginx needs a
 * different setting for each. One nginx worker and no upstream keep-alive, so every request
 * is one connect and the counts are exact.
 *
 *   dies  (kill -9 of a cluster host's primary, which owns the listening socket)
 *         → the port is closed → connect() is refused at once → "error"
 *   hangs (SIGSTOP to every process of the host)
 *         → the kernel still completes the handshake and takes the request into the socket
 *           buffer, so proxy_connect_timeout never fires → proxy_read_timeout → "timeout"
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from '@cluster-from-scratch/kit/platform';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { expect, it } from 'vitest';
import type { Front } from '../src/front.ts';
import { type Host, hangHost, killHostPrimary, resumeHost } from '../src/hosts.ts';
import { runLoad } from '../src/probe.ts';
import { tallyFront } from '../src/tally.ts';
import { describeTally } from './support/counts.ts';
import { refuses } from './support/hosts.ts';
import { describeWithNginx, startTestFront } from './support/nginx.ts';

const REQUESTS = 20;
// Long enough that the healthy host, answering on a busy machine, never hits it.
const READ_TIMEOUT_MS = 2000;

async function twoHosts(harness: Parameters<typeof startTestFront>[0]): Promise<Front> {
  return startTestFront(harness, {
    hosts: 2,
    workers: 1,
    kind: 'cluster',
    // fail_timeout 60 s: once out, the dead host stays out for the whole test, however slow.
    nginx: { workerProcesses: 1, keepalive: 0, failTimeoutS: 60, readTimeoutMs: READ_TIMEOUT_MS },
  });
}

describeWithNginx('a host dies', () => {
  const harness = useHarness();

  it('a1-31 kill -9 of a host primary: its port refuses, nginx retries the other host (proxy_next_upstream error) and leaves it out after max_fails=1: 0 failed, exactly 1 retried', async () => {
    const front = await twoHosts(harness);
    const [dead, alive] = front.hosts as [Host, Host];
    killHostPrimary(dead);
    await pollUntil(() => refuses(dead), {
      what: `host ${dead.address}:${dead.port} to refuse connections`,
    });
    await pollUntil(() => dead.workerPids.every((pid) => !isAlive(pid)), {
      what: "the dead host's workers to leave after their primary",
    });

    const t = tallyFront(
      await runLoad({ port: front.nginx.port, requests: REQUESTS }),
      front.hosts,
    );
    console.log(`default proxy_next_upstream, max_fails=1: ${describeTally(t)}`);
    expect(t.failed, describeTally(t)).toBe(0);
    expect(t.retried, describeTally(t)).toBe(1);
    expect(t.hosts[1]?.requests).toBe(REQUESTS);
    expect(alive.workerPids).toHaveLength(1);

    // The same dead host, nginx told not to retry: the client gets the refusal as a 502.
    await front.nginx.reload({ nextUpstream: 'off' }, { waitOldGone: true });
    const off = await runLoad({ port: front.nginx.port, requests: REQUESTS });
    const failedOff = off.filter((r) => !r.ok);
    console.log(`proxy_next_upstream off, max_fails=1: ${failedOff.length} of ${REQUESTS} failed`);
    expect(failedOff.map((r) => r.status)).toEqual([502]);

    // And never taking it out (max_fails=0): every request nginx deals to it fails.
    await front.nginx.reload({ nextUpstream: 'off', maxFails: 0 }, { waitOldGone: true });
    const never = await runLoad({ port: front.nginx.port, requests: REQUESTS });
    const failedNever = never.filter((r) => !r.ok).length;
    console.log(`proxy_next_upstream off, max_fails=0: ${failedNever} of ${REQUESTS} failed`);
    expect(failedNever).toBeGreaterThanOrEqual(REQUESTS / 2 - 1);
    expect(failedNever).toBeLessThanOrEqual(REQUESTS / 2 + 1);
    const log = readFileSync(join(front.nginx.dir, 'error.log'), 'utf8');
    expect(log).toMatch(
      /connect\(\) failed \(111: Connection refused\) while connecting to upstream/,
    );
  });
});

describeWithNginx('a host hangs', () => {
  const harness = useHarness();

  it('SIGSTOP of a whole host: connect succeeds, proxy_read_timeout fires, nginx retries on timeout: 0 failed, 1 request waited the timeout', async () => {
    const front = await twoHosts(harness);
    const [hung] = front.hosts as [Host, Host];
    hangHost(hung);
    try {
      const results = await runLoad({ port: front.nginx.port, requests: 6 });
      const t = tallyFront(results, front.hosts);
      const slow = results.filter((r) => r.upstreams.length > 1);
      console.log(
        `hung host, default proxy_next_upstream: ${describeTally(t)}; the retried one waited ${slow.map((r) => Math.round(r.latencyMs)).join(', ')} ms`,
      );
      expect(t.failed, describeTally(t)).toBe(0);
      expect(slow.map((r) => r.upstreamStatuses)).toEqual([['504', '200']]);
      // The client waited for nginx's read timeout: a lower bound set by the config, not speed.
      expect(slow[0]?.latencyMs).toBeGreaterThanOrEqual(READ_TIMEOUT_MS * 0.9);
      const log = readFileSync(join(front.nginx.dir, 'error.log'), 'utf8');
      expect(log).toMatch(
        /upstream timed out \(110: Connection timed out\) while reading response header/,
      );
      expect(log).not.toMatch(/while connecting to upstream/);

      // Without "timeout" in proxy_next_upstream the client gets nginx's 504 instead.
      await front.nginx.reload({ nextUpstream: 'error' }, { waitOldGone: true });
      const noRetry = await runLoad({ port: front.nginx.port, requests: 6 });
      console.log(
        `hung host, proxy_next_upstream error: ${noRetry.filter((r) => !r.ok).length} of 6 failed`,
      );
      expect(noRetry.filter((r) => !r.ok).map((r) => r.status)).toEqual([504]);
    } finally {
      resumeHost(hung);
    }
  });
});
