/**
 * Differential: the Worker constructor (also callable without new) and fork(env) given a
 * string or a number — on node:cluster and on the clone (fixtures/worker-api.ts).
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureRuns, impls, type Report } from './differential.ts';

const harness = useHarness();
const report = fixtureRuns(harness, 'worker-api');

describe.each(impls)('the Worker constructor and fork(env) on %s', (impl) => {
  let r: Report;
  beforeAll(() => {
    r = report(impl);
  });

  it('cluster.Worker() without new gives a Worker (instanceof, constructor, an EventEmitter)', () => {
    expect(r.ctor).toMatchObject({
      calledIsWorker: true,
      calledConstructor: true,
      calledIsEmitter: true,
      name: 'Worker',
    });
  });

  it('no options: id 0, state none, exitedAfterDisconnect undefined, no process property', () => {
    const empty = { id: 0, state: 'none', hasProcess: false };
    expect(r.ctor.called).toEqual(empty); // undefined is dropped by JSON
    expect(r.ctor.constructed).toEqual(empty);
  });

  it('options are taken as given: id, state and process', () => {
    expect(r.ctor.given).toEqual({ id: 3, state: 'online', hasProcess: true });
    expect(r.ctor.givenProcessIsOurs).toBe(true);
  });

  it("fork('ab') forks a worker whose environment has variables 0 and 1 (the string is spread)", () => {
    expect(r.forks.ab).toMatchObject({ indexed: ['0', '1'], id: 1 });
  });

  it('fork(42) forks a worker as fork() would (a number spreads nothing)', () => {
    expect(r.forks['42']).toMatchObject({ indexed: [], id: 2 });
  });
});
