/**
 * The process view read from /proc, where Linux publishes what the kernel knows:
 *
 *   /proc/<pid>/stat      state, parent, process group, CPU time
 *   /proc/<pid>/cmdline   the arguments, NUL-separated
 *   /proc/<pid>/environ   the environment it started with, NUL-separated
 *   /proc/<pid>/fd/<n>    a link to what descriptor n is: a path, socket:[inode], pipe:[inode]
 *   /proc/<pid>/status    among much else, voluntary_ctxt_switches
 *   /proc/net/tcp{,6}     every TCP socket of this network namespace: ports, state, queues, inode
 *   /proc/net/unix        every Unix domain socket: type, state, listening flag, inode
 *   /proc/sys/net/ipv4/tcp_migrate_req   whether a closing SO_REUSEPORT socket passes its queue on
 *
 * Reading files is cheap and exact, so this is the implementation the suite runs with on Linux.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type {
  ProcessRow,
  ProcessStat,
  ProcessView,
  TcpSocketEntry,
  UnixSocketEntry,
} from './types.ts';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
function statFields(pid: number): string[] | undefined {
  const raw = read(`/proc/${pid}/stat`);
  return raw === undefined ? undefined : raw.slice(raw.lastIndexOf(')') + 2).split(' ');
}

function readStat(pid: number): ProcessStat | undefined {
  const fields = statFields(pid);
  if (!fields) return undefined;
  return { state: fields[0] ?? '?', ppid: Number(fields[1]), pgid: Number(fields[2]) };
}

function isAlive(pid: number): boolean {
  const state = readStat(pid)?.state;
  return state !== undefined && state !== 'Z' && state !== 'X';
}

function readCmdline(pid: number): string {
  return (read(`/proc/${pid}/cmdline`) ?? '').split('\0').filter(Boolean).join(' ');
}

function readEnviron(pid: number): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of (read(`/proc/${pid}/environ`) ?? '').split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}

function listPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

function processTable(options: { environment?: boolean } = {}): ProcessRow[] {
  const rows: ProcessRow[] = [];
  for (const pid of listPids()) {
    const stat = readStat(pid);
    if (!stat) continue; // it exited between readdir and read
    const row: ProcessRow = { pid, ...stat, command: readCmdline(pid) };
    if (options.environment) row.environment = readEnviron(pid);
    rows.push(row);
  }
  return rows;
}

function listFds(pid: number): Map<number, string> {
  const fds = new Map<number, string>();
  // A process that is gone throws here (ENOENT): counting its descriptors as 0 would lie.
  for (const name of readdirSync(`/proc/${pid}/fd`)) {
    try {
      fds.set(Number(name), readlinkSync(`/proc/${pid}/fd/${name}`));
    } catch {
      // The fd closed between readdir and readlink: it is not held any more.
    }
  }
  return fds;
}

/**
 * /proc/net/tcp{,6} print an address as the kernel stores it: 32-bit words in hex, each in the
 * machine's byte order (little-endian on x86 and arm64), so 127.0.0.1 reads 0100007F.
 */
export function addressFromProc(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) =>
    (word.match(/../g) ?? []).reverse().map((b) => Number.parseInt(b, 16)),
  );
  if (bytes.length === 4) return bytes.join('.');
  const ipv4Mapped =
    bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (ipv4Mapped) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups = Array.from({ length: 8 }, (_, i) =>
    (((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0)).toString(16),
  );
  // The URL parser writes an IPv6 address in its shortest form (the longest run of zeros as ::).
  return new URL(`http://[${groups.join(':')}]`).hostname.slice(1, -1);
}

function tcpSockets(): TcpSocketEntry[] {
  const entries: TcpSocketEntry[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = (read(file) ?? '').trim().split('\n').slice(1);
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const local = cols[1] ?? '';
      const remote = cols[2] ?? '';
      entries.push({
        localAddress: addressFromProc(local.slice(0, local.lastIndexOf(':'))),
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

function cpuTicks(pid: number): number {
  const fields = statFields(pid);
  if (!fields) throw new Error(`process ${pid} is gone: no CPU time to read`);
  // utime and stime, in clock ticks; USER_HZ is 100 on every Linux Node runs on.
  return Number(fields[11]) + Number(fields[12]);
}

function voluntaryContextSwitches(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^voluntary_ctxt_switches:\s+(\d+)$/m.exec(status);
  return match ? Number(match[1]) : Number.NaN;
}

const UNIX_TYPES: Record<string, string> = {
  '0001': 'SOCK_STREAM',
  '0002': 'SOCK_DGRAM',
  '0005': 'SOCK_SEQPACKET',
};
const UNIX_STATES: Record<string, string> = {
  '01': 'unconnected',
  '02': 'connecting',
  '03': 'connected',
  '04': 'disconnecting',
};
const SO_ACCEPTCON = 0x10000;

function unixSockets(): Map<number, UnixSocketEntry> {
  const entries = new Map<number, UnixSocketEntry>();
  // Columns: Num RefCount Protocol Flags Type St Inode Path
  const rows = readFileSync('/proc/net/unix', 'utf8').trim().split('\n').slice(1);
  for (const row of rows) {
    const cols = row.trim().split(/\s+/);
    const [flags = '0', type = '', state = '', inode = '0'] = cols.slice(3, 7);
    entries.set(Number(inode), {
      inode: Number(inode),
      type: UNIX_TYPES[type] ?? type,
      state: UNIX_STATES[state] ?? state,
      listening: (Number.parseInt(flags, 16) & SO_ACCEPTCON) !== 0,
      path: cols[7] ?? '',
    });
  }
  return entries;
}

function tcpMigrateReq(): number {
  return Number(readFileSync('/proc/sys/net/ipv4/tcp_migrate_req', 'utf8').trim());
}

export const linuxProc: ProcessView = {
  name: 'linux-proc',
  isAlive,
  readStat,
  readCmdline,
  readEnviron,
  listPids,
  processTable,
  listFds,
  tcpSockets,
  cpuTicks,
  voluntaryContextSwitches,
  unixSockets,
  tcpMigrateReq,
};

/** Whether this machine has a /proc to read (Linux does; a Mac does not). */
export const hasProcfs = read('/proc/self/stat') !== undefined;
