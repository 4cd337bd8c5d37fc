/**
 * The lab's bookkeeping on small inputs: counting results, following workers, checking input.
 * (The API and browser tests show the same things end to end, with real processes.)
 */
import type { RequestResult } from '@cluster-from-scratch/kit/http-load';
import { SERVING_MODES } from '@cluster-from-scratch/kit/modes';
import { describe, expect, it } from 'vitest';
import { parseHookEvent } from '../src/hook-listener.ts';
import { type LabError, parseLoadRequest, parseServerRequest } from '../src/input.ts';
import { MODES, modeStatus, routeOf } from '../src/modes.ts';
import { Roster } from '../src/roster.ts';
import { LoadTally } from '../src/tally.ts';

const ok = (servedBy: number, connection: number): RequestResult => ({
  ok: true,
  status: 200,
  servedBy,
  connection,
  latencyMs: 1,
});
const failed = (connection: number, error: string): RequestResult => ({
  ok: false,
  error,
  connection,
  latencyMs: 1,
});

describe('LoadTally', () => {
  it('fresh connections: every request is a connection; failures are counted with their reason', () => {
    const tally = new LoadTally('fresh');
    for (const [pid, i] of [
      [10, 0],
      [11, 1],
      [10, 2],
    ] as const)
      tally.add(ok(pid, i));
    tally.add(failed(3, 'ECONNRESET'));
    tally.add(failed(4, 'ECONNRESET'));
    tally.add({ ok: false, status: 503, connection: 5, latencyMs: 1 });
    expect(tally.get(10)).toEqual({ requests: 2, connections: 2 });
    expect(tally.get(11)).toEqual({ requests: 1, connections: 1 });
    expect(tally.requests).toBe(3);
    expect(tally.failed).toBe(3);
    expect([...tally.reasons]).toEqual([
      ['ECONNRESET', 2],
      ['HTTP 503', 1],
    ]);
    expect(tally.takeArrivals().arrivals.map((a) => a.pid)).toEqual([10, 11, 10]);
    expect(tally.takeArrivals().arrivals).toEqual([]);
  });

  it('keep-alive: a lane counts a new connection when another process answers or after a failure', () => {
    const tally = new LoadTally('keep-alive');
    for (let i = 0; i < 5; i++) tally.add(ok(10, 0)); // lane 0 pinned to pid 10
    tally.add(ok(11, 1));
    tally.add(failed(1, 'ECONNRESET')); // lane 1's worker went away …
    tally.add(ok(11, 1)); // … and it reconnected (to the same pid, after a failure: new)
    tally.add(ok(12, 1)); // a different pid answers lane 1: new connection again
    expect(tally.get(10)).toEqual({ requests: 5, connections: 1 });
    expect(tally.get(11)).toEqual({ requests: 2, connections: 2 });
    expect(tally.get(12)).toEqual({ requests: 1, connections: 1 });
    expect(tally.connections).toBe(4);
  });

  it('keeps at most its limit of arrivals between two flushes, and says how many it dropped', () => {
    const tally = new LoadTally('fresh', 3);
    for (let i = 0; i < 5; i++) tally.add(ok(10, i));
    const { arrivals, dropped } = tally.takeArrivals();
    expect(arrivals).toHaveLength(3);
    expect(dropped).toBe(2);
  });
});

describe('Roster', () => {
  const roster = () => {
    const said: string[] = [];
    return { said, roster: new Roster((text) => said.push(text)) };
  };

  it('tells each fact once when several observers report it', () => {
    const { said, roster: r } = roster();
    r.reset(100, [101, 102]);
    r.markKilled(101);
    r.scan([102], () => false); // the scan finds 101 gone first…
    r.exited(101, 'signal SIGKILL, unexpected'); // …then the supervisor says how
    r.fork(103, 'supervisor', { id: 3, replaces: 101, state: 'starting' });
    r.fork(103, 'scan'); // the scan sees the same child later: not news
    r.ready(103);
    expect(r.get(101)).toMatchObject({
      state: 'exited',
      exit: 'signal SIGKILL, unexpected',
      replacedBy: 103,
    });
    expect(r.get(103)).toMatchObject({ state: 'up', replaces: 101, id: 3 });
    expect(r.live()).toEqual([102, 103]);
    expect(said).toEqual([
      'worker pid 101 exited (SIGKILL from the page)',
      'worker pid 103 replaces pid 101 (it was killed from the page)',
    ]);
  });

  it('takes a child of the primary for a worker only when a second scan still finds it', () => {
    const { roster: r } = roster();
    r.reset(100, [101]);
    r.scan([101, 150], () => true);
    expect(r.get(150)).toBeUndefined();
    r.scan([101, 150], () => true);
    expect(r.get(150)).toMatchObject({ origin: 'scan', state: 'up' });
  });

  it('a pid that served a request but was never announced is a worker; the primary is not', () => {
    const { roster: r } = roster();
    r.reset(100, [101]);
    r.seen(100);
    r.seen(160);
    expect(r.list().map((w) => w.pid)).toEqual([101, 160]);
  });
});

describe('input', () => {
  it('names the field and the range of a bad value', () => {
    const status = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return [(error as LabError).status, (error as Error).message];
      }
      return undefined;
    };
    expect(status(() => parseServerRequest({ mode: 'node-rr', workers: 8.5 }))).toEqual([
      400,
      'workers must be a whole number from 1 to 8, got 8.5',
    ]);
    expect(status(() => parseLoadRequest({ kind: 'fresh', requests: 0 }))).toEqual([
      400,
      'requests must be from 1 to 200000, got 0',
    ]);
    expect(parseLoadRequest({ kind: 'browser', connections: 50 })).toEqual({
      kind: 'browser',
      connections: 1,
      durationMs: 10_000,
      requests: 50_000,
    });
    expect(parseServerRequest({ mode: 'node-rr', workers: '3' }).workers).toBe(3);
  });

  it('accepts only well-formed lab-hook events', () => {
    expect(parseHookEvent('{"kind":"handoff","pid":5,"worker":6,"at":1}')).toMatchObject({
      kind: 'handoff',
      pid: 5,
      worker: 6,
    });
    expect(parseHookEvent('{"kind":"teleport","pid":5}')).toBeUndefined();
    expect(parseHookEvent('{"kind":"accept","pid":-1}')).toBeUndefined();
    expect(parseHookEvent('{"kind":"accept","pid":5,"worker":"x"}')).toBeUndefined();
    expect(parseHookEvent('nonsense')).toBeUndefined();
  });
});

describe('modes', () => {
  it('route: only the shared socket lets workers accept directly', () => {
    expect(MODES.map((m) => [m.id, routeOf(m.accept)])).toEqual([
      ['node-rr', 'primary'],
      ['node-none', 'direct'],
      ['s03-proxy', 'primary'],
      ['s04-shared', 'direct'],
      ['s04-passing', 'primary'],
      ['s05-supervisor', 'direct'],
      ['s06-rr', 'primary'],
      ['s06-none', 'direct'],
    ]);
  });

  it('a mode whose program does not exist is disabled, with a note naming what is missing', () => {
    const missing = modeStatus({ ...MODES[2]!, program: 'packages/09-x/src/serve.ts' });
    expect(missing).toMatchObject({ id: 's03-proxy', enabled: false });
    expect(missing.note).toBe('stage 03 has no server program yet (no packages/09-x/src/serve.ts)');
  });

  it('the page gets every lab mode of the catalogue, with the program it runs', () => {
    expect(MODES.map((m) => modeStatus(m))).toEqual(
      SERVING_MODES.filter((m) => m.inLab).map((m) =>
        expect.objectContaining({ id: m.id, label: m.label.en, enabled: true, script: m.program }),
      ),
    );
  });
});
