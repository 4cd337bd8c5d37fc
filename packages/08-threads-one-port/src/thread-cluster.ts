/**
 * A small `cluster` for worker threads: fork, 'online', 'listening', 'exit' with its code,
 * restarts within stage 05's budget, and a graceful disconnect.
 *
 *   ThreadCluster (main thread of one process)
 *     fork() ─▶ ThreadWorker { id, threadId } ─ startThread('thread-server.ts', workerData)
 *        'fork'      the Worker object exists
 *        'online'    the thread started running JavaScript       (the Worker's 'online')
 *        'listening' its server listens; { port }               (its first message)
 *        'exit'      the thread ended: code, and the error that ended it, if any
 *                    └─ not asked to? RestartBudget.take() ? fork a replacement : 'giveup'
 *     disconnect(worker) ─▶ { cfs: 'disconnect' } ─▶ the thread closes its server first,
 *                            waits for its connections, and ends with code 0
 *
 * Two ways to put the threads on one port (strategy):
 *   'reuseport'  every thread listens on the port itself, with reusePort (Node 22.12+/23.1+);
 *                the first one picks the port (0 → a free one), the others join it
 *   'proxy'      every thread listens on a port of its own; the main thread accepts on the
 *                public port and relays bytes to them in turn (stage 03's proxy pieces)
 *
 * Names follow node:cluster where they mean the same (fork, online, listening, exit,
 * disconnect, exitedAfterDisconnect); what differs is what a worker *is*: a thread, so
 * `process.pid` is the same for all and `threadId` tells them apart.
 */
import { EventEmitter } from 'node:events';
import type { ResourceLimits, Worker } from 'node:worker_threads';
import { RestartBudget } from '@cluster-from-scratch/05-auto-restart/restart-budget';
import { exitDecision } from './exit-decision.ts';
import type { FromThread, ThreadConfig, ToThread } from './protocol.ts';
import { startThread } from './start-thread.ts';
import { startThreadProxy, type ThreadProxy } from './thread-proxy.ts';

export type Strategy = 'reuseport' | 'proxy';

export interface ThreadClusterOptions {
  workers: number;
  strategy: Strategy;
  host?: string;
  /** The public port; 0 picks a free one. */
  port?: number;
  /** Restarts allowed per window (stage 05's budget); 0 never restarts. */
  limit?: number;
  windowMs?: number;
  /** Passed to every thread: maxOldGenerationSizeMb and friends (a heap limit per thread). */
  resourceLimits?: ResourceLimits;
}

export type WorkerState = 'starting' | 'online' | 'listening' | 'disconnecting' | 'dead';

export interface ThreadExit {
  /** The thread's exit code: 0 after a disconnect, 1 after an uncaught error, N after exit(N). */
  code: number;
  /** The error that ended it ('error' event of the Worker), if any: ERR_WORKER_OUT_OF_MEMORY… */
  error?: { name: string; code?: string; message: string };
  /** True when the supervisor asked it to go (disconnect): not restarted. */
  exitedAfterDisconnect: boolean;
}

export class ThreadWorker {
  state: WorkerState = 'starting';
  /** Its own port in the 'proxy' strategy; the shared port with reusePort. */
  port: number | undefined;
  /** performance.now() at fork and at 'listening': start-up time per worker. */
  readonly forkedAt = performance.now();
  listeningAt: number | undefined;
  exitedAfterDisconnect = false;
  error: ThreadExit['error'];
  readonly exited: Promise<ThreadExit>;
  /** Kept: the Worker's own threadId reads -1 once the thread has ended. */
  readonly threadId: number;

  constructor(
    readonly id: number,
    readonly thread: Worker,
  ) {
    this.threadId = thread.threadId;
    this.exited = new Promise((resolve) => {
      thread.once('exit', (code) =>
        resolve({ code, error: this.error, exitedAfterDisconnect: this.exitedAfterDisconnect }),
      );
    });
  }

  /** As it names itself in x-served-by. */
  get name(): string {
    return `${process.pid}.${this.threadId}`;
  }

  send(message: ToThread): void {
    this.thread.postMessage(message);
  }

  /** Asks the thread to close its server and end; resolves with how it ended. */
  disconnect(): Promise<ThreadExit> {
    if (this.state !== 'dead') {
      this.exitedAfterDisconnect = true;
      this.state = 'disconnecting';
      this.send({ cfs: 'disconnect' });
    }
    return this.exited;
  }
}

export interface ThreadClusterEvents {
  fork: [worker: ThreadWorker, replaces: ThreadWorker | undefined];
  online: [worker: ThreadWorker];
  listening: [worker: ThreadWorker, port: number];
  'listen-error': [worker: ThreadWorker, code: string, message: string];
  exit: [worker: ThreadWorker, exit: ThreadExit];
  giveup: [info: { restarts: number; limit: number; windowMs: number }];
}

export class ThreadCluster extends EventEmitter<ThreadClusterEvents> {
  readonly workers = new Map<number, ThreadWorker>();
  private nextId = 1;
  private readonly budget: RestartBudget;
  private readonly host: string;
  /** The port the threads share (reuseport) or the proxy's (proxy). */
  private sharedPort: number;
  private proxy: ThreadProxy | undefined;
  private stopping = false;

  constructor(readonly options: ThreadClusterOptions) {
    super();
    if (!Number.isInteger(options.workers) || options.workers < 1) {
      throw new RangeError(`workers must be a whole number ≥ 1, got ${options.workers}`);
    }
    if (options.strategy !== 'reuseport' && options.strategy !== 'proxy') {
      throw new RangeError(`strategy must be reuseport or proxy, got ${String(options.strategy)}`);
    }
    this.budget = new RestartBudget(options.limit, options.windowMs);
    this.host = options.host ?? '127.0.0.1';
    this.sharedPort = options.port ?? 0;
  }

  /** The public port, once start() resolved. */
  get port(): number {
    return this.sharedPort;
  }

  /**
   * Forks `workers` threads and resolves once every one listens. Rejects if a thread cannot
   * listen (EADDRINUSE for the second reusePort thread where the line lacks reusePort).
   */
  async start(): Promise<{ host: string; port: number }> {
    if (this.options.strategy === 'proxy') {
      this.proxy = await startThreadProxy(this.host, this.sharedPort);
      this.sharedPort = this.proxy.port;
    }
    // One at a time with reusePort: the first thread picks the port the others join.
    for (let i = 0; i < this.options.workers; i++) await this.listening(this.fork());
    return { host: this.host, port: this.sharedPort };
  }

  fork(replaces?: ThreadWorker): ThreadWorker {
    const id = this.nextId++;
    const reusePort = this.options.strategy === 'reuseport';
    const config: ThreadConfig = {
      id,
      host: this.host,
      reusePort,
      port: reusePort ? this.sharedPort : 0,
    };
    const thread = startThread(new URL('./thread-server.ts', import.meta.url), {
      workerData: config,
      resourceLimits: this.options.resourceLimits,
    });
    const worker = new ThreadWorker(id, thread);
    this.workers.set(id, worker);
    thread.on('online', () => {
      if (worker.state === 'starting') worker.state = 'online';
      this.emit('online', worker);
    });
    thread.on('message', (message: FromThread) => this.onMessage(worker, message));
    // An uncaught exception or a heap limit in the thread: the Worker emits 'error', then
    // 'exit' with code 1. Without this listener the error would be thrown in *this* thread.
    thread.on('error', (error: Error & { code?: string }) => {
      worker.error = { name: error.name, code: error.code, message: error.message };
    });
    void worker.exited.then((exit) => this.onExit(worker, exit));
    this.emit('fork', worker, replaces);
    return worker;
  }

  /** Resolves when `worker` listens; rejects if it cannot, or ends first. */
  listening(worker: ThreadWorker): Promise<number> {
    return new Promise((resolve, reject) => {
      const onListening = (w: ThreadWorker, port: number) => {
        if (w === worker) done(() => resolve(port));
      };
      const onError = (w: ThreadWorker, code: string, message: string) => {
        if (w === worker) done(() => reject(Object.assign(new Error(message), { code })));
      };
      const onExit = (w: ThreadWorker, exit: ThreadExit) => {
        if (w === worker)
          done(() =>
            reject(new Error(`worker ${w.id} ended (code ${exit.code}) before listening`)),
          );
      };
      const done = (settle: () => void) => {
        this.off('listening', onListening);
        this.off('listen-error', onError);
        this.off('exit', onExit);
        settle();
      };
      this.on('listening', onListening);
      this.on('listen-error', onError);
      this.on('exit', onExit);
    });
  }

  private onMessage(worker: ThreadWorker, message: FromThread): void {
    if (message.cfs === 'listening') {
      worker.state = 'listening';
      worker.port = message.port;
      worker.listeningAt = performance.now();
      if (this.options.strategy === 'reuseport') this.sharedPort = message.port;
      else this.proxy?.add(worker);
      this.emit('listening', worker, message.port);
    } else if (message.cfs === 'listen-error') {
      // It never served: a replacement would fail the same way, so it is not restarted.
      worker.exitedAfterDisconnect = true;
      this.emit('listen-error', worker, message.code, message.message);
    }
  }

  private onExit(worker: ThreadWorker, exit: ThreadExit): void {
    worker.state = 'dead';
    this.workers.delete(worker.id);
    this.proxy?.remove(worker);
    this.emit('exit', worker, exit);
    const decision = exitDecision(exit, this.stopping, this.budget);
    if (decision === 'restart') {
      this.fork(worker);
    } else if (decision === 'giveup') {
      this.emit('giveup', {
        restarts: this.budget.recent(),
        limit: this.budget.limit,
        windowMs: this.budget.windowMs,
      });
      void this.stop();
    }
  }

  /** Disconnects every thread (each closes its server first), then the proxy, if any. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.workers.values()].map((w) => w.disconnect()));
    await this.proxy?.close();
  }
}
