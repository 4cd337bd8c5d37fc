/**
 * Differential: the scheduling policy — its values, NODE_CLUSTER_SCHED_POLICY, and when
 * cluster.schedulingPolicy is read — on node:cluster and on the clone (fixtures/policy.ts).
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureRuns, impls, type Report } from './differential.ts';

const harness = useHarness();
const report = fixtureRuns(harness, 'policy');

describe.each(impls)('scheduling policy on %s', (impl) => {
  let r: Report;
  const policyFor = (value: string) => r.fromEnv.find((p: Report) => p.value === value)?.policy;
  beforeAll(() => {
    r = report(impl);
  });

  it('a2-17, a4-27: with the variable unset, Linux gets round robin (2)', () => {
    expect(policyFor('unset')).toBe(2);
  });

  it('a2-19: SCHED_RR is 2, and NODE_CLUSTER_SCHED_POLICY=rr gives it', () => {
    expect(r.fromEnv[0].SCHED_RR).toBe(2);
    expect(policyFor('rr')).toBe(2);
  });

  it('a2-20: SCHED_NONE is 1, and NODE_CLUSTER_SCHED_POLICY=none gives it', () => {
    expect(r.fromEnv[0].SCHED_NONE).toBe(1);
    expect(policyFor('none')).toBe(1);
  });

  it('a2-22: the value is "none", not "node"; node and NONE are silently ignored (→ 2)', () => {
    expect(policyFor('node')).toBe(2);
    expect(policyFor('NONE')).toBe(2);
  });

  it('a2-21: set after the first fork, schedulingPolicy reads 1 but round robin goes on', () => {
    expect(r.propertyAfterLateSet).toBe(1);
    expect(r.holders).toEqual([1, 0, 0]); // only the primary listens: still RR
  });
});
