/**
 * Differential: a worker's life as the primary sees it, on node:cluster and on the clone.
 * One fixture run per implementation (fixtures/lifecycle.ts); each test reads one part of it.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureRuns, impls, type Report } from './differential.ts';

const harness = useHarness();
const report = fixtureRuns(harness, 'lifecycle');

describe.each(impls)('lifecycle on %s', (impl) => {
  let r: Report;
  beforeAll(() => {
    r = report(impl);
  });

  it('a5-07: cluster is a plain EventEmitter with the same keys as node:cluster, other keys in a worker', () => {
    expect(r.constructorName).toBe('EventEmitter');
    expect(r.isEventEmitter).toBe(true);
    expect(r.keys).toEqual([
      'SCHED_NONE',
      'SCHED_RR',
      'Worker',
      '_events',
      '_eventsCount',
      '_maxListeners',
      'disconnect',
      'fork',
      'isMaster',
      'isPrimary',
      'isWorker',
      'schedulingPolicy',
      'settings',
      'setupMaster',
      'setupPrimary',
      'workers',
    ]);
    for (const said of r.said) {
      expect(said.keys).toEqual([
        'Worker',
        '_events',
        '_eventsCount',
        '_getServer',
        '_maxListeners',
        '_setupWorker',
        'isMaster',
        'isPrimary',
        'isWorker',
        'worker',
      ]);
    }
  });

  it('a1-34, a3-19, a5-08: isMaster is isPrimary; workers see isWorker; cluster.worker only in workers', () => {
    expect([r.isPrimary, r.isMaster, r.isWorker]).toEqual([true, true, false]);
    expect(r.workerInPrimary).toBe('undefined');
    for (const said of r.said) {
      expect([said.isPrimary, said.isMaster, said.isWorker]).toEqual([false, false, true]);
      expect(said.workerProcessIsProcess).toBe(true);
      expect(said.workerState).toBe('online');
    }
  });

  it('a1-39, a1-36, a5-28: settings are {} before the first fork, then the defaults (exec = argv[1])', () => {
    expect(r.settingsBefore).toEqual({});
    expect(r.settingsAfter).toEqual({
      args: [],
      exec: r.argv1,
      execArgv: r.execArgv,
      silent: false,
    });
  });

  it('a5-18, a5-19: ids count from 1; the legacy workerID/uniqueID are gone', () => {
    expect(r.justForked.map((w: Report) => w.id)).toEqual([1, 2]);
    expect(r.said.map((s: Report) => s.id).sort()).toEqual([1, 2]);
    for (const w of r.justForked) expect(w.legacyIds).toEqual([null, null]); // undefined in JSON
  });

  it('a1-32, a2-07, a5-04, a4-28: worker.process is a ChildProcess of node itself', () => {
    for (const w of r.justForked) {
      expect(w.isChildProcess).toBe(true);
      expect(w.spawnfile).toBe(process.execPath);
      expect(w.ownKeys).toEqual([
        '_events',
        '_eventsCount',
        '_maxListeners',
        'exitedAfterDisconnect',
        'id',
        'process',
        'state',
      ]);
    }
  });

  it('a2-06: workers are children of the primary (ppid)', () => {
    for (const said of r.said) expect(said.ppid).toBe(r.primaryPid);
  });

  it("a1-38: the primary listens for 'internalMessage' on worker.process", () => {
    for (const w of r.justForked) expect(w.internalListeners).toBe(2);
  });

  it('a5-06: workers re-run the file from the top; nothing of the primary heap is copied', () => {
    const randoms = new Set([r.primaryRandom, ...r.said.map((s: Report) => s.random)]);
    expect(randoms.size).toBe(3);
    for (const said of r.said) expect(said.setInPrimary).toBe('undefined');
  });

  it('a5-14, a1-56: the id variable is deleted from a worker env once it is set up', () => {
    for (const said of r.said) expect(said.idVarInEnv).toBe(false);
  });

  it("a5-15, a5-17: a worker has no fork/setupPrimary; a worker's own child is a primary", () => {
    for (const said of r.said) {
      expect(said.forkType).toBe('undefined');
      expect(said.setupPrimaryType).toBe('undefined');
      expect(said.workersType).toBe('undefined');
    }
    const [first] = r.said.filter((s: Report) => s.id === 1);
    expect(first.grandchild).toMatchObject({ isPrimary: true, forkType: 'function' });
  });

  it("a5-22, a3-22: 'fork' comes on the next tick (a later listener hears it); workers have no 'fork'", () => {
    expect(r.lateFork).toEqual([1, 2]);
    for (const seen of Object.values(r.workerEvents) as string[][]) {
      expect(seen.some((e) => e.startsWith('fork'))).toBe(false);
    }
  });

  it('a3-25, a5-20: per worker: fork → online → listening → disconnect → exit, with the states', () => {
    for (const id of [1, 2]) {
      const mine = (r.events as string[]).filter((e) => e.endsWith(` ${id}`));
      expect(mine).toEqual([
        `fork ${id}`,
        `online ${id}`,
        `listening ${id}`,
        `disconnect ${id}`,
        `exit ${id}`,
      ]);
      expect(r.workerEvents[id]).toEqual([
        'online:online',
        'listening:listening',
        'disconnect:disconnected',
        'exit:dead',
      ]);
    }
    expect(r.justForked.map((w: Report) => w.state)).toEqual(['none', 'none']);
    expect(r.statesWhileUp).toEqual(['listening', 'listening']);
  });

  it('a3-23, a1-41: listen(0) → one shared port, listening (worker, {addressType 4, address null, port})', () => {
    const [a, b] = r.listening;
    expect(a).toEqual({ addressType: 4, address: null, port: a.port });
    expect(a.port).toBeGreaterThan(0);
    expect(b.port).toBe(a.port); // port 0 means "one port for all": both workers share it
    for (const said of r.said) {
      // The worker's server reports the primary's socket: bound on :: (IPv6 any).
      expect(said.address).toEqual({ address: '::', family: 'IPv6', port: a.port });
    }
  });

  it('a1-43, a1-47: a worker server._handle is the fake handle (close listen ref unref getsockname)', () => {
    for (const said of r.said) {
      expect(said.handleKeys).toEqual([
        'close',
        'getsockname',
        'listen',
        'onconnection',
        'ref',
        'unref',
      ]);
    }
  });

  it('a5-21: cluster.workers lists 1, 2; a killed worker leaves on exit, a disconnected one at once', () => {
    expect(r.workersWhileUp).toEqual(['1', '2']);
    expect(r.workersAfterKill).toEqual(['2']);
    expect(r.workersRightAfterDisconnectCall).toEqual([]);
    expect(r.workersAtEnd).toEqual([]);
  });

  it("a3-20, a5-24: 'disconnect' comes before 'exit', for SIGKILL and for disconnect()", () => {
    const events = r.events as string[];
    for (const id of [1, 2]) {
      expect(events.indexOf(`disconnect ${id}`)).toBeLessThan(events.indexOf(`exit ${id}`));
    }
  });

  it("a3-21, a5-23, a5-16: 'exit' gives (null, SIGKILL) for a kill and (0, null) after disconnect", () => {
    expect(r.exits).toEqual([
      { code: null, signal: 'SIGKILL' },
      { code: 0, signal: null },
    ]);
    expect(r.finalStates).toEqual(['dead', 'dead']);
    expect(r.dead).toEqual([true, true]);
    expect(r.connected).toEqual([false, false]);
  });

  it('a1-57: exitedAfterDisconnect is undefined at first, false after a kill, true after disconnect()', () => {
    expect(r.justForked.map((w: Report) => w.exitedAfterDisconnect)).toEqual([
      undefined,
      undefined,
    ]);
    expect(r.exitedAfterDisconnect).toEqual([false, true]);
  });
});
