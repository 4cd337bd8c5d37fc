/**
 * A host that dies and a host that hangs, behind HAProxy: what its retries do for a request,
 * and what its active checks do for the host. One request at a time, so the counts are exact.
 *
 *   dies  (kill -9 of the primary: the port refuses)
 *         no checks: each request is dealt to it first, refused, and sent on to the other host
 *                    (retries 1, option redispatch): 0 failed, every one retried; the redispatch
 *                    takes the other host's turn, so roundrobin comes back to the dead one.
 *                    With retries 0, every other request fails with 503
 *         checks:    `fall` failed checks and HAProxy says "Server hosts/h1 is DOWN": from then
 *                    on no request goes to it, and no client request had to fail to learn it
 *   hangs (SIGSTOP: the kernel still completes handshakes)
 *         no checks: the request is sent, nothing answers, `timeout server` → 504, not retried
 *                    (the request may have done its work: HAProxy retries only connections)
 *         checks:    the check's GET times out; DOWN with no client request at all; SIGCONT →
 *                    the next good check, "is UP", and it gets its share again
 */
import { isAlive } from '@cluster-from-scratch/kit/platform';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { expect, it } from 'vitest';
import type { HaproxyFrontOptions } from '../src/haproxy-front.ts';
import { type Host, hangHost, killHostPrimary, resumeHost } from '../src/hosts.ts';
import { runLoad } from '../src/probe.ts';
import { describeWithHaproxy, startTestHaproxyFront } from './support/haproxy.ts';
import { refuses } from './support/hosts.ts';

const REQUESTS = 20;

async function killed(host: Host): Promise<void> {
  killHostPrimary(host);
  await pollUntil(() => refuses(host), { what: `host ${host.address} to refuse connections` });
  await pollUntil(() => host.workerPids.every((pid) => !isAlive(pid)), {
    what: "the dead host's workers to leave after their primary",
  });
}

const twoHosts = (haproxy: HaproxyFrontOptions['haproxy']): HaproxyFrontOptions => ({
  hosts: 2,
  workers: 1,
  kind: 'cluster',
  haproxy: { threads: 1, ...haproxy },
});

/** Requests per server name, and the failed ones' statuses. */
function split(results: Awaited<ReturnType<typeof runLoad>>) {
  return {
    h1: results.filter((r) => r.ok && r.upstreamServer === 'h1').length,
    h2: results.filter((r) => r.ok && r.upstreamServer === 'h2').length,
    failed: results.filter((r) => !r.ok).map((r) => r.status),
  };
}

describeWithHaproxy('HAProxy: a host dies', () => {
  const harness = useHarness();

  it('no checks: every request is dealt to the dead host first (the redispatch to the other host moves roundrobin on past it), refused, and redispatched: 0 failed, 20 of 20 retried', async () => {
    const front = await startTestHaproxyFront(harness, twoHosts({ checks: false }));
    const [dead] = front.hosts as [Host, Host];
    await killed(dead);
    const results = await runLoad({ port: front.haproxy.port, requests: REQUESTS });
    const [h1] = await front.haproxy.servers();
    console.log(
      `haproxy, no checks, retries 1 + redispatch: ${JSON.stringify(split(results))}; h1 ${JSON.stringify(h1)}`,
    );
    expect(split(results)).toEqual({ h1: 0, h2: REQUESTS, failed: [] });
    expect(h1?.total).toBe(REQUESTS);
    expect(h1?.redispatches).toBe(REQUESTS);
    expect(h1?.status).toBe('no check');
  });

  it('no checks, retries 0: every request dealt to the dead host fails with 503', async () => {
    const front = await startTestHaproxyFront(
      harness,
      twoHosts({ checks: false, retries: 0, redispatch: false }),
    );
    await killed(front.hosts[0] as Host);
    const results = await runLoad({ port: front.haproxy.port, requests: REQUESTS });
    console.log(`haproxy, no checks, retries 0: ${JSON.stringify(split(results))}`);
    expect(split(results)).toEqual({
      h1: 0,
      h2: REQUESTS / 2,
      failed: Array(REQUESTS / 2).fill(503),
    });
  });

  it('active checks: HAProxy says the host is DOWN before any client asks; then every request goes to the other host and none is retried', async () => {
    const front = await startTestHaproxyFront(
      harness,
      twoHosts({ checkIntervalMs: 200, fall: 2, rise: 1 }),
    );
    const { haproxy } = front;
    await killed(front.hosts[0] as Host);
    const line = await haproxy.serverWent('h1', 'DOWN');
    expect(line).toMatch(/Layer4 connection problem.*Connection refused/);
    const before = (await haproxy.servers())[0];
    const results = await runLoad({ port: haproxy.port, requests: REQUESTS });
    const after = (await haproxy.servers())[0];
    console.log(`haproxy, checks: ${line}; then ${JSON.stringify(split(results))}`);
    expect(split(results)).toEqual({ h1: 0, h2: REQUESTS, failed: [] });
    expect(after?.status).toBe('DOWN');
    expect(after?.total).toBe(before?.total);
    expect(after?.redispatches).toBe(before?.redispatches);
  });
});

describeWithHaproxy('HAProxy: a host hangs', () => {
  const harness = useHarness();

  it('no checks: the request sent to the hung host waits for timeout server and fails with 504, not retried', async () => {
    const front = await startTestHaproxyFront(
      harness,
      twoHosts({ checks: false, serverTimeoutMs: 2000 }),
    );
    const hung = front.hosts[0] as Host;
    hangHost(hung);
    try {
      const results = await runLoad({ port: front.haproxy.port, requests: 6 });
      const slow = results.filter((r) => !r.ok);
      console.log(
        `haproxy hung host, no checks: ${JSON.stringify(split(results))}; failed ones waited ${slow.map((r) => Math.round(r.latencyMs)).join(', ')} ms`,
      );
      expect(split(results)).toEqual({ h1: 0, h2: 3, failed: [504, 504, 504] });
      // A lower bound set by the config, not a speed.
      for (const r of slow) expect(r.latencyMs).toBeGreaterThanOrEqual(2000 * 0.9);
    } finally {
      resumeHost(hung);
    }
  });

  it('active checks: DOWN with no client request at all, no request to it while hung, UP after SIGCONT and its share again', async () => {
    const front = await startTestHaproxyFront(
      harness,
      twoHosts({ checkIntervalMs: 200, fall: 2, rise: 1, serverTimeoutMs: 2000 }),
    );
    const { haproxy } = front;
    const hung = front.hosts[0] as Host;
    hangHost(hung);
    const events: string[] = [];
    try {
      events.push(await haproxy.serverWent('h1', 'DOWN'));
      const during = await runLoad({ port: haproxy.port, requests: 10 });
      expect(split(during)).toEqual({ h1: 0, h2: 10, failed: [] });
    } finally {
      resumeHost(hung);
    }
    events.push(await haproxy.serverWent('h1', 'UP'));
    const after = await runLoad({ port: haproxy.port, requests: 10 });
    console.log(
      `haproxy hung host, checks: ${events.join(' → ')}; after: ${JSON.stringify(split(after))}`,
    );
    expect(events[0]).toMatch(/is DOWN, reason: Layer7 timeout/);
    expect(events[1]).toMatch(/is UP, reason: Layer7 check passed/);
    expect(split(after)).toEqual({ h1: 5, h2: 5, failed: [] });
  });
});
