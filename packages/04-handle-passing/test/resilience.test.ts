/**
 * Workers die and inputs go wrong: the port stays up and nothing is thrown at the primary.
 */
import { freshConnections, tally } from '@cluster-from-scratch/kit/http-load';
import { isAlive } from '@cluster-from-scratch/kit/platform';
import { pollUntil, withTimeout } from '@cluster-from-scratch/kit/timeout';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { connectionsHeld, listenerView } from '../src/inspect.ts';
import { type IgnoredMessage, UNEXPECTED_HANDLE_WARNING } from '../src/protocol.ts';
import { countBy, fixture, script, startServer } from './helpers.ts';

async function killAndWait(pid: number) {
  process.kill(pid, 'SIGKILL');
  await pollUntil(() => !isAlive(pid), { what: `pid ${pid} to die` });
}

/**
 * The primary says nothing over IPC when it notices a worker's death; its narration is the
 * only sign. These tests wait for that line, so they read it in English whatever the locale.
 */
const ENGLISH = { CFS_LANG: 'en' };

describe('a dying worker', () => {
  const harness = useHarness();

  it('shared socket: a worker that dies does not take the port down; the others keep serving', async () => {
    const { child, report } = await startServer(
      harness,
      script('serve-shared.ts'),
      ['--workers', '3'],
      ENGLISH,
    );
    const [victim, ...survivors] = report.workerPids as [number, ...number[]];
    await killAndWait(victim);
    await child.waitForLine(new RegExp(`pid ${victim}\\) exited`), {
      what: 'the primary to notice the death',
    });
    const view = listenerView(report.port, survivors);
    expect(view.listenInodes).toHaveLength(1);
    const results = await freshConnections({ port: report.port, requests: 20, concurrency: 2 });
    const { workers, failed } = tally(results);
    expect(failed).toBe(0);
    for (const w of workers) expect(survivors).toContain(w.pid);
  });

  it('per-connection: a dead worker drops out of the turn order; every connection is still served, evenly by the rest', async () => {
    const { child, report } = await startServer(
      harness,
      script('serve-per-connection.ts'),
      ['--workers', '3'],
      ENGLISH,
    );
    const [victim, ...survivors] = report.workerPids as [number, ...number[]];
    await killAndWait(victim);
    await child.waitForLine(/is gone; the others take its turns/, {
      what: 'the primary to take the dead worker out of the turn order',
    });
    const results = await freshConnections({ port: report.port, requests: 20, concurrency: 2 });
    expect(results.every((r) => r.ok)).toBe(true);
    const counts = countBy(
      results.map((r) => r.servedBy),
      survivors,
    );
    expect([...counts.keys()]).toEqual(survivors);
    for (const count of counts.values()) expect(Math.abs(count - 10)).toBeLessThanOrEqual(1);
  });

  it('per-connection: connections handed to a worker that dies before acknowledging them go to another worker; none is lost', async () => {
    const { report } = await startServer(harness, script('serve-per-connection.ts'), [
      '--workers',
      '3',
    ]);
    const [victim, ...survivors] = report.workerPids as [number, ...number[]];
    process.kill(victim, 'SIGSTOP'); // it can neither take nor acknowledge what it is sent
    try {
      const load = freshConnections({ port: report.port, requests: 6, concurrency: 6 });
      // Two of the six are the victim's turn. The primary keeps its copy of each until an ack
      // comes, so it holds exactly those two once the others have been taken.
      await pollUntil(() => connectionsHeld(report.primaryPid, report.port) === 2, {
        what: "the primary to hold the stopped worker's two connections",
      });
      await killAndWait(victim);
      const results = await withTimeout(load, 'all six clients to be answered');
      expect(results.every((r) => r.ok)).toBe(true);
      for (const r of results) expect(survivors).toContain(r.servedBy);
    } finally {
      if (isAlive(victim)) process.kill(victim, 'SIGCONT');
    }
  });
});

describe('bad input', () => {
  const harness = useHarness();

  it('a handle the worker did not expect is ignored with a warning and closed; the worker keeps serving', async () => {
    const child = harness.start(fixture('unexpected-handle.ts'));
    const report = await child.waitForMessage<{
      workerPid: number;
      workerAlive: boolean;
      ignored: IgnoredMessage[];
      strayPort: number;
      port: number;
    }>(() => true, { what: 'the unexpected-handle report' });
    expect(report.workerAlive).toBe(true);
    expect(report.ignored.map((m) => [m.handleType, m.reason])).toEqual([
      ['Server', 'not a message this worker understands'],
      ['Server', 'not a message this worker understands'],
      ['Server', 'expected a net.Socket'],
      ['none', 'expected a net.Server'],
    ]);
    // The warning went to the worker's stderr, with its code.
    await child.waitForLine(new RegExp(`\\[${UNEXPECTED_HANDLE_WARNING}\\]`), {
      what: 'the worker to print its warning',
    });
    // The worker closed the stray servers instead of keeping a listening socket nobody serves.
    const stray = listenerView(report.strayPort, [report.workerPid]);
    expect(stray.listenInodes).toHaveLength(1); // the fixture's own copy is still open
    expect(stray.holders[0]?.fds).toEqual([]);
    // And it still serves what it was meant to get.
    const results = await freshConnections({ port: report.port, requests: 5 });
    expect(results.map((r) => r.servedBy)).toEqual(Array(5).fill(report.workerPid));
  });

  it('sending the server handle to a child that has exited reports a HandleSendError to the primary instead of throwing', async () => {
    const child = harness.start(fixture('send-to-exited.ts'));
    const report = await child.waitForMessage<{
      deadPid: number;
      alivePid: number;
      error?: { name: string; code: string; message: string; pid: number };
      port: number;
    }>(() => true, { what: 'the send-to-exited report' });
    expect(report.error).toMatchObject({
      name: 'HandleSendError',
      code: 'ERR_IPC_CHANNEL_CLOSED',
      pid: report.deadPid,
    });
    expect(report.error?.message).toContain(String(report.deadPid));
    // The primary is alive and the same server went to the live worker: nothing was lost.
    child.send('ping');
    await child.waitForMessage((m) => m === 'pong', { what: 'the primary to answer ping' });
    const results = await freshConnections({ port: report.port, requests: 3 });
    expect(results.map((r) => r.servedBy)).toEqual(Array(3).fill(report.alivePid));
  });
});

describe('what can be sent', () => {
  const harness = useHarness();

  it('a2-10, a4-11: a listening TCP server, a bound UDP socket and an accepted TCP connection all arrive usable', async () => {
    const child = harness.start(fixture('handle-kinds.ts'));
    const report = await child.waitForMessage<{
      childPid: number;
      seen: Record<string, unknown>[];
      replyText: string;
    }>(() => true, { what: 'the handle-kinds report' });
    const [server, udp, socket] = report.seen;
    expect(server).toMatchObject({ kind: 'server', type: 'Server', listening: true });
    expect(udp).toMatchObject({ kind: 'udp', type: 'Socket' });
    expect(udp?.port).toBeGreaterThan(0);
    expect(socket).toMatchObject({ kind: 'socket', type: 'Socket' });
    // The client, connected to the parent's server, was answered by the child.
    expect(report.replyText).toBe(`answered by ${report.childPid}`);
    expect(await child.waitForExit()).toEqual({ code: 0, signal: null });
  });
});
