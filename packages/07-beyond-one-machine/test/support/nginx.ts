/**
 * nginx is a system package, not an npm one. Without it the stage's nginx tests are reported
 * as skipped, with the reason in their title and one line on the console, never as passed.
 */

import { rmSync } from 'node:fs';
import type { ProcessHarness } from '@cluster-from-scratch/kit/harness';
import { describe, onTestFinished } from 'vitest';
import { type Front, type FrontOptions, startFront } from '../../src/front.ts';
import { findNginx, NGINX_INSTALL_HINT } from '../../src/nginx.ts';

export const nginxBin = findNginx();

if (!nginxBin) console.warn(`[07-beyond-one-machine] SKIPPED: ${NGINX_INSTALL_HINT}`);

/** describe() when nginx is there; a skipped describe whose title says why when it is not. */
export function describeWithNginx(title: string, body: () => void): void {
  if (nginxBin) describe(title, body);
  else describe.skip(`${title} [SKIPPED: ${NGINX_INSTALL_HINT}]`, body);
}

/**
 * startFront for a test: the harness's teardown ends every process (nginx, master and workers,
 * through the process group the harness gave it); this also removes nginx's temp folder when
 * the test ends, passed or failed.
 */
export async function startTestFront(
  harness: ProcessHarness,
  options: FrontOptions,
): Promise<Front> {
  const front = await startFront(harness, options);
  onTestFinished(() => rmSync(front.nginx.dir, { recursive: true, force: true }));
  return front;
}
