/**
 * The RPC layer, against real child processes. The test process is the parent (the harness
 * starts each child with an IPC channel); fixtures/peer.ts is the child.
 */
import type { ManagedChild } from '@cluster-from-scratch/kit/harness';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { broadcast, handle, notify, request, rpc } from '../src/endpoint.ts';
import { RPC_CMD } from '../src/envelope.ts';
import { RpcCodes, type RpcError } from '../src/errors.ts';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const has = (key: string) => (m: unknown) => typeof m === 'object' && m !== null && key in m;
const isEnvelope = (m: unknown) => (m as { cmd?: unknown } | null)?.cmd === RPC_CMD;
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error as RpcError,
  );

describe('RPC over the IPC channel', () => {
  const harness = useHarness();

  async function startPeer(
    options: Parameters<typeof harness.start>[1] = {},
  ): Promise<ManagedChild> {
    const child = harness.start(fixture('peer.ts'), options);
    await child.waitForMessage(has('ready'), { what: 'the peer to say ready' });
    return child;
  }

  /** Makes the child call `method` on us; resolves with what it reports. */
  let nextId = 1;
  async function childRequests(
    child: ManagedChild,
    method: string,
    params?: unknown,
    timeout?: number,
  ) {
    const id = nextId++;
    child.send({ do: 'request', id, method, params, timeout });
    return child.waitForMessage<{
      done: number;
      ok: boolean;
      value?: unknown;
      error?: { name: string; message: string; code: string };
    }>((m) => (m as { done?: number }).done === id, { what: `the outcome of ${method}` });
  }

  it('requests go both ways: parent → child and child → parent', async () => {
    const child = await startPeer();
    expect(await request(child.process, 'add', { a: 2, b: 3 })).toBe(5);
    handle(child.process, 'whoami', () => ({ pid: process.pid }));
    expect(await childRequests(child, 'whoami')).toMatchObject({
      ok: true,
      value: { pid: process.pid },
    });
    expect(await request(child.process, 'whoami')).toEqual({ pid: child.pid, ppid: process.pid });
  });

  it('replies are matched to requests by seq, not by arrival order', async () => {
    const child = await startPeer();
    const total = 5;
    // The child holds all five and answers the last one first.
    const calls = Array.from({ length: total }, (_, n) =>
      request(child.process, 'hold', { n, total }),
    );
    expect(await Promise.all(calls)).toEqual([0, 10, 20, 30, 40]);
  });

  it('a handler that throws (sync or async) rejects the request with an Error carrying message and code', async () => {
    const child = await startPeer();
    const sync = await rejection(request(child.process, 'fail', { what: 'fly' }));
    expect(sync).toBeInstanceOf(Error);
    expect(sync).toMatchObject({ message: 'cannot fly', code: 'E_REFUSED', method: 'fail' });

    const async = await rejection(request(child.process, 'failAsync'));
    expect(async).toMatchObject({ message: 'too big', code: 'E_RANGE', method: 'failAsync' });
    expect(async.remote?.name).toBe('RangeError');
    expect(async.remote?.stack).toMatch(/too big/);

    const odd = await rejection(request(child.process, 'throwString'));
    expect(odd).toMatchObject({ code: RpcCodes.REMOTE });
    expect(odd.message).toMatch(/a non-Error was thrown: 'just a string'/);
    // The child is fine and still answers.
    expect(await request(child.process, 'add', { a: 1, b: 1 })).toBe(2);
  });

  it('a method with no handler is an error that names it; a nameless one is refused before sending', async () => {
    const child = await startPeer();
    await expect(request(child.process, '')).rejects.toMatchObject({
      code: 'ERR_INVALID_ARG_VALUE',
    });
    expect(() => handle(child.process, 'x', 42 as never)).toThrow(/must be a function/);
    const error = await rejection(request(child.process, 'nope'));
    expect(error).toMatchObject({ code: RpcCodes.NO_HANDLER, method: 'nope' });
    expect(error.message).toMatch(/no handler for 'nope'/);
  });

  it('a timeout rejects with an error naming the method; a late reply is then ignored with a trace', async () => {
    const child = await startPeer({ env: { NODE_DEBUG: 'cfs-02' } });
    const error = await rejection(request(child.process, 'hang', null, { timeout: 200 }));
    expect(error).toMatchObject({ code: RpcCodes.TIMEOUT, method: 'hang' });
    expect(error.message).toMatch(
      new RegExp(`request 'hang' \\(seq 1\\) to child ${child.pid} got no reply within 200 ms`),
    );

    // The other way round, so the late reply lands where NODE_DEBUG is on: we hold the
    // child's request past its timeout, then answer it.
    let release: (value: unknown) => void = () => {};
    handle(child.process, 'parentHold', () => new Promise((resolve) => (release = resolve)));
    const outcome = await childRequests(child, 'parentHold', null, 200);
    expect(outcome).toMatchObject({ ok: false, error: { code: RpcCodes.TIMEOUT } });
    expect(outcome.error?.message).toMatch(
      /request 'parentHold' \(seq 1\) to parent \d+ got no reply/,
    );
    release('too late');
    await child.waitForLine(/ignored a reply from parent \d+ for seq 1: no request with that seq/, {
      what: 'the trace of the late reply',
    });
    expect(await request(child.process, 'add', { a: 20, b: 22 })).toBe(42);
  });

  it('the child exiting mid-request rejects every pending request at once, naming each method', async () => {
    const child = await startPeer();
    const hanging = request(child.process, 'hang', null, { timeout: 0 });
    const exiting = request(child.process, 'exit', { code: 3 }, { timeout: 0 });
    const [h, e] = await Promise.all([rejection(hanging), rejection(exiting)]);
    for (const [error, method] of [
      [h, 'hang'],
      [e, 'exit'],
    ] as const) {
      expect(error).toMatchObject({ code: RpcCodes.DISCONNECTED, method });
      expect(error.message).toMatch(
        new RegExp(
          `request '${method}' \\(seq \\d\\) got no reply: child ${child.pid} (exited with code 3|closed the channel) before answering`,
        ),
      );
    }
    expect((await child.waitForExit()).code).toBe(3);
    // And a request after that is refused at once, with Node's own code for a closed channel.
    const late = await rejection(request(child.process, 'add', { a: 1, b: 2 }));
    expect(late).toMatchObject({ code: 'ERR_IPC_CHANNEL_CLOSED' });
    expect(late.message).toMatch(/cannot request 'add': the IPC channel to child \d+ is closed/);
  });

  it('a disconnect from either side rejects pending requests (child calls process.disconnect(); parent calls disconnect())', async () => {
    const a = await startPeer();
    const pendingA = request(a.process, 'hang', null, { timeout: 0 });
    a.send({ do: 'disconnect' });
    expect(await rejection(pendingA)).toMatchObject({
      code: RpcCodes.DISCONNECTED,
      method: 'hang',
    });

    const b = await startPeer();
    const pendingB = request(b.process, 'hang', null, { timeout: 0 });
    b.process.disconnect();
    expect(await rejection(pendingB)).toMatchObject({
      code: RpcCodes.DISCONNECTED,
      method: 'hang',
    });
    expect(rpc(b.process).pending).toBe(0);
  });

  it("envelopes never reach the user's 'message' listeners, on either side", async () => {
    const child = await startPeer();
    await Promise.all([
      request(child.process, 'add', { a: 1, b: 2 }),
      request(child.process, 'echo', 'x'),
      rejection(request(child.process, 'fail')),
      notify(child.process, 'note', 1),
    ]);
    await child.waitForMessage(has('noted'), { what: 'the note' });
    child.send('marker');
    await child.waitForMessage(has('echo'), { what: 'the echo of the marker' });
    // Parent side: the harness's 'message' listener recorded everything that came through.
    expect(child.messages.filter(isEnvelope)).toEqual([]);
    // Child side: its 'message' listener echoes anything that is not a command, so an
    // envelope that reached it would come back as { echo: envelope }. Only the marker did.
    expect(child.messages.filter(has('echo'))).toEqual([{ echo: 'marker' }]);
  });

  it('user messages that look like replies never confuse the RPC layer', async () => {
    const child = await startPeer();
    child.send({ do: 'fake-replies' }); // sent before the request: they arrive while it waits
    expect(await request(child.process, 'echo', 'real')).toBe('real');
    await child.waitForMessage(has('faked'), { what: 'the fakes' });
    expect(child.messages).toContainEqual({
      seq: 1,
      ack: 1,
      ok: true,
      result: 'fake',
      kind: 'response',
    });
    expect(child.messages).toContainEqual({
      cmd: 'CFS_RPC',
      kind: 'response',
      ack: 1,
      ok: true,
      result: 'fake',
    });
  });

  it('malformed envelopes and replies to unknown seqs are dropped with a trace; nothing crashes', async () => {
    const child = await startPeer({ env: { NODE_DEBUG: 'cfs-02' } });
    child.send({ cmd: RPC_CMD, kind: 'bogus' });
    child.send({ cmd: RPC_CMD, kind: 'request', seq: -1, method: 'add' });
    child.send({ cmd: RPC_CMD, kind: 'request', seq: 5 });
    child.send({ cmd: RPC_CMD, kind: 'response', ack: 999, ok: true, result: 1 });
    child.send({ cmd: RPC_CMD, kind: 'response', ack: 1, ok: false, error: 'not an object' });
    for (const trace of [
      /malformed envelope .*unknown kind "bogus"/,
      /malformed envelope .*request without a positive integer seq/,
      /malformed envelope .*request without a method name/,
      /ignored a reply from parent \d+ for seq 999/,
      /malformed envelope .*failed response without an error message/,
    ]) {
      await child.waitForLine(trace, { what: `a trace matching ${trace}` });
    }
    expect(await request(child.process, 'add', { a: 3, b: 4 })).toBe(7);
    expect(child.exitStatus).toBeUndefined();
  });

  it('values the channel cannot carry are reported, not lost: params and results (BigInt under JSON)', async () => {
    const child = await startPeer();
    const params = await rejection(request(child.process, 'echo', 10n));
    expect(params).toMatchObject({ code: RpcCodes.UNSERIALIZABLE, method: 'echo' });
    expect(params.message).toMatch(
      /request 'echo' \(seq 1\) cannot be sent: Do not know how to serialize a BigInt/,
    );
    expect(rpc(child.process).pending).toBe(0);
    const result = await rejection(request(child.process, 'bigint'));
    expect(result).toMatchObject({ code: RpcCodes.UNSERIALIZABLE });
    expect(result.message).toMatch(/the result of 'bigint' cannot be sent/);

    // With serialization 'advanced' the same calls work: the layer does not care which.
    const advanced = await startPeer({ serialization: 'advanced' });
    expect(await request(advanced.process, 'bigint')).toBe(10n);
    expect(await request(advanced.process, 'echo', new Map([['k', 1]]))).toEqual(
      new Map([['k', 1]]),
    );
  });

  it('notifications run the handler with no reply; a throwing one warns on stderr and the child carries on', async () => {
    const child = await startPeer();
    await notify(child.process, 'note', { hello: 1 });
    expect(await child.waitForMessage(has('noted'), { what: 'the note' })).toEqual({
      noted: { hello: 1 },
      pid: child.pid,
    });
    await notify(child.process, 'boom');
    await child.waitForLine(
      /RpcWarning: handler for notification 'boom' from parent \d+ threw: notification handler failed/,
      {
        what: 'the warning',
      },
    );
    expect(await request(child.process, 'add', { a: 1, b: 1 })).toBe(2);
  });

  it('broadcast reaches every live child and says which ones it could not reach', async () => {
    const children = await Promise.all([startPeer(), startPeer(), startPeer()]);
    const [gone, ...live] = children as [ManagedChild, ManagedChild, ManagedChild];
    gone.process.disconnect();
    const results = await broadcast(
      children.map((c) => c.process),
      'note',
      'to all',
    );
    expect(results.map((r) => r.ok)).toEqual([false, true, true]);
    expect(results[0]?.error).toMatchObject({ code: 'ERR_IPC_CHANNEL_CLOSED' });
    for (const child of live) {
      expect(await child.waitForMessage(has('noted'), { what: 'the broadcast' })).toEqual({
        noted: 'to all',
        pid: child.pid,
      });
    }
  });

  it("an envelope sent before the peer attached is dropped by Node ('internalMessage' is not buffered), so peers say ready after attaching", async () => {
    const child = await startPeer({ env: { CFS_ATTACH: 'later' } });
    const early = await rejection(request(child.process, 'add', { a: 1, b: 2 }, { timeout: 500 }));
    expect(early).toMatchObject({ code: RpcCodes.TIMEOUT });
    child.send({ do: 'attach' });
    await child.waitForMessage(has('attached'), { what: 'attached' });
    expect(await request(child.process, 'add', { a: 1, b: 2 })).toBe(3);
  });

  it('a process without an IPC channel gets ERR_RPC_NO_CHANNEL, not a crash', async () => {
    const lonely = harness.start(fixture('no-channel.ts'), { ipc: false });
    const [, code] = await lonely.waitForLine(/^request: (\S+)/, { what: 'the outcome line' });
    expect(code).toBe(RpcCodes.NO_CHANNEL);
    expect(await lonely.waitForExit()).toEqual({ code: 0, signal: null });
  });
});
