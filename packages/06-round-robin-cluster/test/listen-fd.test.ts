/**
 * Differential: listen({ fd }) in a worker, the fd being the primary's — on node:cluster and on
 * the clone, under both policies (fixtures/listen-fd.ts; Node's test-listen-fd-cluster).
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureRunsPerPolicy, policyCases, type Report } from './differential.ts';

const harness = useHarness();
const cases = policyCases;
const report = fixtureRunsPerPolicy(harness, 'listen-fd');

describe.each(cases)('listen({ fd }) in a worker on $impl, policy $policy', ({ impl, policy }) => {
  let r: Report;
  beforeAll(() => {
    r = report(impl, policy);
  });

  it("the worker listens on the primary's descriptor; server.address() is that socket's", () => {
    expect(r.result).toMatchObject({ ok: true, address: { address: '127.0.0.1', port: r.port } });
  });

  it("the primary's 'listening' names the socket's port, with the fd and no address type", () => {
    expect(r.listening).toMatchObject({ port: r.port, fd: expect.any(Number), addressType: null });
  });

  it('a request to that port is answered by the worker', () => {
    expect(r.servedByWorker).toBe(true);
  });
});
