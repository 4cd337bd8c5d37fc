/**
 * Exercise 06.2: the worker-side fake handle that makes listen() ask the primary.
 * First on its own, then inside the whole clone (every worker uses your makeFakeHandle).
 */
import { pickTarget } from '@cluster-from-scratch/kit/exercises';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import * as starter from '../../exercises/fake-handle.ts';
import * as solution from '../../src/fake-handle.ts';
import type { Report } from '../differential.ts';
import { runExercise } from './run-fixture.ts';

const harness = useHarness();
const { makeFakeHandle } = pickTarget({ starter, solution });
const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('06.2 makeFakeHandle on its own', () => {
  it('listen() succeeds without binding; getsockname() answers with the primary socket', () => {
    const sockname = { address: '::', family: 'IPv6', port: 41811 };
    const handle = makeFakeHandle({ sockname }, () => {});
    expect(handle.listen(511)).toBe(0);
    const out = {};
    expect(handle.getsockname?.(out)).toBe(0);
    expect(out).toEqual(sockname);
    handle.close();
  });

  it('has no getsockname when the reply has no sockname (a Unix socket)', () => {
    const handle = makeFakeHandle({}, () => {});
    expect(handle.getsockname).toBeUndefined();
    handle.close();
  });

  it('keeps the process alive until unref() or close(), and tells the primary once', () => {
    const before = timeouts();
    let told = 0;
    const handle = makeFakeHandle({ sockname: { port: 1 } }, () => told++);
    expect(timeouts()).toBe(before + 1);
    handle.unref();
    expect(timeouts()).toBe(before);
    handle.ref();
    expect(timeouts()).toBe(before + 1);
    handle.close();
    handle.close();
    expect(told).toBe(1);
    expect(timeouts()).toBe(before);
  });
});

describe('06.2 makeFakeHandle in the clone', () => {
  let r: Report;
  beforeAll(async () => {
    r = await runExercise(harness, 'fake-handle.ts');
  }, 90_000);

  it("server.listen(0) works in both workers; server.address() is the primary's socket", () => {
    for (const said of r.said) {
      expect(said.portA).toBe(r.portA);
      expect(said.addressA).toEqual({ address: '::', family: 'IPv6', port: r.portA });
      expect(said.handleKeysA).toEqual([
        'close',
        'getsockname',
        'listen',
        'onconnection',
        'ref',
        'unref',
      ]);
    }
  });

  it('ref()/unref() from net.Server reach the handle', () => {
    for (const said of r.said) {
      const [listening, afterUnref, afterRef] = said.timeouts;
      expect(afterUnref).toBe(listening - 1);
      expect(afterRef).toBe(listening);
    }
  });

  it('server.close() tells the primary exactly once; the primary then stops listening', () => {
    const closesOfB = Object.entries(r.closes).filter(([k]) => k.endsWith('null:0:4:undefined:1'));
    expect(closesOfB.map(([, n]) => n)).toEqual([1, 1]);
    expect(r.pids).toContain(r.afterCloseA);
  });
});
