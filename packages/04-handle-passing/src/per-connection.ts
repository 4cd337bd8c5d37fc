/**
 * Mode 2: the primary accepts every connection and hands each one to the next worker.
 *
 *   client ──connect──▶ primary: accept() (paused: not one byte is read here)
 *                          │ scheduler.next() → worker 2
 *                          │ send({ cfs: 'conn', seq: 7 }, socket, { keepOpen: true })
 *                          ▼
 *                       worker 2: { cfs: 'conn-ack', seq: 7 }, then serves the request
 *                          │
 *   primary: on the ack, closes its own copy ─▶ the connection now costs one fd, in worker 2
 *
 * Only the primary listens, so only the primary wakes for a new connection: no herd. The
 * primary chooses, so the split is as even as the scheduler makes it.
 *
 * Why keepOpen and an ack: without keepOpen, Node drops the primary's copy as soon as the
 * child's side of the channel has the descriptor, and also when that child goes away with
 * the handle still unacknowledged. Either way a worker that dies before serving takes the
 * connection with it. Keeping our copy until the worker itself says "got it" lets us hand
 * it to another worker instead. Node's cluster round robin also keeps its copy until the
 * worker replies, and re-distributes a connection the worker did not accept.
 */
import type { Server, Socket } from 'node:net';
import { debuglog } from 'node:util';
import { labEvent, reportAccepts } from '@cluster-from-scratch/kit/lab-hook';
import type { Say } from '@cluster-from-scratch/kit/narrate';
import { whenGone } from './child-messages.ts';
import { forkWorkers, stopWorkers, type WorkerProcess } from './fork-worker.ts';
import { listenOnce, portOf } from './listen.ts';
import { m } from './messages/index.ts';
import { type ConnectionMessage, isWorkerMessage } from './protocol.ts';
import { RoundRobin } from './round-robin.ts';
import type { RunningServer } from './running-server.ts';

const debug = debuglog('cfs-04');

/**
 * Who gets the next connection. RoundRobin is one; AddressHash (address-hash.ts) another, and
 * the only one that looks at the connection it is choosing for.
 */
export interface Scheduler<T> {
  add(item: T): void;
  remove(item: T): void;
  next(connection?: { remoteAddress?: string }): T | undefined;
}

export interface PerConnectionOptions {
  workers: number;
  host?: string;
  port?: number;
  workerScript?: string;
  scheduler?: Scheduler<WorkerProcess>;
  say?: Say;
}

export async function startPerConnection(options: PerConnectionOptions): Promise<RunningServer> {
  const say = options.say ?? (() => {});
  const scheduler = options.scheduler ?? new RoundRobin<WorkerProcess>();
  const pending = new Map<number, { socket: Socket; worker: WorkerProcess }>();
  let lastSeq = 0;
  let closing = false;

  const handOff = (socket: Socket): void => {
    let worker = scheduler.next(socket);
    // A worker whose channel is closed cannot take anything: drop it from the turn order.
    while (worker && !worker.child.connected) {
      scheduler.remove(worker);
      worker = scheduler.next(socket);
    }
    if (!worker || closing) {
      say(m.noWorkerForConnection);
      socket.destroy();
      return;
    }
    const seq = ++lastSeq;
    pending.set(seq, { socket, worker });
    const message: ConnectionMessage = { cfs: 'conn', seq };
    debug('primary: connection #%d → worker %s', seq, worker.id);
    labEvent('handoff', { role: 'primary', worker: worker.pid });
    worker.child.send(message, socket, { keepOpen: true }, (error: Error | null) => {
      if (error) retry(seq);
    });
  };

  /** The worker could not take connection `seq`: give it to somebody else. */
  const retry = (seq: number) => {
    const entry = pending.get(seq);
    if (!entry) return; // already acknowledged or already retried
    pending.delete(seq);
    handOff(entry.socket);
  };

  // Workers first: a listening net.Server with no 'connection' listener would still accept.
  const workers = await forkWorkers(options.workers, { script: options.workerScript });
  for (const worker of workers) {
    scheduler.add(worker);
    worker.child.on('message', (message: unknown) => {
      if (!isWorkerMessage(message, 'conn-ack')) return;
      const entry = pending.get(message.seq);
      pending.delete(message.seq);
      entry?.socket.destroy(); // our copy only: the worker's descriptor keeps the connection up
    });
    whenGone(worker.child, () => {
      scheduler.remove(worker);
      if (!closing) say(m.workerGone(worker.id, worker.pid));
      // Whatever it had not acknowledged, it never took: hand those to somebody else.
      for (const [seq, entry] of pending) if (entry.worker === worker) retry(seq);
    });
  }
  // pauseOnConnect: the primary must not read from a socket it is about to give away.
  let server: Server;
  try {
    server = await listenOnce({
      host: options.host,
      port: options.port,
      serverOptions: { pauseOnConnect: true },
    });
  } catch (error) {
    await stopWorkers(workers);
    throw error;
  }
  const port = portOf(server);
  say(m.perConnectionListening(options.host ?? '127.0.0.1', port));

  reportAccepts(server, 'primary'); // the lab's view; free when no lab is listening
  server.on('connection', (socket: Socket) => {
    socket.on('error', () => {}); // a client reset while we hold it must not end the primary
    handOff(socket);
  });

  return {
    mode: 'per-connection',
    port,
    primaryPid: process.pid,
    workers,
    server,
    async close() {
      closing = true;
      server.close();
      for (const { socket } of pending.values()) socket.destroy();
      pending.clear();
      await stopWorkers(workers);
    },
  };
}
