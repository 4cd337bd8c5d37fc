/**
 * A rolling deploy through HAProxy's runtime API: no reload, no new processes of the proxy.
 *
 *   for each host:
 *     1. drain     `set server hosts/h1 state drain`, and wait until `show stat` says DRAIN:
 *                  from then on HAProxy gives the host no new request; those in flight go on
 *     2. empty     watch `show stat` until the host holds no session (scur 0)
 *     3. roll      stage 05's zero-downtime restart: SIGHUP to its supervisor
 *     4. ready     `set server hosts/h1 state ready`, and wait until HAProxy has it UP
 *                  (its checks may have seen the roll and taken it DOWN: then the next good
 *                  check brings it back), before the next host is taken out
 *
 * Beside stage 07's nginx way (rolling-deploy.ts: a reload with the host marked `down`, and
 * wait for the old nginx workers to exit), the difference is where the state lives: nginx
 * reads it from its config at a reload, HAProxy keeps it in the running process and changes it
 * when asked. Every step is visible to the caller through `onStep`, with the time it began.
 */
import type { Haproxy } from './haproxy.ts';
import { type Host, rollHost } from './hosts.ts';

export type RuntimeDeployStep =
  | { step: 'draining'; host: Host; server: string; at: number }
  | { step: 'empty'; host: Host; server: string; at: number }
  | {
      step: 'rolled';
      host: Host;
      server: string;
      replaced: { from: number; to: number }[];
      at: number;
    }
  | { step: 'ready'; host: Host; server: string; at: number };

export async function rollingDeployHaproxy(
  haproxy: Haproxy,
  hosts: Host[],
  serverOf: (host: Host) => string,
  onStep: (step: RuntimeDeployStep) => void = () => {},
): Promise<void> {
  for (const host of hosts) {
    const server = serverOf(host);
    await haproxy.setState(server, 'drain');
    // The command's answer comes before the change is applied (HAProxy commits a server's new
    // state in a task of its own): `show stat` saying DRAIN is when it holds.
    await haproxy.waitForServer(
      server,
      (s) => s.status.startsWith('DRAIN'),
      `server ${server} (host ${host.address}) to show DRAIN`,
    );
    onStep({ step: 'draining', host, server, at: performance.now() });
    await haproxy.waitForServer(
      server,
      (s) => s.current === 0,
      `server ${server} (host ${host.address}) to hold no session after drain`,
    );
    onStep({ step: 'empty', host, server, at: performance.now() });
    const replaced = await rollHost(host);
    onStep({ step: 'rolled', host, server, replaced, at: performance.now() });
    await haproxy.setState(server, 'ready');
    await haproxy.waitForServer(
      server,
      (s) => s.status === 'UP',
      `server ${server} (host ${host.address}) to be UP after ready`,
    );
    onStep({ step: 'ready', host, server, at: performance.now() });
  }
}
