/**
 * Exercise 07.2 — A rolling deploy across hosts: out of the upstream, roll, back in.
 * This file is yours: write the loop where it says TODO(exercise 07.2); the rest is done. Check it
 * with `npm run verify -- 07.2`; stuck? `npm run hint -- 07.2`.
 * (Made from the solution, src/rolling-deploy.ts, by `npm run exercises:generate`.)
 *
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
import { upstreamsOf } from '../src/front.ts';
import { type Host, rollHost } from '../src/hosts.ts';
import type { Nginx } from '../src/nginx.ts';

export type DeployStep =
  | { step: 'out'; host: Host; nginxWorkers: number[] }
  | { step: 'rolled'; host: Host; replaced: { from: number; to: number }[] }
  | { step: 'back'; host: Host; nginxWorkers: number[] };

export async function rollingDeploy(
  nginx: Nginx,
  hosts: Host[],
  onStep: (step: DeployStep) => void = () => {},
): Promise<void> {
  // TODO(exercise 07.2): take each host out of nginx's upstream (reload with it `down`, wait
  // for the old nginx workers to go) before rolling it, and put it back after; tell onStep
  // 'out', 'rolled' and 'back'.
  void nginx;
  void upstreamsOf;
  for (const host of hosts) {
    const replaced = await rollHost(host);
    onStep({ step: 'rolled', host, replaced });
  }
}
