/**
 * disconnect() from either side: the events, `connected`, and send() afterwards. Nothing is
 * lost without someone being told: send() returns false and the error comes either to the
 * callback or as an 'error' event — which kills a process that does not listen for it.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

interface DisconnectReport {
  mode: string;
  parent: Record<string, unknown>[];
  child: Record<string, unknown>[];
  childExit: { code: number | null; signal: string | null };
  childStderr: string[];
}

async function run(
  harness: ReturnType<typeof useHarness>,
  mode: string,
): Promise<DisconnectReport> {
  const primary = harness.start(fixture('disconnect.ts'), { args: [mode] });
  const report = await primary.waitForMessage<DisconnectReport>(() => true, { what: mode });
  expect(await primary.waitForExit()).toEqual({ code: 0, signal: null });
  return report;
}

const afterClose = [
  { sendWithCallback: { returned: false, code: 'ERR_IPC_CHANNEL_CLOSED' } },
  { sendWithoutCallback: { code: 'ERR_IPC_CHANNEL_CLOSED' } },
];

describe('disconnect', () => {
  const harness = useHarness();

  it("parent disconnects: connected turns false at once, 'disconnect' fires on both sides, send() then fails loudly", async () => {
    const r = await run(harness, 'parent');
    expect(r.parent).toEqual([
      { afterDisconnectCall: { connected: false } }, // synchronously
      { event: 'disconnect', connected: false }, // then the event
      ...afterClose,
      { disconnectAgain: { code: 'ERR_IPC_DISCONNECTED' } },
    ]);
    expect(r.child).toEqual([{ event: 'disconnect', connected: false }, ...afterClose]);
    // Nothing else kept the child alive: it left on its own.
    expect(r.childExit).toEqual({ code: 0, signal: null });
  });

  it('child disconnects (process.disconnect()): the same, mirrored', async () => {
    const r = await run(harness, 'child');
    expect(r.child).toEqual([
      { afterDisconnectCall: { connected: false } },
      { event: 'disconnect', connected: false },
      ...afterClose,
    ]);
    expect(r.parent).toEqual([
      { event: 'disconnect', connected: false },
      ...afterClose,
      { disconnectAgain: { code: 'ERR_IPC_DISCONNECTED' } },
    ]);
    expect(r.childExit).toEqual({ code: 0, signal: null });
  });

  it("send() after disconnect with no callback and no 'error' listener crashes with ERR_IPC_CHANNEL_CLOSED", async () => {
    const r = await run(harness, 'no-listener');
    expect(r.childExit).toEqual({ code: 1, signal: null });
    expect(r.childStderr.join('\n')).toMatch(/ERR_IPC_CHANNEL_CLOSED/);
  });
});
