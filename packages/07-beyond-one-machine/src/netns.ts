/**
 * Hosts with a network of their own: one Linux network namespace per host, joined to the front
 * (the root namespace, where nginx or HAProxy runs) by a veth pair, like machines on a wire.
 *
 *   HostNetwork.create(2)                       HostNetwork.create(3)  (a bridge when N > 2)
 *
 *   root ns                 ns cfs07-PID-0      root ns                          ns cfs07-PID-0
 *   c7PIDf0 198.18.A.1 ═══ c7PIDh0 198.18.A.2   c7PIDbr 198.18.C.1 ─┬─ c7PIDf0 ═══ 198.18.C.2
 *   c7PIDf1 198.18.B.1 ═══ c7PIDh1 198.18.B.2   (the bridge)        ├─ c7PIDf1 ═══ 198.18.C.3
 *                           ns cfs07-PID-1                           └─ c7PIDf2 ═══ 198.18.C.4
 *   (A, B, C: /24 networks no address here uses yet, chosen from the pid; 198.19.x.y too)
 *
 * Every host then has its own loopback and its own ports: all of them listen on the same port,
 * as real machines do. The addresses come from 198.18.0.0/15, the range set aside for
 * benchmark networks (RFC 2544), and exist only inside what this run made.
 *
 * Names carry the pid of the process that made them, so what a SIGKILLed run left behind is
 * recognisable: sweepNetworks() removes every namespace and link whose pid is gone, and
 * leftoverNetworks() lists them for a leak check. A reaper (reaper()) removes them even after a
 * SIGKILL: a shell that waits to read its stdin, a pipe only its parent holds open.
 *
 * Needs root and iproute2's `ip`; networkUnavailable() says in one line why not. One network
 * per process at a time (the names carry only the pid): stop one before making the next.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { findProgram } from '@cluster-from-scratch/kit/find-program';
import { isAlive } from '@cluster-from-scratch/kit/platform';

/** The port every host listens on, in its own namespace. */
export const NETNS_HOST_PORT = 8080;

const NAMESPACE = /^cfs07-(\d+)-(\d+)$/;
const LINK = /^c7(\d+)(?:f\d+|h\d+|br)$/;

/** Why this machine cannot make host namespaces, or undefined when it can. */
export function networkUnavailable(): string | undefined {
  if (process.platform !== 'linux')
    return `needs Linux network namespaces (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'needs root: ip netns add and veth pairs (run as root)';
  if (!findProgram('ip')) return 'needs iproute2: apt-get install iproute2';
  return undefined;
}

/**
 * /24 networks of 198.18.0.0/15 that no address on this machine uses yet, starting from one
 * that depends on the owner's pid: two runs at once (a test and a measurement, say) must not
 * both route the same network to their own wires.
 */
function freeSubnets(owner: number, count: number): string[] {
  const used = new Set(
    [
      ...ip(['-o', '-4', 'addr', 'show'], { quiet: true }).matchAll(/inet (198\.1[89]\.\d+)\./g),
    ].map((m) => m[1]),
  );
  const name = (k: number) => `198.${18 + (k >> 8)}.${k & 255}`;
  const found: string[] = [];
  for (let step = 0; step < 512 && found.length < count; step++) {
    const candidate = name((owner * 3 + step) % 512);
    if (!used.has(candidate)) found.push(candidate);
  }
  if (found.length < count) throw new NetworkError('no free /24 left in 198.18.0.0/15');
  return found;
}

export class NetworkError extends Error {
  override name = 'NetworkError';
}

function ip(args: string[], options: { quiet?: boolean } = {}): string {
  const bin = findProgram('ip') ?? 'ip';
  const run = spawnSync(bin, args, { encoding: 'utf8' });
  if (run.status !== 0 && !options.quiet) {
    throw new NetworkError(
      `ip ${args.join(' ')}: ${(run.stderr || run.error?.message || '').trim()}`,
    );
  }
  return run.stdout ?? '';
}

export interface HostLink {
  /** The host's namespace: `ip netns exec NAME …` runs a program there. */
  namespace: string;
  /** The host's address, inside its namespace. */
  address: string;
  /** The front's end of the wire (root namespace), and the host's end (in the namespace). */
  frontLink: string;
  hostLink: string;
}

export class HostNetwork {
  private destroyed = false;

  private constructor(
    readonly owner: number,
    readonly hosts: HostLink[],
    readonly bridge: string | undefined,
    /** The /24 networks it uses ('198.18.3' …): one with a bridge, one per pair without. */
    readonly subnets: string[],
  ) {}

  /** Every name this network made, for the reaper and for messages. */
  get namespaces(): string[] {
    return this.hosts.map((h) => h.namespace);
  }

  static create(count: number, owner = process.pid): HostNetwork {
    const why = networkUnavailable();
    if (why) throw new NetworkError(why);
    if (!Number.isInteger(count) || count < 1 || count > 32) {
      throw new RangeError(`a host network has 1 to 32 hosts, got ${count}`);
    }
    const bridge = count > 2 ? `c7${owner}br` : undefined;
    const subnets = freeSubnets(owner, bridge ? 1 : count);
    const hosts: HostLink[] = Array.from({ length: count }, (_, i) => ({
      namespace: `cfs07-${owner}-${i}`,
      address: bridge ? `${subnets[0]}.${i + 2}` : `${subnets[i]}.2`,
      frontLink: `c7${owner}f${i}`,
      hostLink: `c7${owner}h${i}`,
    }));
    const network = new HostNetwork(owner, hosts, bridge, subnets);
    try {
      if (bridge) {
        ip(['link', 'add', bridge, 'type', 'bridge']);
        ip(['addr', 'add', `${subnets[0]}.1/24`, 'dev', bridge]);
        ip(['link', 'set', bridge, 'up']);
      }
      hosts.forEach((h, i) => {
        ip(['netns', 'add', h.namespace]);
        ip(['-n', h.namespace, 'link', 'set', 'lo', 'up']);
        // The pair is made with one end already inside the namespace.
        ip([
          'link',
          'add',
          h.frontLink,
          'type',
          'veth',
          'peer',
          'name',
          h.hostLink,
          'netns',
          h.namespace,
        ]);
        if (bridge) ip(['link', 'set', h.frontLink, 'master', bridge]);
        else ip(['addr', 'add', `${subnets[i]}.1/24`, 'dev', h.frontLink]);
        ip(['link', 'set', h.frontLink, 'up']);
        ip(['-n', h.namespace, 'addr', 'add', `${h.address}/24`, 'dev', h.hostLink]);
        ip(['-n', h.namespace, 'link', 'set', h.hostLink, 'up']);
      });
    } catch (error) {
      network.destroy();
      throw error;
    }
    return network;
  }

  /** The wire to host `index` is cut at the host's end: packets to it go nowhere. */
  linkDown(index: number): void {
    const h = this.host(index);
    ip(['-n', h.namespace, 'link', 'set', h.hostLink, 'down']);
  }

  linkUp(index: number): void {
    const h = this.host(index);
    ip(['-n', h.namespace, 'link', 'set', h.hostLink, 'up']);
  }

  private host(index: number): HostLink {
    const h = this.hosts[index];
    if (!h) throw new RangeError(`no host ${index} in this network of ${this.hosts.length}`);
    return h;
  }

  /**
   * Removes every namespace and link, synchronously (it runs in 'exit' handlers too). Deleting
   * a namespace deletes the veth end inside it, and with it the other end.
   */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const h of this.hosts) {
      ip(['netns', 'del', h.namespace], { quiet: true });
      ip(['link', 'del', h.frontLink], { quiet: true });
    }
    if (this.bridge) ip(['link', 'del', this.bridge], { quiet: true });
  }

  /**
   * A shell that removes this network once its stdin closes: when the process holding the
   * pipe's other end ends, however it ends (SIGKILL too). `stdin: 'pipe'` must be kept open.
   */
  reaperCommand(): [string, string[]] {
    const bin = findProgram('ip') ?? 'ip';
    const steps = [
      ...this.hosts.flatMap((h) => [
        `${bin} netns del ${h.namespace}`,
        `${bin} link del ${h.frontLink}`,
      ]),
      ...(this.bridge ? [`${bin} link del ${this.bridge}`] : []),
    ].map((step) => `${step} 2>/dev/null`);
    return ['sh', ['-c', `read _ignored; ${steps.join('; ')}; exit 0`]];
  }
}

/** Starts the reaper as a plain child whose stdin is a pipe from this process. */
export function reaper(network: HostNetwork): ChildProcess {
  const [command, args] = network.reaperCommand();
  const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'ignore'] });
  // Never written to: only its closing matters. It must not keep this process alive.
  child.unref();
  (child.stdin as unknown as { unref?: () => void })?.unref?.();
  return child;
}

/** Namespaces and links of this stage whose owner pid is gone (or, with `owner`, of that pid). */
export function leftoverNetworks(owner?: number): { namespaces: string[]; links: string[] } {
  if (networkUnavailable()) return { namespaces: [], links: [] };
  const stale = (pid: string) =>
    owner === undefined ? !isAlive(Number(pid)) : Number(pid) === owner;
  const namespaces = ip(['netns', 'list'], { quiet: true })
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => {
      const m = NAMESPACE.exec(name);
      return m !== null && stale(m[1] ?? '');
    });
  const links = ip(['-o', 'link', 'show'], { quiet: true })
    .split('\n')
    .map((line) => /^\d+: ([^:@]+)/.exec(line)?.[1] ?? '')
    .filter((name) => {
      const m = LINK.exec(name);
      return m !== null && stale(m[1] ?? '');
    });
  return { namespaces, links };
}

/** Removes what runs that are gone left behind; returns what it removed. */
export function sweepNetworks(owner?: number): { namespaces: string[]; links: string[] } {
  const left = leftoverNetworks(owner);
  for (const name of left.namespaces) ip(['netns', 'del', name], { quiet: true });
  for (const name of left.links) ip(['link', 'del', name], { quiet: true });
  return left;
}
