/**
 * Differential: a fixed port freed by one worker is taken by another, and the first worker
 * then listens on it again while the other holds it — on node:cluster and on the clone, under
 * both policies (fixtures/port-handover.ts; the sequence of Node's
 * test/sequential/test-cluster-port-reuse-between-workers.js).
 *
 * Node changed here: from 22.22.1 / 24.13.1 / 25.5.0 (nodejs/node#60141) the primary's key of a
 * fixed port has no listen index, so the first worker's third listen finds the second
 * worker's socket and joins it; before that it is a new bind and EADDRINUSE. The same change
 * makes a worker's second listen on its own port die with ERR_INTERNAL_ASSERTION under
 * SCHED_NONE (nodejs/node#64869). The clone joins on every line and never dies.
 */
import { nodeHas } from '@cluster-from-scratch/kit/node-lines';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureRunsPerPolicy, policyCases, type Report } from './differential.ts';

const harness = useHarness();
const cases = policyCases;
const report = fixtureRunsPerPolicy(harness, 'port-handover');
const joins = nodeHas('fixedPortKeyWithoutIndex');
const noneDies = nodeHas('noneRelistenBug');
const died = { died: { code: 1, signal: null } };

describe.each(cases)(
  'a port handed between workers on $impl, policy $policy',
  ({ impl, policy }) => {
    let r: Report;
    beforeAll(() => {
      r = report(impl, policy);
    });
    const nodeNoneDies = impl === 'node' && policy === 'none' && noneDies;

    it('worker 1 listens on the port', () => {
      expect(r.steps.w1First).toMatchObject({ ok: true });
    });

    if (nodeNoneDies) {
      it(`node:cluster ${process.version} SCHED_NONE: worker 1's second listen on its own port kills it with ERR_INTERNAL_ASSERTION (nodejs/node#64869)`, () => {
        expect(r.steps.w1Second).toEqual(died);
        expect(r.steps.w1CloseFirst).toEqual(died);
        expect(r.steps.w1CloseFirst).toEqual(died);
        expect(r.primaryStderr).toContain('ERR_INTERNAL_ASSERTION');
      });
    } else {
      it("worker 1's second listen on the same port fails with EADDRINUSE; closing its first server works", () => {
        expect(r.steps.w1Second).toMatchObject({ ok: false, code: 'EADDRINUSE' });
        expect(r.steps.w1CloseFirst).toMatchObject({ ok: true });
      });
    }

    if (nodeNoneDies) return; // the sequence ended with worker 1

    it('worker 2 then takes the port worker 1 freed, and answers on it', () => {
      expect(r.steps.w2First).toMatchObject({ ok: true });
      expect(r.steps.servedByW2).toBe(true);
    });
    if (impl === 'node' && !joins) {
      it(`node:cluster ${process.version}: worker 1's new listen on the port worker 2 holds is a new bind, EADDRINUSE (joins from 22.22.1 / 24.13.1)`, () => {
        expect(r.steps.w1Third).toMatchObject({ ok: false, code: 'EADDRINUSE' });
      });
    } else {
      it("worker 1's new listen on the port worker 2 holds joins it; with worker 2's closed, worker 1 answers", () => {
        expect(r.steps.w1Third).toMatchObject({ ok: true });
        expect(r.steps.w2Close).toMatchObject({ ok: true });
        expect(r.steps.servedByW1).toBe(true);
      });
    }
  },
);
