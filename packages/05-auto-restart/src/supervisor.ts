/**
 * The supervisor: a primary that keeps N workers serving one port, whatever they do.
 *
 *   new Supervisor({ workers: 2 }).start()
 *
 *   primary ── binds 127.0.0.1:0 (shared-handle.ts), forks N workers, sends each the socket
 *     │
 *     ├─ worker says 'suicide' ──────────▶ fork its replacement now ┐ each restart asks the
 *     ├─ worker exits unexpectedly ──────▶ fork its replacement     ┘ budget first; no → 'giveup'
 *     ├─ reload()  (SIGHUP, SIGUSR2) ────▶ one at a time: fork new, wait 'ready', drain old
 *     ├─ stop()    (SIGTERM, SIGINT) ────▶ drain every worker, close the socket, 'closed'
 *     └─ process 'exit' (no stop())  ────▶ SIGTERM every worker still running
 *
 * What this adds to stage 04: the primary keeps the socket after the first hand-out, so it
 * can give it to replacements (a3-17, a4-19, a4-20); it tells expected exits (it asked, or it
 * already replaced the worker after its 'suicide') from surprises, so one death never forks
 * two workers; and it stops restarting when workers die faster than the budget allows
 * (a4-24), instead of forking for ever.
 *
 * Every exit is one of three causes, and only the last forks a replacement on exit:
 *   'asked'      the primary asked it to leave (reload, stop)
 *   'suicide'    it announced its death, and its replacement was forked then
 *   'unexpected' anything else: SIGKILL, OOM, process.exit() in a library …
 */
import { type ChildProcess, fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { debuglog } from 'node:util';
import { withTsxLoader } from '@cluster-from-scratch/kit/tsx-loader';
import { isFromWorker, type ToWorker } from './protocol.ts';
import {
  DEFAULT_RESTART_LIMIT,
  DEFAULT_RESTART_WINDOW_MS,
  RestartBudget,
} from './restart-budget.ts';
import { bindSharedHandle, type SharedHandle } from './shared-handle.ts';

const debug = debuglog('cfs-05');

/** Extra time a worker gets past its own drain timeout before the primary SIGKILLs it. */
const KILL_GRACE_MS = 2000;
const MAX_WORKERS = 64;

export interface SupervisorOptions {
  /** Workers to keep running (1–64). Default 2. */
  workers?: number;
  host?: string;
  /** 0 (the default) lets the kernel pick a free port. */
  port?: number;
  /** Restarts allowed within `windowMs` before giving up. Default 10 (the article's). */
  limit?: number;
  /** Default 60 000 ms. */
  windowMs?: number;
  /** How long a leaving worker waits for its connections. Default 5000 ms. */
  drainTimeoutMs?: number;
  /** The workers' http keepAliveTimeout; 0 disables it. Default 5000 ms (Node's). */
  keepAliveTimeoutMs?: number;
  /** A worker that is not ready this long after fork is killed. Default 30 000 ms. */
  readyTimeoutMs?: number;
  /** The worker program. Default: this stage's src/worker.ts. */
  exec?: string | URL;
  args?: string[];
  /** Added to the workers' environment. */
  env?: Record<string, string | undefined>;
}

export type ForkReason = 'start' | 'restart' | 'reload';
export type WorkerState = 'starting' | 'ready' | 'draining' | 'exited';
export type ExitCause = 'asked' | 'suicide' | 'unexpected';

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  cause: ExitCause;
}

/** One worker as the primary sees it. Read its fields; the supervisor changes them. */
export class SupervisedWorker {
  state: WorkerState = 'starting';
  /** The primary asked it to leave. */
  asked = false;
  /** It sent 'suicide'. */
  suicided = false;
  /** Someone already took (or is taking) its place: its exit forks nothing. */
  replaced = false;
  everReady = false;
  exit: WorkerExit | undefined;
  /** Resolves true once it is ready, false if it exits first. */
  readonly whenReady: Promise<boolean>;
  readonly exited: Promise<WorkerExit>;
  /** @internal */ timers: NodeJS.Timeout[] = [];
  /** @internal */ settleReady!: (ready: boolean) => void;
  /** @internal */ settleExit!: (exit: WorkerExit) => void;

  constructor(
    readonly id: number,
    readonly process: ChildProcess,
    readonly reason: ForkReason,
    /** The pid of the worker it replaces (restart, reload). */
    readonly replacesPid: number | undefined,
  ) {
    this.whenReady = new Promise((resolve) => {
      this.settleReady = resolve;
    });
    this.exited = new Promise((resolve) => {
      this.settleExit = resolve;
    });
  }

  get pid(): number {
    return this.process.pid ?? 0;
  }
}

export interface GiveUpInfo {
  /** Restarts already made within the window when the next one was refused. */
  restarts: number;
  limit: number;
  windowMs: number;
  /** The worker whose death was not answered with a restart. */
  lastWorker: { id: number; pid: number };
  message: string;
}

export interface ReloadResult {
  replaced: { from: number; to: number }[];
  pids: number[];
}

export interface SupervisorEvents {
  bound: [address: { host: string; port: number }];
  fork: [worker: SupervisedWorker];
  ready: [worker: SupervisedWorker];
  suicide: [worker: SupervisedWorker, reason: string];
  drain: [worker: SupervisedWorker, why: 'reload' | 'stop'];
  'drain-timeout': [worker: SupervisedWorker, open: number];
  exit: [worker: SupervisedWorker, exit: WorkerExit];
  giveup: [info: GiveUpInfo];
  reload: [pids: number[]];
  reloaded: [result: ReloadResult];
  'reload-failed': [error: Error];
  closed: [reason: 'stop' | 'giveup'];
}

export class GiveUpError extends Error {
  override name = 'GiveUpError';
  constructor(readonly info: GiveUpInfo) {
    super(info.message);
  }
}

function wholeNumber(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER) {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new RangeError(`${name} must be a whole number ${range}, got ${value}`);
  }
  return value;
}

export class Supervisor extends EventEmitter<SupervisorEvents> {
  readonly size: number;
  readonly host: string;
  readonly limit: number;
  readonly windowMs: number;
  readonly drainTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly readyTimeoutMs: number;
  private readonly requestedPort: number;
  private readonly exec: string;
  private readonly args: string[];
  private workerEnv: Record<string, string | undefined>;
  private readonly budget: RestartBudget;
  private readonly live = new Map<number, SupervisedWorker>();
  private handle: SharedHandle | undefined;
  private nextId = 1;
  private stopping: Promise<void> | undefined;
  private gaveUp: GiveUpInfo | undefined;
  private activeReload: Promise<ReloadResult> | undefined;
  private queuedReload: Promise<ReloadResult> | undefined;

  constructor(options: SupervisorOptions = {}) {
    super();
    this.size = wholeNumber('workers', options.workers ?? 2, 1, MAX_WORKERS);
    this.host = options.host ?? '127.0.0.1';
    this.requestedPort = wholeNumber('port', options.port ?? 0, 0, 65535);
    this.limit = wholeNumber('limit', options.limit ?? DEFAULT_RESTART_LIMIT, 0);
    this.windowMs = wholeNumber('windowMs', options.windowMs ?? DEFAULT_RESTART_WINDOW_MS, 1);
    this.drainTimeoutMs = wholeNumber('drainTimeoutMs', options.drainTimeoutMs ?? 5000, 0);
    this.keepAliveTimeoutMs = wholeNumber(
      'keepAliveTimeoutMs',
      options.keepAliveTimeoutMs ?? 5000,
      0,
    );
    this.readyTimeoutMs = wholeNumber('readyTimeoutMs', options.readyTimeoutMs ?? 30_000, 1);
    const exec = options.exec ?? new URL('./worker.ts', import.meta.url);
    this.exec = exec instanceof URL ? fileURLToPath(exec) : exec;
    if (!existsSync(this.exec)) throw new Error(`worker program not found: ${this.exec}`);
    this.args = options.args ?? [];
    this.workerEnv = { ...options.env };
    this.budget = new RestartBudget(this.limit, this.windowMs);
  }

  /** The port the workers share (after start()). */
  get port(): number {
    return this.handle?.port ?? 0;
  }

  /** Workers that have not exited yet, oldest first. */
  get workers(): SupervisedWorker[] {
    return [...this.live.values()];
  }

  /** Restarts counted within the window that ends now. */
  get restartsInWindow(): number {
    return this.budget.recent();
  }

  /** Environment for workers forked from now on (say, a reload with a new setting). */
  setWorkerEnv(env: Record<string, string | undefined>): void {
    this.workerEnv = { ...this.workerEnv, ...env };
  }

  /** Binds the socket, forks the workers and resolves once `workers` of them are ready. */
  async start(): Promise<{ host: string; port: number }> {
    if (this.handle) throw new Error('start() was called twice');
    this.handle = bindSharedHandle(this.host, this.requestedPort);
    process.on('exit', this.onPrimaryExit);
    this.emit('bound', { host: this.host, port: this.handle.port });
    const allReady = new Promise<void>((resolve, reject) => {
      const check = () => {
        if (this.workers.filter((w) => w.state === 'ready').length < this.size) return;
        done();
        resolve();
      };
      const gaveUp = (info: GiveUpInfo) => {
        done();
        reject(new GiveUpError(info));
      };
      const closed = () => {
        done();
        reject(new Error('the supervisor was stopped before its workers were ready'));
      };
      const done = () => {
        this.off('ready', check);
        this.off('giveup', gaveUp);
        this.off('closed', closed);
      };
      this.on('ready', check);
      this.on('giveup', gaveUp);
      this.on('closed', closed);
    });
    for (let i = 0; i < this.size; i++) this.fork('start', undefined);
    await allReady;
    return { host: this.host, port: this.handle.port };
  }

  /**
   * Rolling restart: replaces every worker, one at a time, the new one ready before the old
   * one drains, so the port is never short of an acceptor. A call while one runs is queued
   * (once: further calls join the queued one), since it may carry newer settings.
   */
  reload(): Promise<ReloadResult> {
    if (this.queuedReload) return this.queuedReload;
    const run = () => {
      const current = this.rollOnce().finally(() => {
        if (this.activeReload === current) this.activeReload = undefined;
      });
      this.activeReload = current;
      return current;
    };
    if (!this.activeReload) return run();
    const queued = this.activeReload
      .catch(() => undefined)
      .then(() => {
        this.queuedReload = undefined;
        return run();
      });
    this.queuedReload = queued;
    return queued;
  }

  /** Graceful shutdown: every worker drains, then the socket closes and 'closed' fires. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown(this.gaveUp ? 'giveup' : 'stop');
    return this.stopping;
  }

  private async shutdown(reason: 'stop' | 'giveup'): Promise<void> {
    debug('shutting down (%s): %d worker(s)', reason, this.live.size);
    for (const worker of this.live.values()) this.ask(worker, 'stop');
    await Promise.all(this.workers.map((w) => w.exited));
    this.handle?.close();
    process.off('exit', this.onPrimaryExit);
    this.emit('closed', reason);
  }

  private fork(reason: ForkReason, replaces: SupervisedWorker | undefined): SupervisedWorker {
    const id = this.nextId++;
    const child = fork(this.exec, this.args, {
      env: { ...process.env, ...this.workerEnv, CFS05_WORKER_ID: String(id) },
      // The workers are TypeScript: keep (or add) the tsx loader (the "loader dropped" trap).
      execArgv: withTsxLoader(process.execArgv),
    });
    const worker = new SupervisedWorker(id, child, reason, replaces?.pid);
    this.live.set(id, worker);
    child.on('message', (message) => this.onMessage(worker, message));
    child.on('exit', (code, signal) => this.onExit(worker, code, signal));
    child.on('error', (error) => debug('worker %d: %s', id, error.message));
    worker.timers.push(
      setTimeout(() => {
        if (worker.everReady || worker.state === 'exited') return;
        debug('worker %d not ready after %d ms: killing it', id, this.readyTimeoutMs);
        child.kill('SIGKILL');
      }, this.readyTimeoutMs),
    );
    this.emit('fork', worker);
    return worker;
  }

  private send(worker: SupervisedWorker, message: ToWorker): boolean {
    if (!worker.process.connected) return false;
    worker.process.send(message, (error) => {
      if (error) debug('send to worker %d failed: %s', worker.id, error.message);
    });
    return true;
  }

  private onMessage(worker: SupervisedWorker, message: unknown): void {
    if (!isFromWorker(message)) return;
    switch (message.cfs) {
      case 'online':
        if (worker.asked || !this.handle) return;
        this.handle.sendTo(worker.process, {
          cfs: 'server',
          drainTimeoutMs: this.drainTimeoutMs,
          keepAliveTimeoutMs: this.keepAliveTimeoutMs,
        } satisfies ToWorker);
        return;
      case 'ready':
        worker.everReady = true;
        if (worker.state === 'starting') worker.state = 'ready';
        worker.settleReady(true);
        this.emit('ready', worker);
        return;
      case 'suicide':
        worker.suicided = true;
        worker.state = 'draining';
        this.emit('suicide', worker, message.reason);
        this.replace(worker);
        return;
      case 'drain-timeout':
        this.emit('drain-timeout', worker, message.open);
        return;
    }
  }

  private onExit(worker: SupervisedWorker, code: number | null, signal: NodeJS.Signals | null) {
    for (const timer of worker.timers) clearTimeout(timer);
    this.live.delete(worker.id);
    worker.state = 'exited';
    const cause: ExitCause = worker.suicided ? 'suicide' : worker.asked ? 'asked' : 'unexpected';
    worker.exit = { code, signal, cause };
    worker.settleReady(false);
    worker.settleExit(worker.exit);
    this.emit('exit', worker, worker.exit);
    if (cause === 'unexpected') this.replace(worker);
  }

  /** Forks `old`'s replacement, if nobody has yet and the budget allows it. */
  private replace(old: SupervisedWorker): void {
    if (old.replaced || old.asked) return;
    old.replaced = true;
    if (this.stopping || this.gaveUp) return;
    // A reload's new worker that fails before it is ready is not restarted: the reload
    // stops, and the worker it was meant to replace keeps serving (see rollOnce).
    if (old.reason === 'reload' && !old.everReady) return;
    if (!this.budget.take()) {
      this.giveUp(old);
      return;
    }
    this.fork('restart', old);
  }

  private giveUp(last: SupervisedWorker): void {
    const restarts = this.budget.recent();
    const info: GiveUpInfo = {
      restarts,
      limit: this.limit,
      windowMs: this.windowMs,
      lastWorker: { id: last.id, pid: last.pid },
      message:
        `gave up: worker ${last.id} (pid ${last.pid}) died after ${restarts} restart(s) ` +
        `within ${this.windowMs} ms, the most the budget allows (limit ${this.limit}). ` +
        'Workers die as fast as they are restarted, so restarting again would not help: ' +
        'fix the error they report and start again.',
    };
    this.gaveUp = info;
    this.emit('giveup', info);
    void this.stop();
  }

  /** Asks a worker to drain and leave; SIGKILL if it is still there well after its timeout. */
  private ask(worker: SupervisedWorker, why: 'reload' | 'stop'): void {
    if (worker.state === 'exited') return;
    const first = !worker.asked;
    worker.asked = true;
    worker.state = 'draining';
    if (!first) return;
    // A worker that said 'suicide' is draining already; it only needs the safety timer.
    if (!worker.suicided) {
      this.emit('drain', worker, why);
      if (!this.send(worker, { cfs: 'drain' })) worker.process.kill('SIGTERM');
    }
    worker.timers.push(
      setTimeout(() => {
        debug('worker %d still running after its drain timeout: SIGKILL', worker.id);
        worker.process.kill('SIGKILL');
      }, this.drainTimeoutMs + KILL_GRACE_MS),
    );
  }

  private async rollOnce(): Promise<ReloadResult> {
    if (this.stopping) throw new Error('not reloading: the supervisor is stopping');
    if (!this.handle) throw new Error('not reloading: start() has not been called');
    const olds = this.workers.filter((w) => !w.asked && !w.suicided);
    this.emit(
      'reload',
      olds.map((w) => w.pid),
    );
    const replaced: ReloadResult['replaced'] = [];
    for (const old of olds) {
      if (this.stopping) throw new Error('reload interrupted: the supervisor is stopping');
      // Crashed and replaced meanwhile: its replacement already runs the new code.
      if (old.state === 'exited' || old.replaced || old.asked) continue;
      old.replaced = true;
      const fresh = this.fork('reload', old);
      if (!(await fresh.whenReady)) {
        old.replaced = false;
        if (old.exit) this.replace(old); // it died meanwhile: its slot still needs a worker
        const error = new Error(
          `reload stopped: the new worker ${fresh.id} (pid ${fresh.pid}) exited before it was ` +
            `ready; worker ${old.id} (pid ${old.pid}) and the others keep serving`,
        );
        this.emit('reload-failed', error);
        throw error;
      }
      this.ask(old, 'reload');
      await old.exited;
      replaced.push({ from: old.pid, to: fresh.pid });
    }
    const result = { replaced, pids: this.workers.map((w) => w.pid) };
    this.emit('reloaded', result);
    return result;
  }

  /** The primary is exiting without stop(): end the workers rather than orphan them. */
  private readonly onPrimaryExit = (): void => {
    for (const worker of this.live.values()) {
      try {
        worker.process.kill('SIGTERM');
      } catch {
        // already gone
      }
    }
  };
}
