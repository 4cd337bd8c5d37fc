/**
 * Mode 'reuse-port': many sockets on one port, one per worker (SO_REUSEPORT, Node 22.12+).
 *
 *   primary: binds nothing, passes nothing
 *     │ { cfs:'reuse-port-listen', port: 0 } ──▶ worker 1: listen({ reusePort }) ─▶ socket:[A] :41645
 *     │ { cfs:'reuse-port-listen', port: 41645 } ─▶ worker 2: listen({ reusePort }) ─▶ socket:[B] :41645
 *     │ { cfs:'reuse-port-listen', port: 41645 } ─▶ worker 3: listen({ reusePort }) ─▶ socket:[C] :41645
 *                                                      ▲
 *   new connection ──▶ kernel: hash(client addr, port) ─┘ picks ONE socket, queues it there
 *
 * Stage 04's other modes give every worker the same socket. Here each worker has its own, with
 * its own accept queue, and the kernel chooses a queue when the connection arrives: only that
 * worker is woken (no herd). The price is in the choice: it is a hash of the client's address
 * and port, blind to load, so a stuck worker keeps getting its share and those clients wait;
 * when a worker dies, the connections waiting in its queue are reset (unless the sysctl
 * net.ipv4.tcp_migrate_req moves them to a sibling); and any process of the same user that
 * binds the port with SO_REUSEPORT joins the group and takes its share.
 *
 * On a Node line without reusePort the option is ignored: the second worker gets EADDRINUSE,
 * and startReusePort says which version is needed.
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Say } from '@cluster-from-scratch/kit/narrate';
import { nextMessage } from './child-messages.ts';
import { forkWorkers, stopWorkers, type WorkerProcess } from './fork-worker.ts';
import { m } from './messages/index.ts';
import { joinOnePort, type ListenOne } from './reuse-port-join.ts';
import { isReusePortReply, type ReusePortReply } from './reuse-port-protocol.ts';
import { ReusePortUnsupportedError, reusePortSupported } from './reuse-port-support.ts';
import type { RunningServer } from './running-server.ts';

export const REUSE_PORT_WORKER_SCRIPT = fileURLToPath(
  new URL('./reuse-port-worker.ts', import.meta.url),
);

export interface ReusePortOptions {
  workers: number;
  host?: string;
  port?: number;
  /** Another worker program; it must answer 'reuse-port-listen' as reuse-port-worker.ts does. */
  workerScript?: string;
  /** How the members are brought onto one port (exercise 04.4 swaps this). */
  join?: typeof joinOnePort;
  say?: Say;
}

export type ReusePortServer = Omit<RunningServer, 'server'>;

/** Thrown when a worker could not bind; `code` is the listen error (EADDRINUSE …). */
export class ReusePortListenError extends Error {
  override name = 'ReusePortListenError';
  constructor(
    readonly worker: WorkerProcess,
    readonly code: string,
    readonly port: number,
  ) {
    super(`worker ${worker.id} (pid ${worker.pid}) could not listen on port ${port}: ${code}`);
  }
}

/** Asks one worker to bind a reusePort socket on `port`; resolves with the port it got. */
export function askToListen(worker: WorkerProcess, host: string): ListenOne {
  return async (port) => {
    const answer = nextMessage<ReusePortReply>(
      worker.child as ChildProcess,
      isReusePortReply,
      `worker ${worker.id} to listen on port ${port}`,
    );
    worker.child.send({ cfs: 'reuse-port-listen', host, port });
    const reply = await answer;
    if (reply.cfs === 'reuse-port-failed') throw new ReusePortListenError(worker, reply.code, port);
    return reply.port;
  };
}

export async function startReusePort(options: ReusePortOptions): Promise<ReusePortServer> {
  const say = options.say ?? (() => {});
  const host = options.host ?? '127.0.0.1';
  const join = options.join ?? joinOnePort;
  const workers = await forkWorkers(options.workers, {
    script: options.workerScript ?? REUSE_PORT_WORKER_SCRIPT,
  });
  const close = () => stopWorkers(workers);
  try {
    say(m.askingToBind(workers.length));
    const port = await join(
      workers.map((w) => askToListen(w, host)),
      options.port ?? 0,
    );
    say(m.everyWorkerOwnSocket(host, port));
    return { mode: 'reuse-port', port, primaryPid: process.pid, workers, close };
  } catch (error) {
    await close();
    if (
      error instanceof ReusePortListenError &&
      error.code === 'EADDRINUSE' &&
      !reusePortSupported()
    ) {
      throw new ReusePortUnsupportedError(error.message);
    }
    throw error;
  }
}
