/**
 * Differential: UDP sockets in workers — on node:cluster and on the clone, under both
 * scheduling policies (fixtures/dgram.ts). A worker's bind() goes through the primary, which
 * binds one socket per address and shares it (whatever the policy); exclusive: true binds in
 * the worker; disconnect closes the worker's shared sockets as it closes its servers.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureRunsPerPolicy, policyCases, type Report } from './differential.ts';

const harness = useHarness();
const cases = policyCases;
const report = fixtureRunsPerPolicy(harness, 'dgram');

describe.each(cases)('UDP in workers on $impl, policy $policy', ({ impl, policy }) => {
  let r: Report;
  beforeAll(() => {
    r = report(impl, policy);
  });

  it("port 0 in both workers: one port, one socket held by the primary and both workers; 'listening' (udp4) on the cluster for each", () => {
    expect(r.zero.map((z: Report) => z.ok)).toEqual([true, true]);
    expect(r.zero[1].port).toBe(r.zero[0].port);
    expect(r.sharedInodes).toBe(1);
    const onZero = r.clusterListening.filter((e: Report) => e.where.port === r.zero[0].port);
    expect(onZero).toEqual(
      [1, 2].map((worker) => ({
        worker,
        where: { addressType: 'udp4', address: '127.0.0.1', port: r.zero[0].port, fd: -1 },
      })),
    );
  });

  it('datagrams to the shared port are answered by the workers, never by the primary', () => {
    expect(r.answers).toHaveLength(10);
    for (const pid of r.answers) expect(r.pids).toContain(pid);
  });

  it('several workers binding one fixed port (no reuseAddr) all succeed: it is one socket', () => {
    expect(r.fixed.map((f: Report) => f.ok)).toEqual([true, true]);
  });

  it("exclusive: true binds in the worker: no cluster 'listening'; another worker's exclusive bind of that port gets EADDRINUSE", () => {
    expect(r.exclusive[0]).toMatchObject({ ok: true });
    expect(r.exclusiveListening).toBe(0);
    expect(r.exclusive[1]).toMatchObject({ ok: false, code: 'EADDRINUSE', syscall: 'bind' });
  });

  it("the primary's bind error reaches the worker's socket as 'error' (EADDRINUSE, syscall bind), not its callback; the worker lives on", () => {
    expect(r.blocked).toMatchObject({
      ok: false,
      code: 'EADDRINUSE',
      syscall: 'bind',
      callbackCalled: false,
    });
    expect(r.aliveAfterError).toBe(true);
  });

  it("a socket closed while its bind is with the primary: only 'close', and the primary lets the port go", () => {
    expect(r.inFlight.events).toEqual(['close']);
    expect(r.spareAfter).toMatchObject({ ok: true });
  });

  it('two sockets of one worker binding port 0 get a socket and a port each; closed on the next tick, they bind again', () => {
    expect(r.twice.ok).toBe(true);
    expect(new Set(r.twice.first).size).toBe(2);
    expect(new Set(r.twice.again).size).toBe(2);
  });

  it("bind({ fd }) goes to the primary too: its stdout is no UDP socket, so 'error' EINVAL (syscall open) in the worker", () => {
    expect(r.notUdp).toMatchObject({ ok: false, code: 'EINVAL', syscall: 'open' });
  });

  it('disconnect closes the shared sockets: the workers exit 0 by themselves and both ports are free again', () => {
    expect(r.exits).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    expect(r.exitedAfterDisconnect).toEqual([true, true]);
    expect(r.sharedPortAfter).toMatchObject({ ok: true });
    expect(r.fixedPortAfter).toMatchObject({ ok: true });
  });
});
