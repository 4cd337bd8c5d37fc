/**
 * Restart on exit, graceful death on a bug, and what a crash costs: exactly one request.
 */
import {
  freshConnectionRequest,
  freshConnections,
  type RequestResult,
  tally,
} from '@cluster-from-scratch/kit/http-load';
import { isAlive } from '@cluster-from-scratch/kit/platform';
import { pollUntil, withTimeout } from '@cluster-from-scratch/kit/timeout';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { RawHttpConnection } from './support/raw-http.ts';
import { indexOf, startServe, waitEvent } from './support/serve.ts';

const harness = useHarness();

/** Fresh-connection load that runs until `pid` has served `min` requests (or a bound). */
function loadUntilServedBy(port: number, pid: () => number | undefined, min = 10) {
  const abort = new AbortController();
  let served = 0;
  return freshConnections({
    port,
    requests: 3000,
    concurrency: 4,
    durationMs: 60_000,
    signal: abort.signal,
    onResult: (r) => {
      if (r.servedBy !== undefined && r.servedBy === pid() && ++served >= min) abort.abort();
    },
  });
}

describe('restart on exit', () => {
  it('a1-03 a4-01: with no handler, an exception thrown in a timer ends the process with status 1', async () => {
    const child = harness.start(new URL('./fixtures/throw-in-timer.ts', import.meta.url));
    const status = await child.waitForExit();
    expect(status).toEqual({ code: 1, signal: null });
    expect(child.stderr).toContain('thrown inside a timer, caught by nobody');
  });

  it('a3-17 a4-19: a worker killed with SIGKILL is replaced, and the replacement serves the same port', async () => {
    const { child, started } = await startServe(harness, ['--workers', '2']);
    const victim = started.workerPids[0]!;
    process.kill(victim, 'SIGKILL');
    const exit = await waitEvent(child, 'exit', (m) => m.pid === victim);
    expect(exit).toMatchObject({ cause: 'unexpected', signal: 'SIGKILL' });
    const fork = await waitEvent(child, 'fork', (m) => m.reason === 'restart');
    expect(fork.replaces).toBe(victim);
    await waitEvent(child, 'ready', (m) => m.pid === fork.pid);

    const results = await loadUntilServedBy(started.port, () => fork.pid);
    const { workers, failed } = tally(results);
    expect(failed).toBe(0);
    expect(workers.map((w) => w.pid)).toContain(fork.pid);
    expect(workers.map((w) => w.pid)).not.toContain(victim);
    expect(workers.map((w) => w.pid)).not.toContain(started.primaryPid);
  });
});

describe('graceful death on a bug', () => {
  it('a4-23 a4-21: under load, a crash fails only the request that triggered it; suicide comes first and the replacement serves', async () => {
    // A generous drain timeout: on a busy machine a client may be slow to send its request.
    const { child, started } = await startServe(harness, [
      '--workers',
      '2',
      '--drain-timeout',
      '2000',
    ]);
    let replacement: number | undefined;
    let crash: Promise<RequestResult> | undefined;
    let ok = 0;
    let served = 0;
    const abort = new AbortController();
    const load = freshConnections({
      port: started.port,
      requests: 3000,
      concurrency: 4,
      durationMs: 60_000,
      onResult: (r) => {
        // Crash a worker once the load is well under way.
        if (r.ok && ++ok === 30)
          crash = freshConnectionRequest(started.port, '127.0.0.1', '/crash');
        if (replacement !== undefined && r.servedBy === replacement) served++;
        if (served >= 20) abort.abort();
      },
      signal: abort.signal,
    });
    const suicide = await waitEvent(child, 'suicide');
    const fork = await waitEvent(child, 'fork', (m) => m.reason === 'restart');
    replacement = fork.pid;
    const results = await load;
    const crashed = await withTimeout(crash!, 'the /crash request to end');

    // Exactly one failure: the request that hit the bug. Every other request succeeded.
    expect(crashed.ok).toBe(false);
    const { workers, failed } = tally(results);
    expect(failed).toBe(0);
    expect(results.length).toBeGreaterThan(50);
    // The replacement was forked for the worker that said 'suicide', after it said so.
    expect(fork.replaces).toBe(suicide.pid);
    expect(indexOf(child, (m) => m.event === 'suicide')).toBeLessThan(
      indexOf(child, (m) => m.event === 'fork' && m.reason === 'restart'),
    );
    expect(started.workerPids).toContain(suicide.pid);
    // The replacement served; the primary never did.
    expect(workers.find((w) => w.pid === replacement)?.requests).toBeGreaterThanOrEqual(20);
    expect(workers.map((w) => w.pid)).not.toContain(started.primaryPid);
    // The crashed worker drained and exited 1, and only one restart was made for it.
    const exit = await waitEvent(child, 'exit', (m) => m.pid === suicide.pid);
    expect(exit).toMatchObject({ code: 1, cause: 'suicide' });
    await pollUntil(() => !isAlive(suicide.pid as number), {
      what: 'the crashed worker to be gone',
    });
    expect(
      child.messages.filter((m) => (m as { reason?: string }).reason === 'restart'),
    ).toHaveLength(1);
  });

  it('a4-21: a connection the crashing worker already holds is still answered, with connection: close', async () => {
    // keep-alive-timeout 0: the half-sent request must not be cut by Node's idle timer.
    const { child, started } = await startServe(harness, [
      '--workers',
      '1',
      '--drain-timeout',
      '2000',
      '--keep-alive-timeout',
      '0',
    ]);
    const [only] = started.workerPids;
    const held = await RawHttpConnection.open(started.port);
    expect((await held.get('/')).headers['x-served-by']).toBe(String(only));
    // Half a request: the worker has read it but cannot answer yet.
    held.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const crash = freshConnectionRequest(started.port, '127.0.0.1', '/crash');
    const suicide = await waitEvent(child, 'suicide');
    expect(suicide.pid).toBe(only);
    // The worker is dying and no longer accepts, but the request it holds is finished.
    held.write('\r\n');
    const answer = await held.response('the answer to the request held across the crash');
    expect(answer.status).toBe(200);
    expect(answer.headers['x-served-by']).toBe(String(only));
    expect(answer.headers.connection).toBe('close');
    await held.closed;
    expect((await crash).ok).toBe(false);
    expect(await waitEvent(child, 'exit', (m) => m.pid === only)).toMatchObject({
      code: 1,
      cause: 'suicide',
    });
  });
});
