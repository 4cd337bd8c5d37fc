/**
 * send() under backpressure. The receiver is stopped with SIGSTOP, so it cannot run a line of
 * JavaScript: whatever the sender observes meanwhile is about the kernel, not about handling.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const onLinux = process.platform === 'linux';

interface FloodReport {
  mode: string;
  sent: number;
  firstFalseAt: number;
  whileStopped: { callbacks: number; state: string };
  callbacks: number;
  callbackErrors: number;
  sinkReport: { received: number; outOfOrder: number };
}

async function flood(harness: ReturnType<typeof useHarness>, mode: string): Promise<FloodReport> {
  const primary = harness.start(fixture('flood.ts'), { args: [mode] });
  const report = await primary.waitForMessage<FloodReport>(() => true, {
    what: `the ${mode} report`,
  });
  expect(await primary.waitForExit()).toEqual({ code: 0, signal: null });
  return report;
}

describe.skipIf(!onLinux)('backpressure (Linux: SIGSTOP and /proc/<pid>/stat)', () => {
  const harness = useHarness();

  it('send() returns false once the channel is backed up, and its callback means "flushed", not "handled"', async () => {
    const r = await flood(harness, 'flood');
    // The first sends fit in the socket buffer; later ones queue in the sender until send()
    // says stop (Node returns false past 128 KiB queued).
    expect(r.firstFalseAt).toBeGreaterThan(0);
    // While the receiver was stopped (state T), some callbacks had fired already: those
    // messages were in the kernel, and not one of them had been handled.
    expect(r.whileStopped.state).toBe('T');
    expect(r.whileStopped.callbacks).toBeGreaterThan(0);
    expect(r.whileStopped.callbacks).toBeLessThan(r.sent);
    // Once resumed, everything arrives, in order, and every callback fires without error.
    expect(r.sinkReport).toEqual({ received: r.sent, outOfOrder: 0 });
    expect(r.callbacks).toBe(r.sent);
    expect(r.callbackErrors).toBe(0);
  });

  it('Node 20: disconnect() drops messages still queued in the sender, and their callbacks report no error', async () => {
    const r = await flood(harness, 'disconnect-now');
    expect(r.sinkReport.received).toBeLessThan(r.sent); // the queued tail never arrived…
    expect(r.sinkReport.received).toBe(r.whileStopped.callbacks); // …only what was in the kernel
    expect(r.callbacks).toBe(r.sent); // …yet every callback fired…
    expect(r.callbackErrors).toBe(0); // …and none said so
  });

  it('disconnectWhenFlushed() loses nothing: it waits for a marker sent after the last message', async () => {
    const r = await flood(harness, 'disconnect-flushed');
    expect(r.whileStopped.callbacks).toBeLessThan(r.sent); // the same backlog as above
    expect(r.sinkReport).toEqual({ received: r.sent, outOfOrder: 0 });
  });
});
