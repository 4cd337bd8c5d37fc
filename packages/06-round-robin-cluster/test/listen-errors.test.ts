/**
 * Differential: listen() in workers when the primary cannot bind, the port another worker got,
 * exclusive: true, a host, and a worker that dies before listening — on node:cluster and on the
 * clone, under both scheduling policies (fixtures/listen-errors.ts).
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureRunsPerPolicy, policyCases, type Report } from './differential.ts';

const harness = useHarness();

const cases = policyCases;
const report = fixtureRunsPerPolicy(harness, 'listen-errors');

describe.each(cases)('listen errors on $impl, policy $policy', ({ impl, policy }) => {
  let r: Report;
  beforeAll(() => {
    r = report(impl, policy);
  });

  it("EADDRINUSE in the primary reaches the worker's server as an 'error' event", () => {
    expect(r.inUse).toEqual({
      id: 1,
      ok: false,
      error: {
        code: 'EADDRINUSE',
        syscall: 'bind',
        errno: -98,
        address: null,
        port: r.blocked,
        message: `bind EADDRINUSE null:${r.blocked}`,
      },
    });
  });

  it('after the error the worker lives on, and the same server can listen again', () => {
    expect(r.w1AliveAfterError).toBe(true);
    expect(r.retry.ok).toBe(true);
    // Node quirk, kept: the failed listen's 'listening' hook still fires, so the retry is
    // announced twice.
    const ofW1 = r.listenEvents.filter((e: Report) => e.worker === 1).map((e: Report) => e.where);
    expect(ofW1.slice(0, 2)).toEqual([
      { addressType: 4, address: null, port: r.port },
      { addressType: 4, address: null, port: r.port },
    ]);
  });

  it('NODE_CLUSTER_SCHED_POLICY decides who holds the LISTEN socket', () => {
    expect(r.policy).toBe(policy === 'rr' ? 2 : 1);
    // primary, w1 (listening), w2 (not listening on it)
    expect(r.portHolders).toEqual(policy === 'rr' ? [1, 0, 0] : [1, 1, 0]);
  });

  it('a worker asking for the port another got from listen(0) gets EADDRINUSE (another key)', () => {
    expect(r.taken.error).toMatchObject({ code: 'EADDRINUSE', syscall: 'bind', port: r.port });
    expect(r.listenEvents.some((e: Report) => e.worker === 2)).toBe(false);
  });

  it('a1-42: exclusive: true makes a worker bind its own socket; a second one gets EADDRINUSE', () => {
    expect(r.exclusive.ok).toBe(true);
    expect(r.exclusive.address.port).not.toBe(r.port); // port 0, exclusive: a port of its own
    expect(r.exclusiveHolders).toEqual([0, 0, 1]); // primary, w1, w2: only w2 holds it
    expect(r.exclusiveTaken.error).toMatchObject({ code: 'EADDRINUSE', syscall: 'listen' });
  });

  it("a host: 'listening' has its address, server.address() names it", () => {
    expect(r.withHost.address).toEqual({
      address: '127.0.0.1',
      family: 'IPv4',
      port: r.withHost.address.port,
    });
    expect(r.listenEvents.at(-1)).toEqual({
      worker: 1,
      where: { addressType: 4, address: '127.0.0.1', port: r.withHost.address.port },
    });
  });

  it("a worker that crashes before listening: 'exit' (1, null), never 'listening', then unlisted", () => {
    expect(r.crash).toEqual({ code: 1, signal: null });
    expect(r.crashExitedAfterDisconnect).toBe(false);
    expect(r.listenEvents.some((e: Report) => e.worker === 3)).toBe(false);
    expect(r.w3Listed).toBe(false);
  });
});
