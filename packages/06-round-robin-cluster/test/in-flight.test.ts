/**
 * Differential: round robin (SCHED_RR), a connection in flight to a worker that is killed
 * after the primary sent it and before the worker acked it (fixtures/in-flight.ts).
 *
 * The client is opened here, in the test process, so that what it sees can be watched also
 * after the fixture's primary has exited.
 */
import { connect, type Socket } from 'node:net';
import { TCP_STATES } from '@cluster-from-scratch/kit/platform';
import { withTimeout } from '@cluster-from-scratch/kit/timeout';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Impl, impls, noneAlive, type Report, startFixture } from './differential.ts';

const harness = useHarness();

/** A client that sends one HTTP request and writes down everything its socket says. */
function watchedClient(port: number) {
  const socket: Socket = connect({ port, host: '127.0.0.1' });
  const events: string[] = [];
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => events.push(`data ${chunk.split('\r\n')[0]}`));
  socket.on('end', () => events.push('end'));
  socket.on('error', (error: NodeJS.ErrnoException) => events.push(`error ${error.code}`));
  const connected = new Promise<void>((resolve) =>
    socket.once('connect', () => {
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      resolve();
    }),
  );
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      events.push('close');
      resolve();
    }),
  );
  return { socket, events, connected, closed };
}

async function run(impl: Impl): Promise<Report> {
  const child = startFixture(harness, 'in-flight', impl);
  const { port } = await child.waitForMessage<{ port: number }>(
    (m) => (m as { type?: string })?.type === 'stopped',
    { what: `the in-flight fixture (${impl}) to stop worker 1`, timeout: 60_000 },
  );
  const client = watchedClient(port);
  try {
    await withTimeout(client.connected, `the client to connect to the ${impl} primary`);
    child.send({ type: 'client', localPort: client.socket.localPort });
    const report = await child.waitForMessage<Report>(
      (m) => (m as { type?: string })?.type === 'report',
      { what: `the in-flight fixture's report (${impl})`, timeout: 60_000 },
    );
    // The primary still held the server side when it sent the report (report.atEnd): nothing
    // can have reached the client yet.
    const whileThePrimaryRuns = [...client.events];
    const status = await child.waitForExit({ what: 'the fixture to end by itself' });
    if (status.code !== 0) throw new Error(`in-flight exited with ${JSON.stringify(status)}`);
    await withTimeout(
      client.closed,
      `the client's socket to close once the ${impl} primary has exited`,
      undefined,
      () => `the client saw: ${client.events.join(', ') || 'nothing'}`,
    );
    await noneAlive(report.workerPids, "in-flight's workers");
    return { ...report, whileThePrimaryRuns, afterThePrimaryExited: client.events };
  } finally {
    client.socket.destroy();
  }
}

const results = new Map<Impl, PromiseSettledResult<Report>>();
beforeAll(async () => {
  const settled = await Promise.allSettled(impls.map((impl) => run(impl)));
  for (const [i, result] of settled.entries()) results.set(impls[i] as Impl, result);
}, 150_000);

function report(impl: Impl): Report {
  const result = results.get(impl);
  if (result === undefined) throw new Error(`no run for ${impl}`);
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

describe.each(impls)('a connection in flight to a killed worker, round robin, on %s', (impl) => {
  let r: Report;
  beforeAll(() => {
    r = report(impl);
  });
  const onlyThePrimary = () => ({ state: TCP_STATES.ESTABLISHED, holders: [r.primaryPid] });

  it('worker 1 (stopped, first in the free queue) is sent the connection; only the primary holds it', () => {
    expect(r.warmUp.at(-1)).toBe(2); // worker 2 served last: worker 1 is first in line
    expect(r.handedOver).toEqual(onlyThePrimary());
  });

  it("worker 1 killed: 'exit' with SIGKILL and no 'disconnect' (its channel still waits for the handle's ack)", () => {
    expect(r.w1Status).toEqual({ code: null, signal: 'SIGKILL' });
    expect(r.w1Events).toEqual(['exit']);
    expect(r.w1Connected).toBe(false);
    expect(r.w1Listed).toBe(false); // removed at 'exit', since its channel is closed
  });

  it('worker 2 still serves new connections', () => {
    expect(r.later).toBe(2);
  });

  it('as node:cluster does: the primary keeps the connection open and unanswered, for as long as it runs', () => {
    expect(r.afterExit).toEqual(onlyThePrimary()); // after worker 1's 'exit'
    expect(r.afterLater).toEqual(onlyThePrimary()); // after worker 2 answered a later one
    expect(r.portListened).toBe(false); // every worker gone, the port closed …
    expect(r.atEnd).toEqual(onlyThePrimary()); // … and the connection still open
    expect(r.whileThePrimaryRuns).toEqual([]);
  });

  it('as node:cluster does: the client is closed only when the primary exits, reset (its request was never read)', () => {
    expect(r.afterThePrimaryExited).toEqual(['error ECONNRESET', 'close']);
  });
});
