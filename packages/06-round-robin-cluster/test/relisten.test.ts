/**
 * Differential: a worker retries listen(port) after EADDRINUSE, once the port is free — on
 * node:cluster and on the clone, under both policies (fixtures/relisten.ts).
 *
 * Node changed here: from 22.22.1, 24.13.1 and 25.5.0 (nodejs/node#60141) the primary's key
 * for a fixed port no longer carries the worker's listen index. Under SCHED_NONE the retry
 * then meets the first, failed attempt's entry, and the worker dies with
 * ERR_INTERNAL_ASSERTION (nodejs/node#64869, fix nodejs/node#65020 not released yet). The
 * clone keeps the index in its keys and listens, on every line.
 */
import { observe } from '@cluster-from-scratch/kit/line-observations';
import { nodeHas } from '@cluster-from-scratch/kit/node-lines';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureRunsPerPolicy, policyCases, type Report } from './differential.ts';

const harness = useHarness();
const cases = policyCases;
const report = fixtureRunsPerPolicy(harness, 'relisten');
const keyLostIndex = nodeHas('fixedPortKeyWithoutIndex');
const retryCrashes = nodeHas('noneRelistenBug');

describe.each(cases)(
  'listen again after EADDRINUSE on $impl, policy $policy',
  ({ impl, policy }) => {
    let r: Report;
    beforeAll(() => {
      r = report(impl, policy);
    });

    it('the first listen(port) on a taken port fails with EADDRINUSE', () => {
      expect(r.first).toEqual({ ok: false, code: 'EADDRINUSE' });
    });

    if (impl === 'node' && policy === 'none' && retryCrashes) {
      it(`node:cluster ${process.version} SCHED_NONE: the retry kills the worker with ERR_INTERNAL_ASSERTION (nodejs/node#64869)`, () => {
        expect(r.died).toEqual({ code: 1, signal: null });
        expect(r.primaryStderr).toContain('ERR_INTERNAL_ASSERTION');
        expect(r.primaryStderr).toMatch(/internal\/cluster\/child/);
      });
    } else {
      it('once the port is free, the same server listens on it', () => {
        expect(r.died).toBeUndefined();
        expect(r.attempt).toEqual({ ok: true, port: r.port });
        expect(r.primaryStderr).not.toContain('ERR_INTERNAL_ASSERTION');
      });
    }

    it('a1-51: the key of a fixed port: address:port:addressType:fd, with the listen index but on newer node:cluster', () => {
      if (r.died) return expect(impl === 'node' && policy === 'none' && retryCrashes).toBe(true);
      const withIndex = `null:${r.port}:4:undefined:1`; // the worker's second listen has index 1
      const withoutIndex = `null:${r.port}:4:undefined`;
      const expected = impl === 'node' && keyLostIndex ? withoutIndex : withIndex;
      expect(r.keys.at(-1)).toBe(expected);
      if (impl === 'node' && policy === 'rr') {
        observe(
          'a1-51',
          keyLostIndex ? 'dated' : 'holds',
          keyLostIndex
            ? `fixed port: key ${withoutIndex.replace(String(r.port), 'P')} (no index); port 0 keeps it`
            : `fixed port: key ${withIndex.replace(String(r.port), 'P')}`,
          'fixedPortKeyWithoutIndex',
        );
      }
    });
  },
);
