/**
 * A front: N hosts, each a cluster of M workers, and one nginx in front of them all.
 *
 *                           ┌─▶ host 127.0.1.1 primary ─┬─ worker
 *   client ──▶ nginx ───────┤   (level 2: the cluster    └─ worker
 *   127.0.0.1:PORT          │    picks a worker per connection)
 *   master + W workers      └─▶ host 127.0.1.2 primary ─┬─ worker
 *   (level 1: an nginx worker picks a host per request)  └─ worker
 *
 * Two levels of balancing: nginx spreads *requests* over hosts (round robin in each nginx
 * worker, each with its own counter), and each host spreads the *connections* nginx opens to it
 * over its workers. With upstream keep-alive nginx opens few connections, so level 2 has
 * little to deal out: see fairness in the README.
 */
import { type Host, type HostKind, startHost } from './hosts.ts';
import type { Launcher } from './launcher.ts';
import { type FrontSettings, Nginx } from './nginx.ts';

export interface FrontOptions {
  hosts: number;
  workers: number;
  kind: HostKind;
  /** nginx settings; the upstream list is filled in from the hosts. */
  nginx?: Omit<FrontSettings, 'upstreams'>;
  /** Let the hosts narrate (the demo's --serve); default quiet. */
  narrate?: boolean;
}

export interface Front {
  nginx: Nginx;
  hosts: Host[];
  /** Every host worker pid, host by host. */
  workerPids(): number[];
  /** The upstream list for nginx: every host, or the ones given. */
  upstreamsOf(hosts: Host[], down?: Host[]): { address: string; port: number; down?: boolean }[];
  stop(): Promise<void>;
}

export function upstreamsOf(hosts: Host[], down: Host[] = []) {
  return hosts.map((h) => ({ address: h.address, port: h.port, down: down.includes(h) }));
}

/** N hosts, one at a time: on two busy cores, starting them all at once only makes each slower. */
export async function startHosts(
  launcher: Launcher,
  options: Pick<FrontOptions, 'hosts' | 'workers' | 'kind' | 'narrate'>,
): Promise<Host[]> {
  if (!Number.isInteger(options.hosts) || options.hosts < 1 || options.hosts > 32) {
    throw new RangeError(`hosts must be a whole number from 1 to 32, got ${options.hosts}`);
  }
  const hosts: Host[] = [];
  for (let index = 0; index < options.hosts; index++) {
    hosts.push(
      await startHost(launcher, {
        kind: options.kind,
        index,
        workers: options.workers,
        quiet: !options.narrate,
      }),
    );
  }
  return hosts;
}

/** SIGTERM to every host still running, and wait for each to exit. */
export async function stopHosts(hosts: Host[]): Promise<void> {
  for (const host of hosts) {
    if (host.child.exitStatus) continue;
    host.child.kill('SIGTERM');
    await host.child.waitForExit({ what: `host ${host.address} to stop after SIGTERM` });
  }
}

export async function startFront(launcher: Launcher, options: FrontOptions): Promise<Front> {
  const hosts = await startHosts(launcher, options);
  const nginx = await Nginx.start(launcher, { ...options.nginx, upstreams: upstreamsOf(hosts) });
  return {
    nginx,
    hosts,
    workerPids: () => hosts.flatMap((h) => h.workerPids),
    upstreamsOf,
    async stop() {
      await nginx.stop();
      await stopHosts(hosts);
    },
  };
}
