/**
 * Hosts: several "machines", each a whole cluster, each on a loopback address of its own.
 *
 *   host 0  127.0.1.1:P0   primary ─┬─ worker      kind 'cluster':    stage 06's clone (round robin)
 *                                   └─ worker      kind 'supervisor': stage 05 (restarts, SIGHUP roll)
 *   host 1  127.0.1.2:P1   primary ─┬─ worker
 *   …                               └─ worker
 *
 * On Linux all of 127.0.0.0/8 answers on the loopback interface with no set-up and no root,
 * so each host gets its own address, the way real hosts have their own IPs (and the same
 * port could be used on each). Elsewhere (macOS answers only on 127.0.0.1 unless aliased)
 * every host uses 127.0.0.1 with its own port. "The host hangs" is SIGSTOP to every process
 * of the host at once.
 */

import { createRequire } from 'node:module';
import { findProgram } from '@cluster-from-scratch/kit/find-program';
import { type ManagedChild, nodeScript } from '@cluster-from-scratch/kit/harness';
import { readStat } from '@cluster-from-scratch/kit/platform';
import { isReadyMessage, type ReadyMessage } from '@cluster-from-scratch/kit/server-ready';
import type { HostApp, HostCluster } from './host-args.ts';
import type { Launcher } from './launcher.ts';
import { type HostLink, NETNS_HOST_PORT } from './netns.ts';

export type HostKind = 'cluster' | 'supervisor';
export const HOST_KINDS: readonly HostKind[] = ['cluster', 'supervisor'];

export interface Host {
  index: number;
  kind: HostKind;
  address: string;
  port: number;
  primaryPid: number;
  /** The pids serving right now (a rolling restart replaces them). */
  workerPids: number[];
  child: ManagedChild;
}

const PROGRAMS: Record<HostKind, URL> = {
  cluster: new URL('./hosts/cluster-host.ts', import.meta.url),
  supervisor: new URL('./hosts/supervisor-host.ts', import.meta.url),
};

/** Host 0 is 127.0.1.1, host 1 is 127.0.1.2 … (127.0.0.1 off Linux). */
export function hostAddress(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > 253) {
    throw new RangeError(`a host index must be a whole number from 0 to 253, got ${index}`);
  }
  return process.platform === 'linux' ? `127.0.1.${index + 1}` : '127.0.0.1';
}

/**
 * What a cluster host runs (host-args.ts): the app, @socket.io/sticky in its primary, whose
 * cluster, and a scheduling policy from the environment (NODE_CLUSTER_SCHED_POLICY).
 */
export interface HostAppOptions {
  app?: HostApp;
  sticky?: boolean;
  cluster?: HostCluster;
  schedPolicy?: string;
}

/** Stage 06's register entry, by absolute path: it resolves from any working directory. */
const REGISTER = createRequire(import.meta.url).resolve(
  '@cluster-from-scratch/06-round-robin-cluster/register',
);

/**
 * The host's command-line flags and environment for `app`. A socket.io host on the clone gets
 * the register entry in NODE_OPTIONS, so that @socket.io/sticky's require('cluster') in the
 * primary, and every worker it forks, see the clone too.
 */
function appLaunch(kind: HostKind, app: HostAppOptions) {
  const args: string[] = [];
  const env: Record<string, string> = {};
  if (kind !== 'cluster') {
    if (app.app === 'socketio' || app.sticky || app.cluster === 'node' || app.schedPolicy) {
      throw new RangeError('only a cluster host runs socket.io, node:cluster or a policy');
    }
    return { args, env };
  }
  if (app.app) args.push('--app', app.app);
  if (app.sticky) args.push('--sticky');
  if (app.cluster) args.push('--cluster', app.cluster);
  if (app.schedPolicy) env.NODE_CLUSTER_SCHED_POLICY = app.schedPolicy;
  if (app.app === 'socketio' && app.cluster !== 'node') {
    const inherited = process.env.NODE_OPTIONS ?? '';
    env.NODE_OPTIONS = `${inherited} --require ${REGISTER}`.trim();
  }
  return { args, env };
}

export async function startHost(
  launcher: Launcher,
  options: {
    kind: HostKind;
    index: number;
    workers: number;
    quiet?: boolean;
    /** A network namespace of its own (netns.ts): its address there, and the one port. */
    link?: HostLink;
    /** A cluster host's app, stickiness, cluster and policy (default: hello, the clone, RR). */
    app?: HostAppOptions;
  },
): Promise<Host> {
  if (!HOST_KINDS.includes(options.kind)) {
    throw new RangeError(`a host kind is ${HOST_KINDS.join(' or ')}, got '${options.kind}'`);
  }
  const { link } = options;
  const address = link ? link.address : hostAddress(options.index);
  const name = `${options.kind} host ${address}`;
  const args = [
    '--address',
    address,
    ...(link ? ['--port', String(NETNS_HOST_PORT)] : []),
    '--workers',
    String(options.workers),
    ...(options.quiet === false ? [] : ['--quiet']),
  ];
  const launch = appLaunch(options.kind, options.app ?? {});
  args.push(...launch.args);
  const child = link
    ? startInNamespace(launcher, link, options.kind, name, args, launch.env)
    : launcher.start(PROGRAMS[options.kind], { name, args, env: launch.env });
  const ready = await child.waitForMessage<ReadyMessage>(isReadyMessage, {
    what: `host ${address} (${options.kind}, ${options.workers} workers) to be ready`,
    // Generous: each host is a whole cluster started with the TypeScript loader.
    timeout: 60_000,
  });
  return {
    index: options.index,
    kind: options.kind,
    address,
    port: ready.port,
    primaryPid: ready.primaryPid,
    workerPids: ready.workerPids,
    child,
  };
}

/**
 * `ip netns exec NAME node …`: ip enters the namespace and then execs Node, so the pid, the IPC
 * channel and the tsx loader are those of a host started directly.
 */
function startInNamespace(
  launcher: Launcher,
  link: HostLink,
  kind: HostKind,
  name: string,
  args: string[],
  env: Record<string, string>,
): ManagedChild {
  const script = nodeScript(PROGRAMS[kind], { name, args, env });
  return launcher.startCommand(
    findProgram('ip') ?? 'ip',
    ['netns', 'exec', link.namespace, process.execPath, ...script.args],
    script.options,
  );
}

/**
 * Every process of the host at once: its process group when it leads one (the test harness
 * starts each host in a group of its own), else its primary and each of its workers.
 */
function signalHost(host: Host, signal: NodeJS.Signals): void {
  if (readStat(host.child.pid)?.pgid === host.child.pid) {
    process.kill(-host.child.pid, signal);
    return;
  }
  for (const pid of [host.primaryPid, ...host.workerPids]) {
    try {
      process.kill(pid, signal);
    } catch {
      // ESRCH: that one is gone already
    }
  }
}

/** The whole host stops running, sockets and all: the kernel still completes handshakes. */
export function hangHost(host: Host): void {
  signalHost(host, 'SIGSTOP');
}

export function resumeHost(host: Host): void {
  signalHost(host, 'SIGCONT');
}

/** kill -9 of the primary: no code of it runs; what follows depends on who held the socket. */
export function killHostPrimary(host: Host): void {
  process.kill(host.primaryPid, 'SIGKILL');
}

interface ReloadedEvent {
  event: 'reloaded';
  replaced: { from: number; to: number }[];
  pids: number[];
}

/**
 * Stage 05's zero-downtime restart on one supervisor host: SIGHUP, then wait until every old
 * worker has handed over to a new one. Updates host.workerPids; returns the pairs.
 */
export async function rollHost(host: Host): Promise<{ from: number; to: number }[]> {
  if (host.kind !== 'supervisor') {
    throw new Error(
      `only a supervisor host rolls on SIGHUP; host ${host.address} is a ${host.kind}`,
    );
  }
  process.kill(host.primaryPid, 'SIGHUP');
  const done = await host.child.waitForMessage<ReloadedEvent>(
    (m) => (m as { event?: string }).event === 'reloaded',
    { what: `host ${host.address} to finish its rolling restart`, timeout: 30_000 },
  );
  host.workerPids = done.pids;
  return done.replaced;
}
