/**
 * A rolling deploy across hosts, the way it is done in front of real machines:
 *
 *   for each host:
 *     1. take it out   nginx reload with the host marked `down`; wait until the old nginx
 *                      workers (which may still send to it) have exited
 *     2. roll it       stage 05's zero-downtime restart: SIGHUP to its supervisor, a new
 *                      worker for each old one
 *     3. put it back   nginx reload with the host up again
 *
 * Step 1 is what stage 05 alone cannot give: during step 2 the host gets no new requests at
 * all, so a deploy that goes wrong on it (a worker that never becomes ready) costs nothing.
 * Every step is visible to the caller through `onStep`, for narration.
 */
import { upstreamsOf } from './front.ts';
import { type Host, rollHost } from './hosts.ts';
import type { Nginx } from './nginx.ts';

export type DeployStep =
  | { step: 'out'; host: Host; nginxWorkers: number[] }
  | { step: 'rolled'; host: Host; replaced: { from: number; to: number }[] }
  | { step: 'back'; host: Host; nginxWorkers: number[] };

export async function rollingDeploy(
  nginx: Nginx,
  hosts: Host[],
  onStep: (step: DeployStep) => void = () => {},
): Promise<void> {
  // #region exercise 07.2 the loop
  for (const host of hosts) {
    const out = await nginx.reload(
      { upstreams: upstreamsOf(hosts, [host]) },
      { waitOldGone: true },
    );
    onStep({ step: 'out', host, nginxWorkers: out.new });
    const replaced = await rollHost(host);
    onStep({ step: 'rolled', host, replaced });
    const back = await nginx.reload({ upstreams: upstreamsOf(hosts) }, { waitOldGone: true });
    onStep({ step: 'back', host, nginxWorkers: back.new });
  }
  // #endregion exercise 07.2
}
