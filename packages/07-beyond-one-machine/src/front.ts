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

import { waitForEvent } from '@cluster-from-scratch/kit/timeout';
import { type Host, type HostAppOptions, type HostKind, startHost } from './hosts.ts';
import type { Launcher } from './launcher.ts';
import { HostNetwork, reaper } from './netns.ts';
import { type FrontSettings, Nginx } from './nginx.ts';

export interface FrontOptions {
  hosts: number;
  workers: number;
  kind: HostKind;
  /** nginx settings; the upstream list is filled in from the hosts. */
  nginx?: Omit<FrontSettings, 'upstreams'>;
  /** Let the hosts narrate (the demo's --serve); default quiet. */
  narrate?: boolean;
  /** Each host in a network namespace of its own, all on one port (netns.ts; needs root). */
  netns?: boolean;
  /** What every (cluster) host runs: its app, stickiness, cluster and policy. */
  app?: HostAppOptions;
}

export interface Front {
  nginx: Nginx;
  hosts: Host[];
  /** The hosts' namespaces and wires, with --netns. */
  network?: HostNetwork;
  /** Every host worker pid, host by host. */
  workerPids(): number[];
  /** The upstream list for nginx: every host, or the ones given. */
  upstreamsOf(hosts: Host[], down?: Host[]): { address: string; port: number; down?: boolean }[];
  stop(): Promise<void>;
}

export function upstreamsOf(hosts: Host[], down: Host[] = []) {
  return hosts.map((h) => ({ address: h.address, port: h.port, down: down.includes(h) }));
}

/** The hosts of a front, and (with netns) the network they live on. */
export interface HostGroup {
  hosts: Host[];
  network?: HostNetwork;
  /** SIGTERM to every host, then the network goes. */
  stop(): Promise<void>;
}

/**
 * N hosts, one at a time: on two busy cores, starting them all at once only makes each slower.
 * With `netns`, the namespaces come first, and a reaper that removes them if this process dies
 * without doing it itself (SIGKILL).
 */
export async function startHosts(
  launcher: Launcher,
  options: Pick<FrontOptions, 'hosts' | 'workers' | 'kind' | 'narrate' | 'netns' | 'app'>,
): Promise<HostGroup> {
  if (!Number.isInteger(options.hosts) || options.hosts < 1 || options.hosts > 32) {
    throw new RangeError(`hosts must be a whole number from 1 to 32, got ${options.hosts}`);
  }
  const network = options.netns ? HostNetwork.create(options.hosts) : undefined;
  const guard = network && reaper(network);
  const hosts: Host[] = [];
  // The reaper is told to go, and awaited: it deletes the same names, and a reaper that ran
  // late would delete the namespaces of the next network this process makes.
  const release = async () => {
    network?.destroy();
    if (!guard || guard.exitCode !== null || guard.signalCode !== null) return;
    // Referenced again while we wait: otherwise, with nothing else pending, Node would end
    // this process right here, the wait unfinished.
    guard.ref();
    const exited = waitForEvent(guard, 'exit', { what: 'the namespace reaper to exit' });
    guard.stdin?.end();
    await exited;
  };
  const stop = async () => {
    try {
      await stopHosts(hosts);
    } finally {
      await release();
    }
  };
  try {
    for (let index = 0; index < options.hosts; index++) {
      hosts.push(
        await startHost(launcher, {
          kind: options.kind,
          index,
          workers: options.workers,
          quiet: !options.narrate,
          link: network?.hosts[index],
          app: options.app,
        }),
      );
    }
  } catch (error) {
    for (const host of hosts) host.child.kill('SIGKILL');
    await release();
    throw error;
  }
  return { hosts, network, stop };
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
  const group = await startHosts(launcher, options);
  const { hosts } = group;
  const nginx = await Nginx.start(launcher, {
    ...options.nginx,
    upstreams: upstreamsOf(hosts),
  }).catch(async (error: unknown) => {
    await group.stop();
    throw error;
  });
  return {
    nginx,
    hosts,
    network: group.network,
    workerPids: () => hosts.flatMap((h) => h.workerPids),
    upstreamsOf,
    async stop() {
      await nginx.stop();
      await group.stop();
    },
  };
}
