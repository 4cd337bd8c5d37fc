/**
 * What the IPC channel is, asked of the kernel (Linux /proc), not of Node.
 *
 *   fork() ── socketpair(AF_UNIX, SOCK_STREAM) ──▶ two connected sockets, no listener
 *                 │                      │
 *           parent keeps one      child gets the other as fd 3,
 *           (child.channel.fd)    and NODE_CHANNEL_FD=3 in its environment
 *
 *   /proc/self/environ       NODE_CHANNEL_FD=3             (Node deletes it from process.env)
 *   /proc/self/fd/3       →  socket:[48213]                (a pipe would read pipe:[…])
 *   /proc/net/unix           … Flags 00000000 Type 0001 St 03 Inode 48213
 *                                    not listening   STREAM   connected
 *
 * What goes in: a pid (or 'self') and a descriptor number. What comes out: the facts above.
 */
import { readFileSync, readlinkSync } from 'node:fs';

export const canInspect = process.platform === 'linux';

export interface UnixSocketEntry {
  inode: number;
  /** SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, or the raw hex type. */
  type: string;
  /** connected, unconnected, connecting, disconnecting, or the raw hex state. */
  state: string;
  /** __SO_ACCEPTCON in the flags: the socket is a listener waiting for connect(). */
  listening: boolean;
  /** The bound path; empty for an unnamed socket (a socketpair's ends have none). */
  path: string;
}

export interface FdFacts {
  fd: number;
  /** What readlink(/proc/<pid>/fd/<fd>) says, e.g. socket:[48213] or pipe:[9130]. */
  link: string;
  kind: 'socket' | 'pipe' | 'other';
  inode: number | undefined;
  /** The row of /proc/net/unix for this inode, when it is a Unix domain socket. */
  unix: UnixSocketEntry | undefined;
}

const TYPES: Record<string, string> = {
  '0001': 'SOCK_STREAM',
  '0002': 'SOCK_DGRAM',
  '0005': 'SOCK_SEQPACKET',
};
const STATES: Record<string, string> = {
  '01': 'unconnected',
  '02': 'connecting',
  '03': 'connected',
  '04': 'disconnecting',
};
const SO_ACCEPTCON = 0x10000;

/** Every Unix domain socket in this network namespace, by inode. */
export function unixSockets(): Map<number, UnixSocketEntry> {
  const entries = new Map<number, UnixSocketEntry>();
  // Columns: Num RefCount Protocol Flags Type St Inode Path
  const rows = readFileSync('/proc/net/unix', 'utf8').trim().split('\n').slice(1);
  for (const row of rows) {
    const cols = row.trim().split(/\s+/);
    const [flags = '0', type = '', state = '', inode = '0'] = cols.slice(3, 7);
    entries.set(Number(inode), {
      inode: Number(inode),
      type: TYPES[type] ?? type,
      state: STATES[state] ?? state,
      listening: (Number.parseInt(flags, 16) & SO_ACCEPTCON) !== 0,
      path: cols[7] ?? '',
    });
  }
  return entries;
}

/** What descriptor `fd` of process `pid` points at. Undefined when it is not open. */
export function inspectFd(fd: number, pid: number | 'self' = 'self'): FdFacts | undefined {
  let link: string;
  try {
    link = readlinkSync(`/proc/${pid}/fd/${fd}`);
  } catch {
    return undefined;
  }
  const match = /^(socket|pipe):\[(\d+)\]$/.exec(link);
  const kind = (match?.[1] as 'socket' | 'pipe' | undefined) ?? 'other';
  const inode = match ? Number(match[2]) : undefined;
  const unix = kind === 'socket' && inode !== undefined ? unixSockets().get(inode) : undefined;
  return { fd, link, kind, inode, unix };
}

/**
 * The channel variables a process was started with. Read from /proc/<pid>/environ because a
 * Node child deletes NODE_CHANNEL_FD from process.env while it sets the channel up.
 */
export function channelEnvironment(pid: number | 'self' = 'self'): {
  fd: number | undefined;
  serialization: string | undefined;
} {
  const env = new Map<string, string>();
  for (const entry of readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  const fd = env.get('NODE_CHANNEL_FD');
  return {
    fd: fd === undefined ? undefined : Number(fd),
    serialization: env.get('NODE_CHANNEL_SERIALIZATION_MODE'),
  };
}

/** In a child: follow NODE_CHANNEL_FD to the descriptor and ask the kernel what it is. */
export function inspectOwnChannel(): FdFacts & { serialization: string | undefined } {
  const { fd, serialization } = channelEnvironment();
  if (fd === undefined) throw new Error('NODE_CHANNEL_FD was not in this process environment');
  const facts = inspectFd(fd);
  if (!facts) throw new Error(`NODE_CHANNEL_FD=${fd} but descriptor ${fd} is not open`);
  return { ...facts, serialization };
}
