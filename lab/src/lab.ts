/**
 * The lab: one server at a time, one load at a time, and everything either does, live.
 *
 *   page ──POST /api/…──▶ Lab ──harness.start(script)──▶ primary ──fork──▶ workers
 *     ▲                    │  ◀── IPC: { port, primaryPid, workerPids }, stage 05 events
 *     │                    │  ◀── UDP: lab-hook events (accept, handoff, request, fork, exit)
 *     │                    │  ◀── /proc: the primary's children (forks and exits, any mode)
 *     │                    └─ load (kit clients) ──HTTP──▶ port ◀── x-served-by: <pid>
 *     └──── SSE: snapshot · arrivals · log · output · hook  ◀── every 250 ms
 *
 * What the lab can see for itself, with no help from the stage: the pids the server reports,
 * the x-served-by header of every response (who served it, and over which connection), the
 * primary's children in /proc, stage 05's fork/exit events, and the mode's accept model
 * (which process takes connections). When a stage also calls kit's labEvent(), its
 * datagrams arrive here too, and the page switches to what the servers say they did.
 *
 * Every process goes through one ProcessHarness; close() ends all of them.
 */
import { fairness } from '@cluster-from-scratch/kit/fairness';
import { type ManagedChild, ProcessHarness } from '@cluster-from-scratch/kit/harness';
import {
  freshConnections,
  keepAlive,
  type RequestResult,
} from '@cluster-from-scratch/kit/http-load';
import type { LabEvent, LabEventKind } from '@cluster-from-scratch/kit/lab-hook';
import { isAlive } from '@cluster-from-scratch/kit/procfs';
import { isReadyMessage, type ReadyMessage } from '@cluster-from-scratch/kit/server-ready';
import { EventStream } from './event-stream.ts';
import { HOOK_KINDS, HookListener } from './hook-listener.ts';
import { LabError, type LoadSpec } from './input.ts';
import {
  type LabMode,
  MODES,
  type ModeScript,
  modeStatus,
  repoRelative,
  routeOf,
  scriptOf,
} from './modes.ts';
import { nodeChildren } from './process-tree.ts';
import { Roster } from './roster.ts';
import { LoadTally } from './tally.ts';

const TICK_MS = 250;
const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;
/** A rolling restart that has not finished after this long is reported as stuck. */
const RESTART_TIMEOUT_MS = 60_000;
const LOG_KEEP = 200;
/** The sliding window of the "recent" fairness line, in seconds. */
const WINDOW_S = 2;
const OUTPUT_KEEP = 200;

export type ServerStatus = 'stopped' | 'starting' | 'running' | 'stopping' | 'failed';
export type Level = 'info' | 'good' | 'warn' | 'bad';

export interface LogLine {
  at: number;
  text: string;
  level: Level;
}

interface ServerRun {
  mode: LabMode;
  script: ModeScript;
  workers: number;
  child: ManagedChild;
  primaryPid: number;
  port: number;
  startedAt: number;
  /** Output lines already passed on to the page. */
  linesSent: number;
}

interface LoadRun {
  spec: LoadSpec;
  abort: AbortController;
  startedAt: number;
  endedAt?: number;
  status: 'running' | 'done' | 'stopped';
  finished: Promise<void>;
}

export interface LoadView {
  status: 'idle' | 'running' | 'done' | 'stopped';
  kind: LoadSpec['kind'] | undefined;
  connections: number | undefined;
  durationMs: number | undefined;
  requestsCap: number | undefined;
  elapsedMs: number;
  requests: number;
  failed: number;
  connectionsMade: number;
  /** Requests per second over the load so far. */
  rate: number;
  reasons: [string, number][];
  recentFailures: { at: number; reason: string }[];
}

interface RestartRun {
  state: 'running' | 'done' | 'failed';
  startedAt: number;
  endedAt?: number;
  failedBefore: number;
  failedDuring: number;
  replaced: { from: number; to: number }[];
  withLoad: boolean;
  timer?: NodeJS.Timeout;
}

/** What stage 05's serve.ts reports over IPC, one object per supervisor event. */
interface SupervisorMessage {
  event: string;
  id?: number;
  pid?: number;
  reason?: string;
  replaces?: number;
  code?: number | null;
  signal?: string | null;
  cause?: string;
  replaced?: { from: number; to: number }[];
  error?: string;
}

export class Lab {
  readonly harness = new ProcessHarness();
  readonly stream: EventStream;
  private readonly hook: HookListener;
  hookPort = 0;

  private status: ServerStatus = 'stopped';
  private server: ServerRun | undefined;
  private lastMode: LabMode | undefined;
  private lastWorkers = 4;
  private serverError: string | undefined;
  private readonly roster: Roster;
  private tally = new LoadTally();
  private load: LoadRun | undefined;
  /** [seconds into the load, Jain over the whole load, Jain over the last WINDOW_S seconds] */
  private series: [number, number, number | null][] = [];
  /** Per-pid request counts at each sample, for the sliding window. */
  private samples: { t: number; counts: Map<number, number> }[] = [];
  private restart: RestartRun | undefined;
  private notice: { text: string; level: Level; at: number } | undefined;
  private readonly log: LogLine[] = [];
  private readonly output: string[] = [];
  private pendingOutput: string[] = [];
  private pendingHook: LabEvent[] = [];
  /** 'request' events are many: the page gets them as counts per pid, once a tick. */
  private pendingHookRequests = new Map<number, number>();
  private hookCounts = emptyHookCounts();
  /** What each process reported through the hook during the current load. */
  private hookByPid = new Map<number, { accepts: number; requests: number; handoffs: number }>();
  private primaryServed = 0;
  private busy: Promise<unknown> = Promise.resolve();
  private ticks = 0;
  private readonly ticker: NodeJS.Timeout;
  private closing = false;

  constructor() {
    this.roster = new Roster(
      (text, level) => this.say(text, level ?? 'info'),
      (worker, old) => {
        if (!old?.killedByLab) return;
        const what =
          worker.origin === 'supervisor'
            ? `the supervisor replaced it with pid ${worker.pid}`
            : worker.origin === 'scan'
              ? `the primary started pid ${worker.pid} in its place`
              : `pid ${worker.pid} took its place`;
        this.setNotice(`Pid ${old.pid} was killed; ${what}.`, 'good');
      },
    );
    this.stream = new EventStream((send) => {
      send('snapshot', this.snapshot());
      send('history', { log: this.log, output: this.output });
    });
    this.hook = new HookListener((event) => this.onHookEvent(event));
    this.ticker = setInterval(() => this.tick(), TICK_MS);
    this.ticker.unref();
  }

  async listenForHook(): Promise<number> {
    this.hookPort = await this.hook.listen();
    return this.hookPort;
  }

  // ── what the page can ask ───────────────────────────────────────────────────────────────

  /** Starts `mode` with `workers` workers, stopping whatever ran before. */
  startServer(mode: LabMode, workers: number): Promise<void> {
    if (this.status === 'starting' || this.status === 'stopping') {
      throw new LabError(409, `the server is ${this.status}; wait for it`);
    }
    return this.exclusive(async () => {
      await this.stopLoad();
      await this.stopServerNow();
      await this.launch(mode, workers);
    });
  }

  stopServer(): Promise<void> {
    if (this.status === 'starting') throw new LabError(409, 'the server is starting; wait for it');
    return this.exclusive(async () => {
      await this.stopLoad();
      await this.stopServerNow();
    });
  }

  startLoad(spec: LoadSpec): void {
    const server = this.server;
    if (!server || this.status !== 'running') {
      throw new LabError(409, 'no server is running: start one first');
    }
    if (this.load?.status === 'running') {
      throw new LabError(409, 'a load is already running: stop it first, or wait for it to end');
    }
    this.tally = new LoadTally(spec.kind === 'fresh' ? 'fresh' : 'keep-alive');
    this.series = [];
    this.samples = [];
    this.primaryServed = 0;
    this.hookCounts = emptyHookCounts();
    this.hookByPid.clear();
    const abort = new AbortController();
    const onResult = (result: RequestResult) => this.onResult(result);
    const common = {
      port: server.port,
      requests: spec.requests,
      durationMs: spec.durationMs,
      signal: abort.signal,
      onResult,
    };
    const run = (): Promise<unknown> =>
      spec.kind === 'fresh'
        ? freshConnections({ ...common, concurrency: spec.connections })
        : keepAlive({ ...common, connections: spec.connections });
    const load: LoadRun = {
      spec,
      abort,
      startedAt: Date.now(),
      status: 'running',
      finished: Promise.resolve(),
    };
    load.finished = run().then(
      () => this.loadEnded(load),
      (error: Error) => {
        this.say(`the load failed: ${error.message}`, 'bad');
        this.loadEnded(load);
      },
    );
    this.load = load;
    this.say(`load started: ${describeLoad(spec)}`);
  }

  async stopLoad(): Promise<void> {
    const load = this.load;
    if (load?.status !== 'running') return;
    load.status = 'stopped';
    load.abort.abort();
    await load.finished;
  }

  /** SIGKILLs one worker of the running server (the first live one unless `pid` says). */
  killWorker(pid?: number): number {
    if (!this.server || this.status !== 'running') {
      throw new LabError(409, 'no server is running: there is no worker to kill');
    }
    const live = this.roster.live();
    const target = pid ?? live[0];
    if (target === undefined) throw new LabError(409, 'this server has no live worker left');
    if (!live.includes(target)) {
      throw new LabError(
        400,
        `pid ${target} is not a live worker of this server (workers: ${live.join(', ') || 'none'})`,
      );
    }
    this.roster.markKilled(target);
    try {
      process.kill(target, 'SIGKILL');
    } catch (error) {
      throw new LabError(409, `could not kill pid ${target}: ${(error as Error).message}`);
    }
    const what = this.server.mode.supervised
      ? 'watch the supervisor replace it'
      : 'this mode has no supervisor: watch whether anything replaces it (stage 05 does)';
    this.say(`killed worker pid ${target} with SIGKILL: ${what}`, 'warn');
    this.setNotice(`Killed pid ${target}. ${what[0]?.toUpperCase()}${what.slice(1)}.`, 'warn');
    return target;
  }

  /** Stage 05 only: SIGHUP, and the supervisor replaces the workers one at a time. */
  rollingRestart(): void {
    const server = this.server;
    if (!server || this.status !== 'running') throw new LabError(409, 'no server is running');
    if (!server.mode.supervised) {
      throw new LabError(
        409,
        `${server.mode.label} has no supervisor: only the stage 05 supervisor restarts workers one by one (pick "05 · supervisor")`,
      );
    }
    if (this.restart?.state === 'running')
      throw new LabError(409, 'a rolling restart is already running');
    const withLoad = this.load?.status === 'running';
    const restart: RestartRun = {
      state: 'running',
      startedAt: Date.now(),
      failedBefore: this.tally.failed,
      failedDuring: 0,
      replaced: [],
      withLoad,
    };
    restart.timer = setTimeout(() => {
      if (restart.state !== 'running') return;
      restart.state = 'failed';
      restart.endedAt = Date.now();
      this.say(`the rolling restart did not finish within ${RESTART_TIMEOUT_MS / 1000} s`, 'bad');
    }, RESTART_TIMEOUT_MS);
    restart.timer.unref();
    this.restart = restart;
    process.kill(server.primaryPid, 'SIGHUP');
    this.say(
      `sent SIGHUP to the primary (pid ${server.primaryPid}): rolling restart${withLoad ? '' : ' (no load is running: start one to watch that no request fails)'}`,
    );
    this.setNotice('Rolling restart: one worker at a time is replaced…', 'info');
  }

  /** Ends the load, the server and every process; returns what would not die (nothing). */
  async close(): Promise<{ pid: number; cmdline: string }[]> {
    this.closing = true;
    clearInterval(this.ticker);
    if (this.restart?.timer) clearTimeout(this.restart.timer);
    await this.stopLoad().catch(() => undefined);
    await this.stopServerNow().catch(() => undefined);
    const survivors = await this.harness.stopAll();
    this.stream.close();
    await this.hook.close().catch(() => undefined);
    return survivors;
  }

  /** Every pid the lab has started that is still alive (the primary and its workers). */
  livePids(): number[] {
    const pids = this.server ? [this.server.primaryPid, ...this.roster.live()] : [];
    return [...new Set([...pids, ...this.harness.markedPids()])].filter((pid) => isAlive(pid));
  }

  // ── running a server ────────────────────────────────────────────────────────────────────

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const next = this.busy.then(task, task);
    this.busy = next.catch(() => undefined);
    return next;
  }

  private async launch(mode: LabMode, workers: number): Promise<void> {
    const script = scriptOf(mode);
    if (!script) throw new LabError(409, `${mode.label} has no server script yet`);
    this.lastMode = mode;
    this.lastWorkers = workers;
    this.status = 'starting';
    this.serverError = undefined;
    this.restart = undefined;
    this.notice = undefined;
    this.roster.clear();
    this.tally = new LoadTally();
    this.series = [];
    this.samples = [];
    this.load = undefined;
    this.say(`starting ${mode.label} with ${workers} worker(s): ${repoRelative(script.file)}`);
    const child = this.harness.start(script.file, {
      args: script.args(workers),
      name: `${mode.id} ×${workers}`,
      stdio: 'pipe',
      env: {
        CFS_LAB_PORT: String(this.hookPort),
        FORCE_COLOR: '0',
        // The harness gives the server our own marker; this keeps the marker of whoever
        // started the lab (a test), so it can sweep the servers too if the lab is killed.
        CFS_LAB_STARTED_BY: process.env.CFS_HARNESS_ID,
      },
    });
    child.process.on('message', (message: unknown) => this.onServerMessage(message));
    let ready: ReadyMessage;
    try {
      ready = await child.waitForMessage<ReadyMessage>(isReadyMessage, {
        what: `${mode.label} to report { port, primaryPid, workerPids }`,
        timeout: START_TIMEOUT_MS,
      });
    } catch (error) {
      const message = (error as Error).message;
      this.status = 'failed';
      this.serverError = message;
      this.say(`${mode.label} did not start: ${message.split('\n')[0]}`, 'bad');
      this.takeOutput(child, 0);
      await this.harness.stopAll();
      throw new LabError(500, message);
    }
    const server: ServerRun = {
      mode,
      script,
      workers,
      child,
      primaryPid: ready.primaryPid,
      port: ready.port,
      startedAt: Date.now(),
      linesSent: 0,
    };
    this.server = server;
    this.roster.reset(ready.primaryPid, ready.workerPids);
    this.status = 'running';
    if (ready.workerPids.length !== workers) {
      this.say(
        `asked for ${workers} workers, the server reports ${ready.workerPids.length}`,
        'warn',
      );
    }
    this.say(
      `${mode.label} is up on 127.0.0.1:${ready.port}: primary ${ready.primaryPid}, workers ${ready.workerPids.join(', ')}`,
      'good',
    );
    child.once('exit', (status: { code: number | null; signal: string | null }) => {
      if (this.server !== server || this.status === 'stopping' || this.closing) return;
      void this.primaryDied(server, status);
    });
  }

  /** The primary exited without being asked: say so, end the load and whatever it left. */
  private async primaryDied(
    server: ServerRun,
    status: { code: number | null; signal: string | null },
  ): Promise<void> {
    this.status = 'failed';
    const how = `code ${status.code}, signal ${status.signal}`;
    this.serverError = `the primary (pid ${server.primaryPid}) exited by itself (${how})`;
    const killed = this.roster.list().find((w) => w.killedByLab);
    this.say(this.serverError, 'bad');
    if (killed) {
      this.setNotice(
        `The primary exited (${how}) after pid ${killed.pid} was killed: this server does not survive losing a worker. Stage 05's supervisor does.`,
        'bad',
      );
    }
    await this.stopLoad();
    this.takeOutput(server.child, server.linesSent);
    await this.harness.stopAll();
    for (const pid of this.roster.live()) {
      const killed = this.roster.get(pid)?.killedByLab;
      this.roster.exited(pid, killed ? 'gone' : 'its primary died', { quiet: !killed });
    }
  }

  private async stopServerNow(): Promise<void> {
    const server = this.server;
    if (!server) {
      await this.harness.stopAll();
      if (this.status === 'failed') this.status = 'stopped';
      return;
    }
    if (server.child.exitStatus) {
      // It died by itself (primaryDied has told the story); only the bookkeeping is left.
      await this.harness.stopAll();
      this.server = undefined;
      this.status = 'stopped';
      return;
    }
    this.status = 'stopping';
    this.say(`stopping ${server.mode.label}: SIGTERM to the primary (pid ${server.primaryPid})`);
    server.child.kill('SIGTERM');
    let how: string;
    try {
      const exit = await server.child.waitForExit({
        what: 'after SIGTERM',
        timeout: STOP_GRACE_MS,
      });
      how = `exited with code ${exit.code}${exit.signal ? `, signal ${exit.signal}` : ''}`;
    } catch {
      how = `did not exit within ${STOP_GRACE_MS / 1000} s: killed`;
    }
    this.takeOutput(server.child, server.linesSent);
    const survivors = await this.harness.stopAll();
    for (const pid of this.roster.live())
      this.roster.exited(pid, 'server stopped', { quiet: true });
    this.server = undefined;
    this.status = 'stopped';
    this.restart = undefined;
    this.say(
      `the primary ${how}${survivors.length ? `; could not end ${survivors.map((s) => s.pid).join(', ')}` : '; no process left'}`,
      survivors.length || !how.startsWith('exited with code 0') ? 'warn' : 'info',
    );
  }

  // ── what the lab observes ───────────────────────────────────────────────────────────────

  private onResult(result: RequestResult): void {
    this.tally.add(result);
    const pid = result.servedBy;
    if (!result.ok || pid === undefined) return;
    if (pid === this.roster.primaryPid) this.primaryServed++;
    else this.roster.seen(pid);
  }

  private loadEnded(load: LoadRun): void {
    if (load.status === 'running') load.status = 'done';
    load.endedAt = Date.now();
    this.sampleFairness();
    const f = this.fairnessNow();
    const failed = this.tally.failed;
    this.say(
      `load ${load.status === 'done' ? 'finished' : 'stopped'}: ${this.tally.requests} requests served, ${failed} failed, Jain ${f.jain.toFixed(3)}`,
      failed > 0 ? 'warn' : 'info',
    );
  }

  private onServerMessage(message: unknown): void {
    if (typeof message !== 'object' || message === null) return;
    const m = message as SupervisorMessage & { type?: string; message?: string };
    if (m.type === 'error' && typeof m.message === 'string') {
      this.say(`the server says: ${m.message}`, 'bad');
      return;
    }
    if (typeof m.event !== 'string' || this.status !== 'running') return;
    const pid = m.pid ?? 0;
    switch (m.event) {
      case 'fork':
        this.roster.fork(pid, 'supervisor', {
          id: m.id,
          replaces: m.replaces ?? undefined,
          state: 'starting',
          reason: m.reason,
        });
        this.onReplacement(pid, m.replaces, m.reason);
        break;
      case 'ready':
        this.roster.ready(pid);
        break;
      case 'drain':
        this.roster.draining(pid);
        break;
      case 'exit':
        this.roster.exited(
          pid,
          `${m.signal ? `signal ${m.signal}` : `code ${m.code}`}${m.cause ? `, ${m.cause}` : ''}`,
        );
        break;
      case 'reloaded':
        this.finishRestart(m.replaced ?? [], true);
        break;
      case 'reload-failed':
        this.say(`the rolling restart failed: ${m.error}`, 'bad');
        this.finishRestart([], false);
        break;
      case 'giveup':
        this.say(
          'the supervisor gave up: workers died faster than its restart budget allows',
          'bad',
        );
        break;
    }
  }

  private onReplacement(pid: number, replaces: number | undefined, reason?: string): void {
    if (replaces && reason === 'reload' && this.restart?.state === 'running') {
      this.restart.replaced.push({ from: replaces, to: pid });
    }
  }

  private finishRestart(replaced: { from: number; to: number }[], ok: boolean): void {
    const restart = this.restart;
    if (restart?.state !== 'running') return;
    if (restart.timer) clearTimeout(restart.timer);
    restart.state = ok ? 'done' : 'failed';
    restart.endedAt = Date.now();
    if (replaced.length) restart.replaced = replaced;
    restart.failedDuring = this.tally.failed - restart.failedBefore;
    if (!ok) return;
    const pairs = restart.replaced.map((r) => `${r.from}→${r.to}`).join(', ');
    const failed = `${restart.failedDuring} failed request${restart.failedDuring === 1 ? '' : 's'}`;
    const level: Level = restart.failedDuring === 0 ? 'good' : 'bad';
    this.say(`rolling restart done (${pairs}): ${failed} during it`, level);
    this.setNotice(
      `Rolling restart done: ${restart.replaced.length} worker(s) replaced, ${failed} during it${restart.withLoad ? '' : ' (no load was running)'}.`,
      level,
    );
  }

  private onHookEvent(event: LabEvent): void {
    this.hookCounts[event.kind]++;
    if (event.kind === 'request') {
      this.pendingHookRequests.set(event.pid, (this.pendingHookRequests.get(event.pid) ?? 0) + 1);
    } else if (this.pendingHook.length < 50) this.pendingHook.push(event);
    const primary = this.roster.primaryPid;
    const per = (pid: number) => {
      let entry = this.hookByPid.get(pid);
      if (!entry) {
        entry = { accepts: 0, requests: 0, handoffs: 0 };
        this.hookByPid.set(pid, entry);
      }
      return entry;
    };
    switch (event.kind) {
      case 'accept':
        per(event.pid).accepts++;
        break;
      case 'handoff':
        if (event.pid === primary && event.worker) per(event.pid).handoffs++;
        break;
      case 'request':
        per(event.pid).requests++;
        break;
      case 'fork':
        if (event.worker && this.status === 'running') this.roster.fork(event.worker, 'hook');
        break;
      case 'exit':
        if (event.worker) this.roster.exited(event.worker, event.detail ?? 'reported by the hook');
        break;
    }
  }

  // ── the page's view ─────────────────────────────────────────────────────────────────────

  private say(text: string, level: Level = 'info'): void {
    const line: LogLine = { at: Date.now(), text, level };
    this.log.push(line);
    if (this.log.length > LOG_KEEP) this.log.shift();
    this.stream.send('log', line);
  }

  private setNotice(text: string, level: Level): void {
    this.notice = { text, level, at: Date.now() };
  }

  private tick(): void {
    this.ticks++;
    const server = this.server;
    if (server) {
      server.linesSent = this.takeOutput(server.child, server.linesSent);
      if (this.ticks % 2 === 0 && this.status === 'running') {
        this.roster.scan(nodeChildren(server.primaryPid), isAlive);
      }
    }
    if (this.load?.status === 'running') this.sampleFairness();
    this.flushArrivals();
    if (this.pendingOutput.length) {
      this.stream.send('output', this.pendingOutput);
      this.pendingOutput = [];
    }
    if (this.pendingHook.length || this.pendingHookRequests.size) {
      this.stream.send('hook', {
        events: this.pendingHook,
        requests: [...this.pendingHookRequests],
      });
      this.pendingHook = [];
      this.pendingHookRequests = new Map();
    }
    if (this.stream.size > 0) this.stream.send('snapshot', this.snapshot());
  }

  /** Passes new output lines of the server on to the page; returns the new mark. */
  private takeOutput(child: ManagedChild, sent: number): number {
    const lines = child.lines;
    let mark = sent;
    if (lines.length - mark > 30) {
      this.pendingOutput.push(`… ${lines.length - mark - 30} line(s) skipped`);
      mark = lines.length - 30;
    }
    for (const line of lines.slice(mark)) {
      const text = line.length > 300 ? `${line.slice(0, 300)}…` : line;
      this.pendingOutput.push(text);
      this.output.push(text);
      if (this.output.length > OUTPUT_KEEP) this.output.shift();
    }
    mark = lines.length;
    // The harness keeps all output for error messages; a lab left open all day must not.
    if (lines.length > 5000) {
      lines.splice(0, lines.length - 1000);
      mark = lines.length;
      child.stdout = child.stdout.slice(-65_536);
      child.stderr = child.stderr.slice(-65_536);
    }
    return mark;
  }

  /**
   * Which way did a connection served by `pid` come? What the servers report through the
   * hook wins (the primary said it accepted or handed off connections: through the primary;
   * the worker said it accepted and the primary did not: straight from the socket); without
   * reports, the mode's accept model decides.
   */
  private routeFor(pid: number): { via: 'primary' | 'direct' | 'self'; source: 'hook' | 'mode' } {
    const primary = this.roster.primaryPid;
    if (pid === primary) return { via: 'self', source: 'mode' };
    const fromPrimary = this.hookByPid.get(primary);
    if (fromPrimary && fromPrimary.accepts + fromPrimary.handoffs > 0) {
      return { via: 'primary', source: 'hook' };
    }
    if ((this.hookByPid.get(pid)?.accepts ?? 0) > 0) return { via: 'direct', source: 'hook' };
    return { via: this.server ? routeOf(this.server.mode.accept) : 'primary', source: 'mode' };
  }

  private flushArrivals(): void {
    const { arrivals, dropped } = this.tally.takeArrivals();
    if (arrivals.length === 0) return;
    const items = arrivals.map((a) => ({ pid: a.pid, ...this.routeFor(a.pid) }));
    const source = items.some((i) => i.source === 'hook') ? 'hook' : 'mode';
    this.stream.send('arrivals', { source, items, dropped });
  }

  private fairnessNow() {
    const live = this.roster.live();
    return { ...fairness(live.map((pid) => this.tally.get(pid).requests)), workers: live.length };
  }

  private sampleFairness(): void {
    const load = this.load;
    if (!load || this.tally.requests === 0) return;
    const t = ((load.endedAt ?? Date.now()) - load.startedAt) / 1000;
    const last = this.series[this.series.length - 1];
    if (last && t - last[0] < 0.2) return;
    // The whole load says where the counts ended up; the window says what is happening now,
    // so a replaced worker (which starts from nothing) shows as a dip that recovers.
    const live = this.roster.live();
    const counts = new Map(live.map((pid) => [pid, this.tally.get(pid).requests]));
    this.samples.push({ t, counts });
    while (this.samples.length > 1 && t - (this.samples[1]?.t ?? t) >= WINDOW_S)
      this.samples.shift();
    const base = this.samples[0];
    const recent =
      base && base.t < t
        ? live.map((pid) => (counts.get(pid) ?? 0) - (base.counts.get(pid) ?? 0))
        : [];
    const recentJain = recent.some((n) => n > 0) ? fairness(recent).jain : null;
    const round = (x: number) => Math.round(x * 1000) / 1000;
    this.series.push([
      Math.round(t * 100) / 100,
      round(this.fairnessNow().jain),
      recentJain === null ? null : round(recentJain),
    ]);
    if (this.series.length > 400) this.series.splice(0, this.series.length - 400);
  }

  snapshot() {
    const server = this.server;
    const mode = server?.mode ?? this.lastMode;
    const load = this.load;
    const live = this.roster.live();
    const f = this.fairnessNow();
    const viaPrimary = mode ? routeOf(mode.accept) === 'primary' : false;
    const hooked = this.hookCounts.accept + this.hookCounts.handoff > 0;
    const primaryAccepts = server ? (this.hookByPid.get(server.primaryPid)?.accepts ?? 0) : 0;
    const now = Date.now();
    const elapsedMs = load ? (load.endedAt ?? now) - load.startedAt : 0;
    return {
      lab: { pid: process.pid, hookPort: this.hookPort },
      modes: MODES.map(modeStatus),
      server: {
        status: this.status,
        mode: mode?.id,
        label: mode?.label,
        accept: mode?.accept,
        route: mode ? routeOf(mode.accept) : undefined,
        supervised: mode?.supervised ?? false,
        workers: server?.workers ?? this.lastWorkers,
        port: server?.port,
        script: server ? repoRelative(server.script.file) : undefined,
        note: server?.script.note,
        error: this.serverError,
      },
      primary: server
        ? {
            pid: server.primaryPid,
            alive: this.status === 'running',
            // What the primary reported, if it reports; otherwise the mode's model: through
            // the primary, every connection the clients made; shared socket, none.
            accepted: primaryAccepts ? primaryAccepts : viaPrimary ? this.tally.connections : 0,
            accepts: viaPrimary || primaryAccepts > 0,
            served: this.primaryServed,
          }
        : undefined,
      workers: this.roster.list().map((w) => {
        const count = this.tally.get(w.pid);
        const hook = this.hookByPid.get(w.pid);
        return {
          ...w,
          requests: count.requests,
          connections: count.connections,
          share: this.tally.requests ? count.requests / this.tally.requests : 0,
          hookAccepts: hook?.accepts,
          hookRequests: hook?.requests,
        };
      }),
      load: {
        status: load?.status ?? 'idle',
        kind: load?.spec.kind,
        connections: load?.spec.connections,
        durationMs: load?.spec.durationMs,
        requestsCap: load?.spec.requests,
        elapsedMs,
        requests: this.tally.requests,
        failed: this.tally.failed,
        connectionsMade: this.tally.connections,
        rate: elapsedMs > 0 ? (this.tally.requests / elapsedMs) * 1000 : 0,
        reasons: [...this.tally.reasons],
        recentFailures: this.tally.recentFailures,
      } satisfies LoadView,
      fairness: {
        jain: f.jain,
        maxOverMin: Number.isFinite(f.maxOverMin) ? f.maxOverMin : null,
        cv: f.coefficientOfVariation,
        workers: live.length,
        series: this.series,
      },
      restart: this.restart
        ? {
            state: this.restart.state,
            replaced: this.restart.replaced,
            failedDuring:
              this.restart.state === 'running'
                ? this.tally.failed - this.restart.failedBefore
                : this.restart.failedDuring,
            withLoad: this.restart.withLoad,
          }
        : undefined,
      notice: this.notice,
      hook: {
        port: this.hookPort,
        counts: this.hookCounts,
        active: hooked,
        malformed: this.hook.malformed,
      },
    };
  }
}

export type Snapshot = ReturnType<Lab['snapshot']>;

function emptyHookCounts(): Record<LabEventKind, number> {
  return Object.fromEntries(HOOK_KINDS.map((k) => [k, 0])) as Record<LabEventKind, number>;
}

export function describeLoad(spec: LoadSpec): string {
  const bound = `for up to ${spec.durationMs / 1000} s or ${spec.requests} requests`;
  if (spec.kind === 'browser') return `a browser (one keep-alive connection) ${bound}`;
  if (spec.kind === 'fresh') {
    return `a fresh connection per request, ${spec.connections} at a time, ${bound}`;
  }
  return `keep-alive over ${spec.connections} connection(s) ${bound}`;
}
