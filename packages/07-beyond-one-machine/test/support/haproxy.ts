/**
 * HAProxy is a system package, like nginx. Without it the stage's HAProxy tests are reported
 * as skipped, with the reason in their title and one line on the console, never as passed.
 */
import { rmSync } from 'node:fs';
import type { ProcessHarness } from '@cluster-from-scratch/kit/harness';
import { describe, onTestFinished } from 'vitest';
import { findHaproxy, HAPROXY_INSTALL_HINT } from '../../src/haproxy.ts';
import {
  type HaproxyFront,
  type HaproxyFrontOptions,
  startHaproxyFront,
} from '../../src/haproxy-front.ts';

export const haproxyBin = findHaproxy();

if (!haproxyBin) console.warn(`[07-beyond-one-machine] SKIPPED: ${HAPROXY_INSTALL_HINT}`);

/** describe() when haproxy is there; a skipped describe whose title says why when it is not. */
export function describeWithHaproxy(title: string, body: () => void): void {
  if (haproxyBin) describe(title, body);
  else describe.skip(`${title} [SKIPPED: ${HAPROXY_INSTALL_HINT}]`, body);
}

/** startHaproxyFront for a test; its temp folder goes when the test ends, passed or failed. */
export async function startTestHaproxyFront(
  harness: ProcessHarness,
  options: HaproxyFrontOptions,
): Promise<HaproxyFront> {
  const front = await startHaproxyFront(harness, options);
  onTestFinished(() => rmSync(front.haproxy.dir, { recursive: true, force: true }));
  return front;
}
