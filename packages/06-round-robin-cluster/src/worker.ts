/**
 * Worker: the object that stands for one worker process (Node: internal/cluster/worker).
 *
 * What goes in: { id, process, state }. What comes out: an EventEmitter with Node's fields and
 * methods. The same class serves both roles:
 *
 *   in the primary   worker.process = the ChildProcess from fork()   state 'none' at birth
 *   in a worker      cluster.worker.process = process itself        state 'online' at birth
 *
 *   worker.process 'message' ──▶ worker 'message' (message, handle)
 *   worker.process 'error'   ──▶ worker 'error'
 *
 * disconnect() and destroy() (kill) mean different things in each role, so each role plugs its
 * own in. Deliberate difference: Node assigns them onto Worker.prototype from primary.js or
 * child.js; we register them with setWorkerRole(), which reads better in TypeScript and keeps
 * both role modules free of side effects until index.ts picks one.
 *
 * Like Node's, `Worker` is a plain constructor that also works as a call: `cluster.Worker()`
 * without `new` gives a Worker too. A class cannot be called, so the class below is wrapped in
 * a function of that name that shares its prototype (instanceof, subclassing and
 * `worker.constructor` all still see `Worker`).
 */
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';

export type WorkerState =
  | 'none'
  | 'online'
  | 'listening'
  | 'disconnecting'
  | 'destroying'
  | 'disconnected'
  | 'dead';

export type WorkerProcess = ChildProcess | NodeJS.Process;

export interface WorkerOptions {
  id?: number;
  process?: WorkerProcess;
  state?: WorkerState;
}

export interface WorkerRole {
  disconnect(worker: Worker): void;
  destroy(worker: Worker, signal?: NodeJS.Signals | number): void;
}

let role: WorkerRole = {
  disconnect() {
    throw new Error('cluster role not chosen yet: import the package entry, not worker.ts');
  },
  destroy() {
    throw new Error('cluster role not chosen yet: import the package entry, not worker.ts');
  },
};

/** Called once by index.ts with the primary's or the worker's disconnect/destroy. */
export function setWorkerRole(methods: WorkerRole): void {
  role = methods;
}

class ClusterWorker extends EventEmitter {
  /** undefined until the worker exits or disconnects; true when that was asked for. */
  exitedAfterDisconnect: boolean | undefined;
  state: WorkerState;
  id: number;
  // `declare`: no own property unless a process is given, exactly like Node's Worker.
  declare process: WorkerProcess;

  constructor(options?: WorkerOptions | null) {
    super();
    const opts = options !== null && typeof options === 'object' ? options : {};
    this.exitedAfterDisconnect = undefined;
    this.state = opts.state ?? 'none';
    this.id = (opts.id ?? 0) | 0;
    if (opts.process) {
      this.process = opts.process;
      const proc = opts.process as EventEmitter;
      proc.on('error', (error: unknown, signal?: unknown) => this.emit('error', error, signal));
      proc.on('message', (message: unknown, handle: unknown) =>
        this.emit('message', message, handle),
      );
    }
  }

  /** Sends a user message: it arrives as 'message' on the other side, never mixed with ours. */
  send(...args: unknown[]): boolean {
    const send = (this.process as { send?: (...a: unknown[]) => boolean }).send;
    if (typeof send !== 'function') throw new Error('worker has no IPC channel');
    return send.apply(this.process, args);
  }

  /** Same as destroy(); in the primary it sends `signal` (default SIGTERM) to the process. */
  kill(signal?: NodeJS.Signals | number): void {
    this.destroy(signal);
  }

  destroy(signal?: NodeJS.Signals | number): void {
    role.destroy(this, signal);
  }

  disconnect(): this {
    role.disconnect(this);
    return this;
  }

  isDead(): boolean {
    const proc = this.process as { exitCode?: number | null; signalCode?: string | null };
    return proc.exitCode != null || proc.signalCode != null;
  }

  isConnected(): boolean {
    return Boolean(this.process?.connected);
  }
}

/** The instance type: what `new Worker()` (or `Worker()`) gives. */
export type Worker = ClusterWorker;

interface WorkerConstructor {
  new (options?: WorkerOptions | null): Worker;
  (options?: WorkerOptions | null): Worker;
  readonly prototype: Worker;
}

// new.target is undefined for a plain call: build the instance as `new Worker()` would.
export const Worker = function Worker(options?: WorkerOptions | null): Worker {
  return Reflect.construct(ClusterWorker, [options], new.target ?? Worker) as Worker;
} as unknown as WorkerConstructor;

Object.defineProperty(Worker, 'prototype', { value: ClusterWorker.prototype });
Object.defineProperty(ClusterWorker.prototype, 'constructor', {
  value: Worker,
  writable: true,
  configurable: true,
});
Object.setPrototypeOf(Worker, EventEmitter); // static members, as a class extending it would have
