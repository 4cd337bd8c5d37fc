/**
 * Hosts in network namespaces need root and iproute2. Without them the tests are reported as
 * skipped with the reason in their title and one line on the console, never as passed. After
 * the tests, nothing they made may be left: a namespace or link is a leak like a process.
 */
import { afterAll, describe, expect } from 'vitest';
import { leftoverNetworks, networkUnavailable } from '../../src/netns.ts';

export const netnsUnavailable = networkUnavailable();

if (netnsUnavailable)
  console.warn(`[07-beyond-one-machine] SKIPPED (--netns): ${netnsUnavailable}`);

export function describeWithNetns(title: string, body: () => void): void {
  if (netnsUnavailable) {
    describe.skip(`${title} [SKIPPED: ${netnsUnavailable}]`, body);
    return;
  }
  describe(title, () => {
    afterAll(() => {
      // What this test process made (its pid is in every name) must be gone once each test
      // has stopped its front.
      expect(leftoverNetworks(process.pid)).toEqual({ namespaces: [], links: [] });
    });
    body();
  });
}
