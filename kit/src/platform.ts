/**
 * The one place the kit asks the operating system about processes, descriptors and sockets.
 *
 *   Linux                      → platform/linux-proc.ts   reads /proc (exact, cheap)
 *   macOS, the BSDs            → platform/portable.ts     asks ps and lsof
 *   CFS_PLATFORM=portable      → portable.ts on Linux too, so the fallback is proven here
 *
 * The harness, the leak check, the demos, the lab and the benchmarks import from here only.
 * A view with no portable source (voluntary context switches) is `undefined` in the portable
 * view: callers ask `canCountWakeUps` and print `needsLinux(...)` instead of the figure.
 */
import { readFileSync } from 'node:fs';
import { inLanguage } from './language.ts';
import { linuxProc } from './platform/linux-proc.ts';
import en from './platform/messages/en.ts';
import zh from './platform/messages/zh.ts';
import { portable } from './platform/portable.ts';
import {
  type ProcessRow,
  type ProcessView,
  TCP_STATES,
  type TcpSocketEntry,
} from './platform/types.ts';

export type {
  ProcessRow,
  ProcessStat,
  ProcessView,
  TcpSocketEntry,
  UnixSocketEntry,
} from './platform/types.ts';
export { TCP_STATES } from './platform/types.ts';

function choose(): ProcessView {
  const forced = process.env.CFS_PLATFORM;
  if (forced === 'portable') return portable;
  if (forced === 'linux-proc') return linuxProc;
  if (forced)
    throw new Error(
      `CFS_PLATFORM=${forced}: choose 'portable' or 'linux-proc' (or leave it unset)`,
    );
  return process.platform === 'linux' ? linuxProc : portable;
}

/** The implementation this process uses. */
export const processView: ProcessView = choose();
export const platformName = processView.name;

export const isAlive = (pid: number) => processView.isAlive(pid);
export const readStat = (pid: number) => processView.readStat(pid);
export const readCmdline = (pid: number) => processView.readCmdline(pid);
export const readEnviron = (pid: number) => processView.readEnviron(pid);
export const listPids = () => processView.listPids();
export const processTable = (options?: { environment?: boolean }) =>
  processView.processTable(options);
export const listFds = (pid: number) => processView.listFds(pid);
export const tcpSockets = () => processView.tcpSockets();
export const cpuTicks = (pid: number) => processView.cpuTicks(pid);

/**
 * Live processes (zombies left out) whose starting environment has `name`, or `name=value`
 * when a value is given: how the harness, the leak check and the lab find what they started.
 * One look at the process table (one `ps` where there is no /proc).
 */
export function processesCarrying(name: string, value?: string): ProcessRow[] {
  return processTable({ environment: true }).filter((row) => {
    if (row.state === 'Z') return false;
    const found = row.environment?.get(name);
    return value === undefined ? found !== undefined : found === value;
  });
}

/** The socket identities `pid` holds ('socket:[123]' → 123). */
export function socketInodes(pid: number): number[] {
  const inodes: number[] = [];
  for (const target of listFds(pid).values()) {
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.push(Number(match[1]));
  }
  return inodes;
}

/**
 * Is this socket on 127.0.0.1, where every server in this project listens and every client
 * connects? That is 127.0.0.1 itself, an address that covers it (0.0.0.0, '::' of a dual-stack
 * listener) and '::ffff:127.0.0.1' (what a dual-stack listener's accepted connections show).
 * The port number alone is not enough: the kernel gives a port in use on 127.0.0.1 to a
 * listener on 127.0.1.1 too (stage 07's hosts), and that one is a socket of its own.
 */
export function onLoopback(socket: Pick<TcpSocketEntry, 'localAddress'>): boolean {
  return ['127.0.0.1', '0.0.0.0', '::', '::ffff:127.0.0.1'].includes(socket.localAddress);
}

/** The TCP sockets on 127.0.0.1:`port` (see onLoopback) in `state` (a TCP_STATES code). */
export function socketsOn(port: number, state: string): TcpSocketEntry[] {
  return tcpSockets().filter((s) => s.state === state && s.localPort === port && onLoopback(s));
}

/** The identities of the TCP sockets in LISTEN state on 127.0.0.1:`port`. */
export function listeningInodes(port: number): number[] {
  return socketsOn(port, TCP_STATES.LISTEN).map((s) => s.inode);
}

/** How many TCP sockets (not pipes, not Unix sockets) `pid` holds. */
export function tcpSocketCount(pid: number): number {
  const tcp = new Set(tcpSockets().map((s) => s.inode));
  return socketInodes(pid).filter((inode) => tcp.has(inode)).length;
}

/**
 * Where each answer comes from, as a reader would look it up by hand here: narration names it
 * ("TCP sockets in /proc/<pid>/fd") so that it is true on a Mac as well.
 */
export const sources = {
  ...(platformName === 'linux-proc'
    ? { fds: '/proc/<pid>/fd', tcpTable: '/proc/net/tcp', ownEnvironment: '/proc/self/environ' }
    : { fds: 'lsof -p <pid>', tcpTable: 'lsof -iTCP', ownEnvironment: 'ps' }),
  /**
   * What a socket's number is: its inode on Linux (from /proc or lsof alike); on macOS lsof can
   * only give the socket's kernel address, kept as a number (portable.ts).
   */
  socketNumber: process.platform === 'linux' ? ('inode' as const) : ('kernel address' as const),
};

/** Can this platform count a process's wake-ups (voluntary context switches)? Linux only. */
export const canCountWakeUps = processView.voluntaryContextSwitches !== undefined;

/**
 * Voluntary context switches: how many times the process went to sleep waiting for something.
 * Each wake-up from epoll counts one, which makes it a cheap, tracer-free wake-up counter.
 * Throws where the platform has no such count; check `canCountWakeUps` first.
 */
export function voluntaryContextSwitches(pid: number): number {
  if (!processView.voluntaryContextSwitches) throw new Error(needsLinux('wakeUps'));
  return processView.voluntaryContextSwitches(pid);
}

/**
 * A process's memory from /proc/<pid>/smaps_rollup, in kB (Linux; undefined elsewhere, or when
 * the process is gone). RSS counts every page the process maps, shared ones included, so N
 * processes that share the node binary's pages count them N times; PSS divides each shared
 * page among the processes that share it, so PSS adds up across processes and RSS does not.
 * Threads of one process are one entry: its memory is theirs.
 */
export function memoryKb(pid: number): { pssKb: number; rssKb: number } | undefined {
  if (platformName !== 'linux-proc') return undefined;
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  } catch {
    return undefined;
  }
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1]);
  const pssKb = field('Pss');
  const rssKb = field('Rss');
  return Number.isFinite(pssKb) && Number.isFinite(rssKb) ? { pssKb, rssKb } : undefined;
}

/** The Unix domain socket table, where the platform publishes one (Linux); else undefined. */
export const unixSocketTable = processView.unixSockets;

/** net.ipv4.tcp_migrate_req where the platform has it (Linux); else undefined. */
export const tcpMigrateReq = processView.tcpMigrateReq;

export type LinuxOnlyView = keyof typeof en.views;

/** Does this platform have the view? (The portable one has none of them.) */
export function hasLinuxView(view: LinuxOnlyView): boolean {
  switch (view) {
    case 'wakeUps':
      return canCountWakeUps;
    case 'unixSocketTable':
      return unixSocketTable !== undefined;
    case 'migrateSysctl':
      return tcpMigrateReq !== undefined;
    case 'reusePortGroups':
      return process.platform === 'linux';
  }
}

/** The one line a demo prints instead of a view this platform cannot show. */
export function needsLinux(view: LinuxOnlyView): string {
  const m = inLanguage({ en, zh });
  return m.needsLinux(m.views[view], platformName === 'portable' && process.platform === 'linux');
}
