/**
 * The lab's bookkeeping on small inputs: counting results, following workers, checking input.
 * (The API and browser tests show the same things end to end, with real processes.)
 */
import { readFileSync } from 'node:fs';
import type { RequestResult } from '@cluster-from-scratch/kit/http-load';
import type { LabEvent } from '@cluster-from-scratch/kit/lab-hook';
import { SERVING_MODES } from '@cluster-from-scratch/kit/modes';
import { nodeHas, nodeSince } from '@cluster-from-scratch/kit/node-lines';
import { describe, expect, it } from 'vitest';
import { Counts } from '../src/counts.ts';
import { FairnessSeries } from '../src/fairness-series.ts';
import { parseHookEvent } from '../src/hook-listener.ts';
import { type LabError, parseLoadRequest, parseServerRequest } from '../src/input.ts';
import { MODES, modeStatus, routeOf } from '../src/modes.ts';
import { Roster } from '../src/roster.ts';
import { frontOf } from '../src/server-run.ts';
import { LoadTally } from '../src/tally.ts';
import { followThreadEvent } from '../src/thread-events.ts';
import { CATALOGUES } from '../src/words.ts';

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
    return { said, roster: new Roster((text) => said.push(text.en)) };
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
  it('route: a shared socket, or a socket per worker (reusePort), lets workers accept directly', () => {
    expect(MODES.map((m) => [m.id, routeOf(m.accept)])).toEqual([
      ['node-rr', 'primary'],
      ['node-none', 'direct'],
      ['s03-proxy', 'primary'],
      ['s04-shared', 'direct'],
      ['s04-passing', 'primary'],
      ['s05-supervisor', 'direct'],
      ['s06-rr', 'primary'],
      ['s06-none', 'direct'],
      ['node-reuseport', 'direct'],
      ['s04-reuse-port', 'direct'],
      ['s06-reuseport', 'direct'],
      // Stage 06's scheduling hook: the primary accepts, a schedule picks the worker.
      ['s06-iphash', 'primary'],
      ['s06-leastconn', 'primary'],
      // nginx in front takes every connection: drawn through the primary's box, which is nginx.
      ['s07-nginx', 'primary'],
      ['s07-haproxy', 'primary'],
      // Threads (stage 08): each listens with reusePort, or the main thread relays to them.
      ['s08-threads', 'direct'],
      ['s08-threads-proxy', 'primary'],
    ]);
  });

  it('a mode whose program does not exist is disabled, with a note naming what is missing', () => {
    const missing = modeStatus({ ...MODES[2]!, program: 'packages/09-x/src/serve.ts' });
    expect(missing).toMatchObject({ id: 's03-proxy', enabled: false });
    expect(missing.note).toBe('stage 03 has no server program yet (no packages/09-x/src/serve.ts)');
  });

  it('the page gets every lab mode of the catalogue, with the program it runs, or why not', () => {
    expect(MODES.map((m) => modeStatus(m))).toEqual(
      SERVING_MODES.filter((m) => m.inLab).map((m) =>
        // A reusePort mode on a Node line that ignores the option is shown disabled, with why.
        m.requires && !nodeHas(m.requires)
          ? expect.objectContaining({
              id: m.id,
              enabled: false,
              note: `needs Node ${nodeSince(m.requires)} (this is ${process.versions.node})`,
            })
          : expect.objectContaining({
              id: m.id,
              label: m.label,
              enabled: true,
              script: m.program,
            }),
      ),
    );
  });
});

const hook = (kind: LabEvent['kind'], pid: number, worker?: number): LabEvent => ({
  kind,
  pid,
  worker,
  at: 0,
});

describe("a front's ready report (stage 07)", () => {
  const ready = {
    port: 8080,
    primaryPid: 10,
    workerPids: [21, 22, 31, 32],
    hosts: [
      { address: '127.0.1.1', port: 4001, primaryPid: 20, workerPids: [21, 22], kind: 'cluster' },
      { address: '127.0.1.2', port: 4002, primaryPid: 30, workerPids: [31, 32], kind: 'cluster' },
    ],
    nginx: { masterPid: 40, workerPids: [41, 42], dir: '/tmp/x' },
  };

  it('keeps nginx and the hosts, and nothing else', () => {
    expect(frontOf(ready)).toEqual({
      nginx: { masterPid: 40, workerPids: [41, 42] },
      hosts: [
        { address: '127.0.1.1', port: 4001, primaryPid: 20, workerPids: [21, 22] },
        { address: '127.0.1.2', port: 4002, primaryPid: 30, workerPids: [31, 32] },
      ],
    });
  });

  it('is no front when the report has none, or a malformed one', () => {
    expect(frontOf({ port: 8080, primaryPid: 10, workerPids: [11] })).toBeUndefined();
    expect(frontOf({ ...ready, nginx: { masterPid: '40', workerPids: [] } })).toBeUndefined();
    expect(frontOf({ ...ready, hosts: [{ address: '127.0.1.1' }] })).toBeUndefined();
  });
});

describe('Counts: the one place a connection is counted', () => {
  const primary = 100;

  it('without reports from the servers, the mode decides who accepted and which way it came', () => {
    const counts = new Counts();
    counts.newLoad('fresh');
    expect(counts.onResult(ok(101, 0), primary)).toBe(101);
    expect(counts.onResult(ok(102, 1), primary)).toBe(102);
    expect(counts.onResult(ok(primary, 2), primary)).toBeUndefined();
    expect(counts.onResult(failed(3, 'ECONNRESET'), primary)).toBeUndefined();
    expect(counts.primaryServed).toBe(1);
    // Round robin: every connection the clients made went through the primary.
    expect(counts.primaryAccepted(primary, 'round-robin')).toBe(3);
    expect(counts.primaryAccepts(primary, 'round-robin')).toBe(true);
    // A shared socket (or one socket per worker): the primary accepts none.
    expect(counts.primaryAccepted(primary, 'shared-socket')).toBe(0);
    expect(counts.primaryAccepts(primary, 'own-socket')).toBe(false);
    expect(counts.routeFor(101, primary, 'shared-socket')).toEqual({
      via: 'direct',
      source: 'mode',
    });
    expect(counts.routeFor(primary, primary, 'round-robin')).toEqual({
      via: 'self',
      source: 'mode',
    });
    expect(counts.takeArrivals(primary, 'proxy')).toEqual({
      source: 'mode',
      items: [
        { pid: 101, via: 'primary', source: 'mode' },
        { pid: 102, via: 'primary', source: 'mode' },
        { pid: primary, via: 'self', source: 'mode' },
      ],
      dropped: 0,
    });
    expect(counts.worker(101)).toMatchObject({ requests: 1, connections: 1, share: 1 / 3 });
  });

  it("what the servers report wins over the mode's model", () => {
    const counts = new Counts();
    counts.newLoad('fresh');
    // A worker says it accepted: straight from the socket, whatever the mode claims.
    counts.onHook(hook('accept', 101), primary);
    counts.onHook(hook('request', 101), primary);
    expect(counts.hooked).toBe(true);
    expect(counts.routeFor(101, primary, 'round-robin')).toEqual({ via: 'direct', source: 'hook' });
    expect(counts.worker(101)).toMatchObject({ hookAccepts: 1, hookRequests: 1 });
    // The primary says it accepted twice: that is its count, and everything came through it.
    counts.onHook(hook('accept', primary), primary);
    counts.onHook(hook('accept', primary), primary);
    counts.onHook(hook('handoff', primary, 101), primary);
    expect(counts.primaryAccepted(primary, 'shared-socket')).toBe(2);
    expect(counts.primaryAccepts(primary, 'shared-socket')).toBe(true);
    expect(counts.routeFor(102, primary, 'shared-socket')).toEqual({
      via: 'primary',
      source: 'hook',
    });
    expect(counts.hookCounts).toMatchObject({ accept: 3, request: 1, handoff: 1 });
    // A new load starts every count from nothing.
    counts.newLoad('keep-alive');
    expect(counts.hooked).toBe(false);
    expect(counts.primaryAccepted(primary, 'shared-socket')).toBe(0);
    expect(counts.worker(101)).toEqual({
      requests: 0,
      connections: 0,
      share: 0,
      hookAccepts: undefined,
      hookRequests: undefined,
    });
  });
});

describe('FairnessSeries', () => {
  it('follows the whole load and the last 2 s; a newcomer is a dip that the window recovers from', () => {
    const series = new FairnessSeries();
    const counts = new Map([
      [1, 0],
      [2, 0],
    ]);
    const serve = (pid: number, n: number) => counts.set(pid, (counts.get(pid) ?? 0) + n);
    const sample = (t: number) => series.sample(t, [...counts.keys()], (p) => counts.get(p) ?? 0);
    serve(1, 10);
    serve(2, 10);
    sample(1);
    expect(series.points).toEqual([[1, 1, null]]);
    sample(1.1); // too close to the last sample: skipped
    expect(series.points).toHaveLength(1);
    serve(1, 10);
    serve(2, 10);
    sample(2);
    expect(series.points[1]).toEqual([2, 1, 1]);
    // Worker 3 arrives and serves nothing for a while: the recent window sees it at once.
    counts.set(3, 0);
    serve(1, 10);
    serve(2, 10);
    sample(3);
    const [, whole, recent] = series.points[2]!;
    expect(whole).toBeCloseTo(2 / 3, 3);
    expect(recent).toBeCloseTo(2 / 3, 3);
    // Now all three serve alike: the window forgets the old samples and recovers, the whole
    // load still remembers the newcomer's late start.
    serve(1, 10);
    serve(2, 10);
    serve(3, 10);
    sample(5);
    expect(series.points[3]).toEqual([5, 0.818, 1]);
    series.clear();
    expect(series.points).toEqual([]);
  });
});

describe('a mode that cannot run here', () => {
  it('is listed disabled with the reason: a newer Node, nginx', () => {
    const base = MODES[0]!;
    const older: Parameters<typeof modeStatus>[1] = {
      node: '20.20.2',
      root: false,
      platform: 'linux',
      hasCommand: () => false,
      fileExists: () => true,
    };
    expect(modeStatus({ ...base, minNode: '22.12.0' }, older)).toMatchObject({
      enabled: false,
      note: 'needs Node 22.12.0 or later (this is 20.20.2)',
    });
    expect(modeStatus({ ...base, needs: ['nginx'] }, older)).toMatchObject({
      enabled: false,
      note: 'needs nginx: apt-get install nginx',
    });
    expect(
      modeStatus({ ...base, needs: ['nginx'] }, { ...older, hasCommand: () => true }),
    ).toMatchObject({ enabled: true, script: base.program });
  });
});

describe("the page's words (src/messages, the `page` part)", () => {
  /** Every text of a catalogue part, by dotted key. */
  const texts = (part: object, prefix = ''): Map<string, string> => {
    const out = new Map<string, string>();
    for (const [key, value] of Object.entries(part)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (typeof value === 'string') out.set(path, value);
      else for (const [p, v] of texts(value as object, path)) out.set(p, v);
    }
    return out;
  };
  const places = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('name the same {values} in English and in Chinese, so app.js fills both alike', () => {
    const zhTexts = texts(CATALOGUES.zh.page);
    for (const [key, text] of texts(CATALOGUES.en.page)) {
      expect(places(zhTexts.get(key) ?? ''), key).toEqual(places(text));
    }
  });

  it('have a text for every data-t and data-t-title key of index.html', () => {
    const html = readFileSync(new URL('../public/index.html', import.meta.url), 'utf8');
    const keys = [...html.matchAll(/data-t(?:-title)?="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(keys.length).toBeGreaterThan(30);
    for (const lang of ['en', 'zh'] as const) {
      const known = texts(CATALOGUES[lang].page);
      expect(keys.filter((key) => !known.has(key))).toEqual([]);
    }
  });
});

describe('threads (stage 08): one worker per thread, all with the pid of one process', () => {
  const thread = (tid: number, connection: number): RequestResult => ({
    ...ok(500, connection),
    thread: tid,
  });

  it('the tally and the counts key a thread by <pid>.<threadId>; the process itself served none', () => {
    const counts = new Counts();
    counts.newLoad('fresh');
    const served = [thread(1, 0), thread(2, 1), thread(1, 2)].map((r) => counts.onResult(r, 500));
    expect(served).toEqual(['500.1', '500.2', '500.1']);
    expect(counts.primaryServed).toBe(0);
    expect(counts.tally.get('500.1')).toEqual({ requests: 2, connections: 2 });
    expect(counts.tally.get(500)).toEqual({ requests: 0, connections: 0 });
    expect(counts.fairness(['500.1', '500.2']).workers).toBe(2);
    expect(counts.routeFor('500.2', 500, 'proxy').via).toBe('primary');
    // A process (no thread in its header) that is the primary served the request itself.
    expect(counts.onResult(ok(500, 3), 500)).toBeUndefined();
    expect(counts.primaryServed).toBe(1);
  });

  it('the roster follows the thread cluster: a fork with `replaces` links the new thread to the old', () => {
    const said: string[] = [];
    const roster = new Roster((text) => said.push(text.en));
    roster.reset(500, ['500.1', '500.2']);
    expect(roster.list().map((w) => [w.key, w.pid, w.thread, w.id])).toEqual([
      ['500.1', 500, 1, 1],
      ['500.2', 500, 2, 2],
    ]);
    // The scan sees no child processes, and the process is alive: the threads stay.
    roster.scan([], () => true);
    expect(roster.live()).toEqual(['500.1', '500.2']);
    expect(followThreadEvent({ event: 'exit', id: 1, name: '500.1', code: 1 }, roster, 500)).toBe(
      true,
    );
    expect(followThreadEvent({ event: 'fork', id: 3, threadId: 3, replaces: 1 }, roster, 500)).toBe(
      true,
    );
    expect(roster.live()).toEqual(['500.2', '500.3']);
    expect(roster.get('500.3')).toMatchObject({ replaces: '500.1', pid: 500, thread: 3, id: 3 });
    expect(roster.get('500.1')).toMatchObject({ state: 'exited', replacedBy: '500.3' });
    // The log names a thread as a thread, not as a pid.
    expect(said).toEqual([
      'worker thread 500.1 exited (code 1)',
      'worker thread 500.3 replaces thread 500.1 (it exited)',
    ]);
    // Stage 05's supervisor speaks of pids: not a thread event.
    expect(followThreadEvent({ event: 'fork', id: 3, pid: 600 }, roster, 500)).toBe(false);
  });
});
