/**
 * The sockets of a SO_REUSEPORT group, as the kernel lists them (Linux /proc).
 *
 *   /proc/net/tcp  0100007F:B1ED … 0A 00000000:00000003 … 91001    port, LISTEN, accept queue 3
 *   /proc/<pid>/fd/21 → socket:[91001]                              whose socket that is
 *
 *   ownListeners(41645, [4250, 4251])
 *     → [{ pid: 4250, inodes: [91001], acceptQueue: 3 },    its own socket, 3 clients waiting
 *        { pid: 4251, inodes: [91002], acceptQueue: 0 }]
 *
 * In stage 04's other modes every process points at one inode; here each has its own, and
 * each has its own accept queue. The queue length is what makes "a stuck worker's clients
 * wait" countable: they are completed connections sitting in that one socket's queue.
 */
import { socketInodes, socketsOn, TCP_STATES } from '@cluster-from-scratch/kit/platform';

export interface OwnListener {
  pid: number;
  /** Inodes of the port's LISTEN sockets this pid holds a descriptor for. */
  inodes: number[];
  /** Connections waiting in those sockets' accept queues. */
  acceptQueue: number;
}

export function ownListeners(port: number, pids: readonly number[]): OwnListener[] {
  const listening = new Map(
    socketsOn(port, TCP_STATES.LISTEN).map((s) => [s.inode, s.rxQueue] as const),
  );
  return pids.map((pid) => {
    const inodes = new Set(socketInodes(pid).filter((inode) => listening.has(inode)));
    const acceptQueue = [...inodes].reduce((sum, inode) => sum + (listening.get(inode) ?? 0), 0);
    return { pid, inodes: [...inodes], acceptQueue };
  });
}
