/**
 * What the kernel says about our sockets (Linux /proc), for the demo and the tests.
 *
 *   /proc/<pid>/fd/21 → socket:[88123]      which open socket a descriptor points at
 *   /proc/net/tcp     → 0100007F:9C41 … 0A … 88123      port, state (0A = LISTEN), inode
 *
 *   listenerView(port, pids)
 *     → { listenInodes: [88123],                         one LISTEN entry for the port
 *         holders: [{ pid: 4242, fds: [21] }, { pid: 4250, fds: [19] }, …] }
 *   connectionsHeld(pid, port) → how many accepted connections on `port` pid holds
 *
 * Only sockets on 127.0.0.1 count (kit's onLoopback): another address may hold the same port
 * number, e.g. a stage 07 host on 127.0.1.1, and that is another socket.
 *
 * Why look at inodes: fd numbers are per process (21 in the primary, 19 in a worker) and
 * mean nothing across processes. The inode names the socket itself: same inode, same socket.
 */
import {
  listeningInodes,
  listFds,
  socketsOn,
  TCP_STATES,
} from '@cluster-from-scratch/kit/platform';

export interface SocketHolder {
  pid: number;
  /** The pid's descriptors that point at the port's listening socket (empty: holds none). */
  fds: number[];
}

export interface ListenerView {
  /** Inodes of the LISTEN entries for the port: one socket means one entry. */
  listenInodes: number[];
  holders: SocketHolder[];
}

export function listenerView(port: number, pids: readonly number[]): ListenerView {
  const listenInodes = listeningInodes(port);
  return {
    listenInodes,
    holders: pids.map((pid) => ({ pid, fds: fdsPointingAt(pid, new Set(listenInodes)) })),
  };
}

/** The descriptors of `pid` that point at one of `inodes`. */
function fdsPointingAt(pid: number, inodes: ReadonlySet<number>): number[] {
  const fds: number[] = [];
  for (const [fd, target] of listFds(pid)) {
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode !== undefined && inodes.has(Number(inode))) fds.push(fd);
  }
  return fds;
}

/** Accepted (ESTABLISHED) server-side sockets on `port` that `pid` holds a descriptor for. */
export function connectionsHeld(pid: number, port: number): number {
  const established = new Set(socketsOn(port, TCP_STATES.ESTABLISHED).map((s) => s.inode));
  return fdsPointingAt(pid, established).length;
}
