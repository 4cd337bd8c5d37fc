/**
 * A front with HAProxy instead of nginx: the same N hosts, each a cluster of M workers.
 *
 *                             ┌─▶ server h1  host 127.0.1.1 primary ─┬─ worker
 *   client ──▶ haproxy ───────┤                                      └─ worker
 *   127.0.0.1:PORT            └─▶ server h2  host 127.0.1.2 primary ─┬─ worker
 *   one process, T threads        (checked every `inter` ms)         └─ worker
 *   runtime API: DIR/admin.sock
 *
 * Level 1 is HAProxy's: one balancer shared by all its threads (nginx has one per worker
 * process), roundrobin or leastconn. Level 2 is each host's cluster, as behind nginx.
 */
import { startHosts } from './front.ts';
import { Haproxy, type HaproxyFrontSettings } from './haproxy.ts';
import { serverName } from './haproxy-config.ts';
import type { Host, HostKind } from './hosts.ts';
import type { Launcher } from './launcher.ts';
import type { HostNetwork } from './netns.ts';

export interface HaproxyFrontOptions {
  hosts: number;
  workers: number;
  kind: HostKind;
  /** HAProxy settings; the server list is filled in from the hosts. */
  haproxy?: Omit<HaproxyFrontSettings, 'servers'>;
  narrate?: boolean;
  /** Each host in a network namespace of its own, all on one port (netns.ts; needs root). */
  netns?: boolean;
}

export interface HaproxyFront {
  haproxy: Haproxy;
  hosts: Host[];
  network?: HostNetwork;
  /** Every host worker pid, host by host. */
  workerPids(): number[];
  /** The host's server name in HAProxy's backend (h1 for host 0 …). */
  serverOf(host: Host): string;
  stop(): Promise<void>;
}

export async function startHaproxyFront(
  launcher: Launcher,
  options: HaproxyFrontOptions,
): Promise<HaproxyFront> {
  const group = await startHosts(launcher, options);
  const { hosts } = group;
  const haproxy = await Haproxy.start(launcher, {
    ...options.haproxy,
    servers: hosts.map((h) => ({ address: h.address, port: h.port })),
  }).catch(async (error: unknown) => {
    await group.stop();
    throw error;
  });
  return {
    haproxy,
    hosts,
    network: group.network,
    workerPids: () => hosts.flatMap((h) => h.workerPids),
    serverOf: (host) => serverName(host.index),
    async stop() {
      await haproxy.stop();
      await group.stop();
    },
  };
}
