/**
 * Rolling restart (SIGHUP, SIGUSR2) without a failed request, and the hard drain timeout.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  freshConnections,
  keepAlive,
  type RequestResult,
  tally,
} from '@cluster-from-scratch/kit/http-load';
import { isAlive } from '@cluster-from-scratch/kit/platform';
import { pollUntil, withTimeout } from '@cluster-from-scratch/kit/timeout';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { RawHttpConnection } from './support/raw-http.ts';
import { events, indexOf, type ServeEvent, startServe, waitEvent } from './support/serve.ts';

const harness = useHarness();

/**
 * Runs `load` (bounded) and, once `before` requests succeeded, calls `trigger`; stops once
 * `after` more requests completed after `done()` says the restart is over.
 */
function loadAround(
  run: (onResult: (r: RequestResult) => void, signal: AbortSignal) => Promise<RequestResult[]>,
  trigger: () => void,
  done: () => boolean,
  { before = 40, after = 40 } = {},
): Promise<RequestResult[]> {
  const abort = new AbortController();
  let ok = 0;
  let afterDone = 0;
  return run((r) => {
    if (r.ok && ++ok === before) trigger();
    if (done() && ++afterDone >= after) abort.abort();
  }, abort.signal);
}

/** Every replaced pair: the new worker was ready before the old one was asked to drain. */
function expectReadyBeforeDrain(child: Parameters<typeof events>[0], reloaded: ServeEvent) {
  const replaced = reloaded.replaced as { from: number; to: number }[];
  for (const { from, to } of replaced) {
    const ready = indexOf(child, (m) => m.event === 'ready' && m.pid === to);
    const drain = indexOf(child, (m) => m.event === 'drain' && m.pid === from);
    const exit = indexOf(child, (m) => m.event === 'exit' && m.pid === from);
    expect(ready).toBeGreaterThanOrEqual(0);
    expect(ready).toBeLessThan(drain);
    expect(drain).toBeLessThan(exit);
  }
}

describe('rolling restart', () => {
  it('SIGHUP under keep-alive load: zero failed requests, every worker pid changed, each new worker ready before the old drains', async () => {
    const { child, started } = await startServe(harness, ['--workers', '2']);
    let reloaded = false;
    void waitEvent(child, 'reloaded').then(() => {
      reloaded = true;
    });
    const results = await loadAround(
      (onResult, signal) =>
        keepAlive({
          port: started.port,
          connections: 3,
          requests: 20_000,
          durationMs: 60_000,
          onResult,
          signal,
        }),
      () => child.kill('SIGHUP'),
      () => reloaded,
    );
    const done = events(child, 'reloaded')[0]!;
    const after = done.pids as number[];

    expect(tally(results).failed).toBe(0);
    expect(after).toHaveLength(2);
    for (const pid of after) expect(started.workerPids).not.toContain(pid);
    expect(done.replaced).toHaveLength(2);
    expectReadyBeforeDrain(child, done);
    // One at a time: the first old worker was gone before the second new one was forked.
    const [first, second] = done.replaced as { from: number; to: number }[];
    expect(indexOf(child, (m) => m.event === 'exit' && m.pid === first!.from)).toBeLessThan(
      indexOf(child, (m) => m.event === 'fork' && m.pid === second!.to),
    );
    // Keep-alive clients moved to the new workers: the last requests were served by them.
    for (const r of results.slice(-8)) expect(after).toContain(r.servedBy);
    // Rolling forks are not restarts: the budget was not touched.
    expect(events(child, 'fork').filter((m) => m.reason === 'restart')).toHaveLength(0);
  });

  it('SIGUSR2 under fresh-connection load, one worker: zero failed requests and its pid changed', async () => {
    const { child, started } = await startServe(harness, ['--workers', '1']);
    let reloaded = false;
    void waitEvent(child, 'reloaded').then(() => {
      reloaded = true;
    });
    const results = await loadAround(
      (onResult, signal) =>
        freshConnections({
          port: started.port,
          requests: 20_000,
          concurrency: 4,
          durationMs: 60_000,
          onResult,
          signal,
        }),
      () => child.kill('SIGUSR2'),
      () => reloaded,
    );
    const done = events(child, 'reloaded')[0]!;
    expect(tally(results).failed).toBe(0);
    for (const pid of done.pids as number[]) expect(started.workerPids).not.toContain(pid);
    expectReadyBeforeDrain(child, done);
    for (const pid of started.workerPids) expect(isAlive(pid)).toBe(false);
  });

  it('a reload whose new worker crashes at start-up stops, and the old worker keeps serving', async () => {
    const { child, started } = await startServe(harness, ['--workers', '1']);
    child.send({ cmd: 'reload', env: { CFS05_CRASH_ON_START: '1' } });
    const failedReload = await waitEvent(child, 'reload-failed');
    expect(failedReload.error).toMatch(/exited before it was ready/);
    const results = await freshConnections({ port: started.port, requests: 40, concurrency: 2 });
    expect(tally(results).failed).toBe(0);
    for (const r of results) expect(started.workerPids).toContain(r.servedBy);
    for (const pid of started.workerPids) expect(isAlive(pid)).toBe(true);
    // The broken worker was not restarted over and over: no restart, no give-up.
    expect(events(child, 'fork').filter((m) => m.reason === 'restart')).toHaveLength(0);
    expect(events(child, 'giveup')).toHaveLength(0);
  });

  it('a reload asked for during a reload is queued, not lost', async () => {
    const { child, started } = await startServe(harness, ['--workers', '1']);
    child.send({ cmd: 'reload' });
    child.send({ cmd: 'reload' });
    const first = await waitEvent(child, 'reloaded');
    const second = await waitEvent(child, 'reloaded');
    const [a] = first.replaced as { from: number; to: number }[];
    const [b] = second.replaced as { from: number; to: number }[];
    expect(a!.from).toBe(started.workerPids[0]);
    expect(b!.from).toBe(a!.to);
    expect(events(child, 'reload')).toHaveLength(2);
  });
});

describe('the hard drain timeout', () => {
  it('a4-22: it ends a worker held open by an idle keep-alive client', async () => {
    // keep-alive-timeout 0: Node's own idle timer is off, so only our hard timeout can end it.
    const { child, started } = await startServe(harness, [
      '--workers',
      '1',
      '--drain-timeout',
      '300',
      '--keep-alive-timeout',
      '0',
    ]);
    const [old] = started.workerPids;
    const idle = await RawHttpConnection.open(started.port);
    const first = await idle.get('/');
    expect(first.headers['x-served-by']).toBe(String(old));
    expect(first.headers.connection).toBe('keep-alive');
    // Now the client says nothing more. A rolling restart asks the worker to drain.
    child.kill('SIGHUP');
    const timeout = await waitEvent(child, 'drain-timeout', (m) => m.pid === old);
    expect(timeout.open).toBe(1);
    await withTimeout(idle.closed, 'the server to close the idle keep-alive connection');
    const exit = await waitEvent(child, 'exit', (m) => m.pid === old);
    expect(exit).toMatchObject({ code: 0, cause: 'asked' });
    await pollUntil(() => !isAlive(old!), { what: `the drained worker ${old} to be gone` });
    const done = await waitEvent(child, 'reloaded');
    expect(done.replaced).toEqual([{ from: old, to: (done.pids as number[])[0] }]);
  });

  it("a4-22: Node 20's http.Server#close() drops an idle keep-alive connection by itself (no fixed 60 s wait)", async () => {
    const server = createServer((_req, res) => res.end('ok'));
    server.keepAliveTimeout = 0; // no idle timer: only close() itself could end the connection
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const idle = await RawHttpConnection.open(port);
    expect((await idle.get('/')).status).toBe(200);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    await withTimeout(idle.closed, 'http.Server#close() to drop the idle connection');
    await withTimeout(closed, "the server's close callback");
    expect(idle.isClosed).toBe(true);
  });
});
