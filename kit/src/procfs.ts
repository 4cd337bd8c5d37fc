/**
 * What the kernel knows about a process, read from /proc (Linux only).
 *
 * Tests use these to assert what really happened (is a pid gone, which sockets does it hold,
 * how often did it wake up) instead of trusting what a program prints about itself.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export const hasProcfs = (() => {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
})();

interface StatLine {
  state: string;
  ppid: number;
  pgid: number;
  startTime: number;
}

/** Parses /proc/<pid>/stat; the command name may contain spaces and parentheses. */
export function readStat(pid: number): StatLine | undefined {
  let raw: string;
  try {
    raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
  return {
    state: fields[0] ?? '?',
    ppid: Number(fields[1]),
    pgid: Number(fields[2]),
    startTime: Number(fields[19]),
  };
}

/**
 * Is `pid` a live process? A zombie (state Z) counts as dead: it has exited and only waits
 * for its parent (or PID 1, which reaps slowly in containers) to collect its status.
 */
export function isAlive(pid: number): boolean {
  if (hasProcfs) {
    const stat = readStat(pid);
    return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readCmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

/** The environment a process was started with (not later changes to process.env). */
export function readEnviron(pid: number): Map<string, string> {
  const env = new Map<string, string>();
  let raw = '';
  try {
    raw = readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return env;
  }
  for (const entry of raw.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}

export function listPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** Every descriptor of `pid` and what it points at, e.g. { 3: 'socket:[123]', 1: 'pipe:[9]' }. */
export function listFds(pid: number): Map<number, string> {
  const fds = new Map<number, string>();
  for (const name of readdirSync(`/proc/${pid}/fd`)) {
    try {
      fds.set(Number(name), readlinkSync(`/proc/${pid}/fd/${name}`));
    } catch {
      // The fd closed between readdir and readlink: it is not held any more.
    }
  }
  return fds;
}

/** The socket inodes `pid` holds ('socket:[123]' → 123). */
export function socketInodes(pid: number): number[] {
  const inodes: number[] = [];
  for (const target of listFds(pid).values()) {
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.push(Number(match[1]));
  }
  return inodes;
}

export interface TcpSocketEntry {
  localPort: number;
  remotePort: number;
  /** Kernel state code: '0A' is LISTEN, '01' is ESTABLISHED. */
  state: string;
  inode: number;
  /**
   * The receive queue. For a LISTEN socket this is its accept queue: connections the kernel
   * has completed and nobody has accept()ed yet.
   */
  rxQueue: number;
}

/** IPv4 and IPv6 TCP sockets as /proc/net/tcp{,6} lists them. */
export function tcpSockets(): TcpSocketEntry[] {
  const entries: TcpSocketEntry[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let lines: string[];
    try {
      lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1] ?? '';
      const remote = cols[2] ?? '';
      entries.push({
        localPort: Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16),
        remotePort: Number.parseInt(remote.slice(remote.lastIndexOf(':') + 1), 16),
        state: cols[3] ?? '',
        inode: Number(cols[9]),
        rxQueue: Number.parseInt((cols[4] ?? '').split(':')[1] ?? '', 16),
      });
    }
  }
  return entries;
}

/** The inodes of the TCP sockets in LISTEN state on `port`. */
export function listeningInodes(port: number): number[] {
  return tcpSockets()
    .filter((s) => s.state === '0A' && s.localPort === port)
    .map((s) => s.inode);
}

/** How many TCP sockets (not pipes, not Unix sockets) `pid` holds. */
export function tcpSocketCount(pid: number): number {
  const tcp = new Set(tcpSockets().map((s) => s.inode));
  return socketInodes(pid).filter((inode) => tcp.has(inode)).length;
}

/**
 * Voluntary context switches: how many times the process went to sleep waiting for something.
 * Each wake-up from epoll counts one, which makes it a cheap, tracer-free wake-up counter.
 */
export function voluntaryContextSwitches(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^voluntary_ctxt_switches:\s+(\d+)$/m.exec(status);
  return match ? Number(match[1]) : Number.NaN;
}

/** User + system CPU time of a process in clock ticks (1/100 s on Linux). */
export function cpuTicks(pid: number): number {
  const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}
