/**
 * Exercise 02.3: disconnect without losing what is still queued (disconnectWhenFlushed).
 * The fixture stops the child, floods it, disconnects with the starter's or the solution's
 * function, resumes it, and counts what arrived.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';

describe.skipIf(process.platform !== 'linux')(
  'exercise 02.3: disconnectWhenFlushed loses nothing',
  () => {
    const harness = useHarness();

    it('every message sent before the disconnect arrives, in order', async () => {
      const primary = harness.start(new URL('../fixtures/flood.ts', import.meta.url), {
        args: ['disconnect-flushed'],
      });
      const r = await primary.waitForMessage<{
        sent: number;
        whileStopped: { callbacks: number };
        sinkReport: { received: number; outOfOrder: number };
      }>(() => true, { what: 'the flood report' });
      expect(r.whileStopped.callbacks).toBeLessThan(r.sent); // there was a backlog to lose
      expect(r.sinkReport).toEqual({ received: r.sent, outOfOrder: 0 });
    });
  },
);
