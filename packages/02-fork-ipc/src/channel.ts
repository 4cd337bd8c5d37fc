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
import {
  listFds,
  readEnviron,
  type UnixSocketEntry,
  unixSocketTable,
} from '@cluster-from-scratch/kit/platform';

export type { UnixSocketEntry };

/**
 * Whether the kernel's side of the channel can be shown here: the Unix socket table is Linux's
 * (/proc/net/unix); elsewhere (or with CFS_PLATFORM=portable) the descriptor and environment
 * are still read, through the kit's platform layer.
 */
export const canInspect = unixSocketTable !== undefined;

export interface FdFacts {
  fd: number;
  /** What readlink(/proc/<pid>/fd/<fd>) says, e.g. socket:[48213] or pipe:[9130]. */
  link: string;
  kind: 'socket' | 'pipe' | 'other';
  inode: number | undefined;
  /** The row of /proc/net/unix for this inode, when it is a Unix domain socket. */
  unix: UnixSocketEntry | undefined;
}

/** Every Unix domain socket in this network namespace, by inode (Linux; empty elsewhere). */
export function unixSockets(): Map<number, UnixSocketEntry> {
  return unixSocketTable?.() ?? new Map();
}

/** What descriptor `fd` of process `pid` points at. Undefined when it is not open. */
export function inspectFd(fd: number, pid: number | 'self' = 'self'): FdFacts | undefined {
  const link = listFds(pid === 'self' ? process.pid : pid).get(fd);
  if (link === undefined) return undefined;
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
  const env = readEnviron(pid === 'self' ? process.pid : pid);
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
