/**
 * The lab: one server at a time, one load at a time, and everything either does, live.
 *
 *   page ──POST /api/…──▶ Lab ──▶ LabServer (server-run.ts) ──harness──▶ primary ──▶ workers
 *     ▲                    │ ◀── IPC: ready report, stage 05 events       ┐
 *     │                    │ ◀── UDP: lab-hook events (hook-listener.ts)  ├─▶ Roster (roster.ts)
 *     │                    │ ◀── /proc: the primary's children            ┘    Counts (counts.ts)
 *     │                    └─▶ LabLoad (load-run.ts) ──HTTP──▶ port ◀── x-served-by: <pid>
 *     └──── SSE ◀── PageFeed (page-feed.ts): log · output · hook · arrivals · snapshot, 250 ms
 *
 * Each part has one job: LabServer runs the server, LabLoad drives the load, Counts counts
 * (the one place a connection is counted), Roster knows the workers, FairnessSeries draws the
 * fairness line, RollingRestart follows a restart, PageFeed streams to the page. This file
 * wires them: it turns the page's requests into calls and what the parts observe into the
 * log's story; snapshot.ts reads all of them into the one picture the page draws. What a
 * server says over IPC is followed elsewhere: stage 05's supervisor in supervisor-events.ts,
 * stage 08's threads in thread-events.ts.
 *
 * Every process goes through one ProcessHarness; close() ends all of them.
 */
import { ProcessHarness } from '@cluster-from-scratch/kit/harness';
import type { RequestResult } from '@cluster-from-scratch/kit/http-load';
import type { LabEvent } from '@cluster-from-scratch/kit/lab-hook';
import type { Language } from '@cluster-from-scratch/kit/language';
import { isAlive } from '@cluster-from-scratch/kit/platform';
import { Counts } from './counts.ts';
import { FairnessSeries } from './fairness-series.ts';
import { HookListener } from './hook-listener.ts';
import { LabError, type LoadSpec } from './input.ts';
import { describeLoad, LabLoad, type LoadRun } from './load-run.ts';
import { type LabMode, MODES, modeStatus } from './modes.ts';
import { type Level, PageFeed } from './page-feed.ts';
import { nodeChildren, nodeChildrenOf } from './process-tree.ts';
import { RollingRestart } from './rolling-restart.ts';
import { Roster } from './roster.ts';
import {
  type ExitStatus,
  LabServer,
  type RunningServer,
  type SupervisorMessage,
} from './server-run.ts';
import { type Snapshot, snapshotOf } from './snapshot.ts';
import { followSupervisorEvent } from './supervisor-events.ts';
import { followThreadEvent, killThread } from './thread-events.ts';
import { type LabMessages, said } from './words.ts';
import { pidOf, type WorkerKey } from './worker-key.ts';

export type { Level, LogLine } from './page-feed.ts';
export type { ServerStatus } from './server-run.ts';
export type { LoadView, Snapshot } from './snapshot.ts';

const TICK_MS = 250;

export class Lab {
  readonly harness = new ProcessHarness();
  readonly feed: PageFeed;
  private readonly hook: HookListener;
  hookPort = 0;

  private readonly server: LabServer;
  private readonly load: LabLoad;
  private readonly counts = new Counts();
  private readonly series = new FairnessSeries();
  private readonly roster: Roster;
  private restart: RollingRestart | undefined;
  /** Behind a front (stage 07): which host each worker belongs to, by its parent's pid. */
  private readonly hostOf = new Map<number, string>();
  private busy: Promise<unknown> = Promise.resolve();
  private ticks = 0;
  private readonly ticker: NodeJS.Timeout;
  private closing = false;

  constructor() {
    this.feed = new PageFeed(() => this.snapshot());
    this.server = new LabServer(this.harness, {
      onMessage: (message) => this.onServerMessage(message),
      onDied: (server, status) => {
        if (!this.closing) void this.primaryDied(server, status);
      },
    });
    this.load = new LabLoad({
      onResult: (result) => this.onResult(result),
      onEnd: (load, error) => this.loadEnded(load, error),
    });
    this.roster = new Roster(
      (text, level) => this.feed.say(text, level ?? 'info'),
      (worker, old) => {
        if (!old?.killedByLab) return;
        const replaced = (m: LabMessages) =>
          worker.origin === 'supervisor'
            ? m.notice.replacedBySupervisor(old.key, worker.key)
            : worker.origin === 'scan'
              ? m.notice.replacedByPrimary(old.key, worker.key)
              : m.notice.replacedBy(old.key, worker.key);
        this.feed.setNotice(said(replaced), 'good');
      },
    );
    this.hook = new HookListener((event) => this.onHookEvent(event));
    this.ticker = setInterval(() => this.tick(), TICK_MS);
    this.ticker.unref();
  }

  get stream() {
    return this.feed.stream;
  }

  async listenForHook(): Promise<number> {
    this.hookPort = await this.hook.listen();
    return this.hookPort;
  }

  // ── what the page can ask ───────────────────────────────────────────────────────────────

  /** Starts `mode` with `workers` workers, stopping whatever ran before. */
  startServer(mode: LabMode, workers: number): Promise<void> {
    const status = this.server.status;
    if (status === 'starting' || status === 'stopping') {
      throw new LabError(409, (m) => m.errors.serverBusy(status));
    }
    return this.exclusive(async () => {
      await this.load.stop();
      await this.stopServerNow();
      await this.launch(mode, workers);
    });
  }

  stopServer(): Promise<void> {
    if (this.server.status === 'starting') {
      throw new LabError(409, (m) => m.errors.serverBusy('starting'));
    }
    return this.exclusive(async () => {
      await this.load.stop();
      await this.stopServerNow();
    });
  }

  startLoad(spec: LoadSpec): void {
    const server = this.server.running;
    if (!server) throw new LabError(409, (m) => m.errors.noServer);
    if (this.load.running) throw new LabError(409, (m) => m.errors.loadRunning);
    this.counts.newLoad(spec.kind === 'fresh' ? 'fresh' : 'keep-alive');
    this.series.clear();
    this.load.start(spec, server, this.roster);
    this.say((m) => m.log.loadStarted(describeLoad(spec, m)));
  }

  stopLoad(): Promise<void> {
    return this.load.stop();
  }

  /** SIGKILLs one worker of the running server (the first live one unless `pid` says); a thread throws. */
  killWorker(pid?: WorkerKey): WorkerKey {
    const server = this.server.running;
    if (!server) throw new LabError(409, (m) => m.errors.noServerToKill);
    const live = this.roster.live();
    const target = pid ?? live[0];
    if (target === undefined) throw new LabError(409, (m) => m.errors.noLiveWorker);
    if (!live.includes(target)) {
      throw new LabError(400, (m) => m.errors.notAWorker(target, live.join(', ')));
    }
    this.roster.markKilled(target);
    if (killThread(target, this.roster, server.child.process, this.feed)) return target;
    try {
      process.kill(pidOf(target), 'SIGKILL');
    } catch (error) {
      throw new LabError(409, (m) => m.errors.couldNotKill(target, (error as Error).message));
    }
    const what = (m: LabMessages) =>
      server.mode.supervised
        ? m.log.watchSupervisor
        : server.mode.replaceArgs
          ? m.log.watchPrimaryReplaces
          : m.log.watchNoSupervisor;
    this.say((m) => m.log.killed(target, what(m)), 'warn');
    this.feed.setNotice(
      said((m) => m.notice.killed(target, what(m))),
      'warn',
    );
    return target;
  }

  /** Stage 05 only: SIGHUP, and the supervisor replaces the workers one at a time. */
  rollingRestart(): void {
    const server = this.server.running;
    if (!server) throw new LabError(409, (m) => m.errors.noServerRunning);
    if (!server.mode.supervised) {
      const supervisors = MODES.filter((mode) => mode.supervised);
      throw new LabError(409, (m, lang) =>
        m.errors.noSupervisor(
          server.mode.label[lang],
          supervisors.map((mode) => m.errors.stage(mode.stage)).join(m.errors.orThe),
          supervisors.map((mode) => `"${mode.label[lang]}"`).join(m.errors.or),
        ),
      );
    }
    if (this.restart?.running) throw new LabError(409, (m) => m.errors.restartRunning);
    const withLoad = this.load.running;
    this.restart = new RollingRestart(this.counts.tally.failed, withLoad, (seconds) =>
      this.say((m) => m.log.restartStuck(seconds), 'bad'),
    );
    process.kill(server.primaryPid, 'SIGHUP');
    this.say((m) => m.log.sentSighup(server.primaryPid, withLoad));
    this.feed.setNotice(
      said((m) => m.notice.restarting),
      'info',
    );
  }

  /** Ends the load, the server and every process; returns what would not die (nothing). */
  async close(): Promise<{ pid: number; cmdline: string }[]> {
    this.closing = true;
    clearInterval(this.ticker);
    this.restart?.cancel();
    await this.load.stop().catch(() => undefined);
    await this.stopServerNow().catch(() => undefined);
    const survivors = await this.harness.stopAll();
    this.feed.close();
    await this.hook.close().catch(() => undefined);
    return survivors;
  }

  /** Every pid the lab has started that is still alive (the primary and its workers). */
  livePids(): number[] {
    const server = this.server.current;
    const pids = server ? [server.primaryPid, ...this.roster.live().map(pidOf)] : [];
    return [...new Set([...pids, ...this.harness.markedPids()])].filter((pid) => isAlive(pid));
  }

  // ── running a server ────────────────────────────────────────────────────────────────────

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const next = this.busy.then(task, task);
    this.busy = next.catch(() => undefined);
    return next;
  }

  private async launch(mode: LabMode, workers: number): Promise<void> {
    const can = modeStatus(mode);
    if (!can.enabled) {
      throw new LabError(409, (m, lang) => m.errors.cannotRun(mode.label[lang], can.note ?? ''));
    }
    this.restart?.cancel();
    this.restart = undefined;
    this.feed.notice = undefined;
    this.roster.clear();
    this.counts.newServer();
    this.series.clear();
    this.load.clear();
    this.say((m, lang) => m.log.starting(mode.label[lang], workers, mode.program));
    let server: RunningServer;
    try {
      server = await this.server.start(mode, workers, {
        CFS_LAB_PORT: String(this.hookPort),
        FORCE_COLOR: '0',
        // The harness gives the server our own marker; this keeps the marker of whoever
        // started the lab (a test), so it can sweep the servers too if the lab is killed.
        CFS_LAB_STARTED_BY: process.env.CFS_HARNESS_ID,
      });
    } catch (error) {
      const why = (error as Error).message.split('\n')[0] ?? '';
      this.say((m, lang) => m.log.didNotStart(mode.label[lang], why), 'bad');
      this.feed.addOutput(this.server.newOutput());
      await this.server.abandon();
      throw error;
    }
    this.roster.reset(server.primaryPid, server.workerKeys);
    this.hostOf.clear();
    for (const host of server.front?.hosts ?? []) {
      for (const pid of host.workerPids) this.hostOf.set(pid, host.address);
    }
    if (server.workerPids.length !== workers) {
      this.say((m) => m.log.fewerWorkers(workers, server.workerPids.length), 'warn');
    }
    this.say(
      (m, lang) =>
        m.log.up(mode.label[lang], server.port, server.primaryPid, server.workerKeys.join(', ')),
      'good',
    );
    const front = server.front;
    if (front) {
      const hosts = front.hosts.map((h) => ({ ...h, workers: h.workerPids.join(', ') }));
      this.say((m) => m.log.front(front.nginx.masterPid, front.nginx.workerPids.join(', '), hosts));
    }
  }

  /** The primary exited without being asked: say so, end the load and whatever it left. */
  private async primaryDied(server: RunningServer, status: ExitStatus): Promise<void> {
    const killed = this.roster.list().find((w) => w.killedByLab);
    this.say((m) => m.log.primaryExited(server.primaryPid, status.code, status.signal), 'bad');
    if (killed) {
      this.feed.setNotice(
        said((m) => m.notice.primaryDiedAfterKill(status.code, status.signal, killed.pid)),
        'bad',
      );
    }
    await this.load.stop();
    this.feed.addOutput(this.server.newOutput());
    await this.harness.stopAll();
    if (this.server.current !== server) return;
    for (const pid of this.roster.live()) {
      const killed = this.roster.get(pid)?.killedByLab;
      this.roster.exited(pid, killed ? 'gone' : 'its primary died', { quiet: !killed });
    }
  }

  private async stopServerNow(): Promise<void> {
    const running = this.server.current;
    if (running && !running.child.exitStatus) {
      this.say((m, lang) => m.log.stopping(running.mode.label[lang], running.primaryPid));
    }
    const stopped = await this.server.stop();
    if (typeof stopped !== 'object') return;
    this.feed.addOutput(this.server.newOutput());
    for (const pid of this.roster.live())
      this.roster.exited(pid, 'server stopped', { quiet: true });
    this.restart?.cancel();
    this.restart = undefined;
    const { how, clean, survivors } = stopped;
    this.say(
      (m, lang) => m.log.stopped(how[lang], survivors.join(', ')),
      survivors.length || !clean ? 'warn' : 'info',
    );
  }

  // ── what the lab observes ───────────────────────────────────────────────────────────────

  private onResult(result: RequestResult): void {
    const worker = this.counts.onResult(result, this.roster.primaryPid);
    if (worker !== undefined) this.roster.seen(worker);
  }

  private loadEnded(load: LoadRun, error?: Error): void {
    if (error) this.say((m) => m.log.loadFailed(error.message), 'bad');
    this.sampleFairness();
    const tally = this.counts.tally;
    const jain = this.counts.fairness(this.roster.live()).jain.toFixed(3);
    this.say(
      (m) => m.log.loadEnded(load.status === 'done', tally.requests, tally.failed, jain),
      tally.failed > 0 ? 'warn' : 'info',
    );
  }

  private onServerMessage(message: unknown): void {
    if (typeof message !== 'object' || message === null) return;
    const m = message as SupervisorMessage & { type?: string; message?: string };
    if (m.type === 'error' && typeof m.message === 'string') {
      const what = m.message;
      this.say((w) => w.log.serverSays(what), 'bad');
      return;
    }
    const server = this.server.running;
    if (typeof m.event !== 'string' || !server) return;
    if (followThreadEvent(m, this.roster, server.primaryPid)) return;
    followSupervisorEvent(m, this.roster, {
      replacing: (from, to) => this.restart?.replacing(from, to),
      finished: (replaced, ok) => this.finishRestart(replaced, ok),
      say: (words, level) => this.say(words, level),
    });
  }

  private finishRestart(replaced: { from: number; to: number }[], ok: boolean): void {
    const restart = this.restart;
    if (!restart?.running) return;
    restart.finish(replaced, ok, this.counts.tally.failed);
    if (!ok) return;
    const pairs = restart.replaced.map((r) => `${r.from}→${r.to}`).join(', ');
    const failed = restart.failedDuring;
    const level: Level = failed === 0 ? 'good' : 'bad';
    this.say((m) => m.log.restartDone(pairs, failed), level);
    this.feed.setNotice(
      said((m) => m.notice.restartDone(restart.replaced.length, failed, restart.withLoad)),
      level,
    );
  }

  private onHookEvent(event: LabEvent): void {
    this.counts.onHook(event, this.roster.primaryPid);
    this.feed.hook(event);
    if (event.kind === 'fork' && event.worker && this.server.status === 'running') {
      this.roster.fork(event.worker, 'hook');
    } else if (event.kind === 'exit' && event.worker) {
      this.roster.exited(event.worker, event.detail ?? 'reported by the hook');
    }
  }

  // ── the page's view ─────────────────────────────────────────────────────────────────────

  /** Tells the log, in every language (src/words.ts). */
  private say(words: (m: LabMessages, lang: Language) => string, level: Level = 'info'): void {
    this.feed.say(said(words), level);
  }

  private tick(): void {
    this.ticks++;
    const server = this.server.current;
    if (server) {
      this.feed.addOutput(this.server.newOutput());
      if (this.ticks % 2 === 0 && this.server.status === 'running') {
        this.roster.scan(this.workerChildren(server), isAlive);
      }
    }
    if (this.load.running) this.sampleFairness();
    this.feed.arrivals(this.counts.takeArrivals(this.roster.primaryPid, server?.mode.accept));
    this.feed.flush(() => this.snapshot());
  }

  /**
   * The processes that are the server's workers right now: the primary's Node children, or
   * behind a front the children of every host's primary (serve.ts's own children are the
   * hosts' primaries, which serve nothing).
   */
  private workerChildren(server: RunningServer): number[] {
    if (!server.front) return nodeChildren(server.primaryPid);
    const address = new Map(server.front.hosts.map((h) => [h.primaryPid, h.address]));
    const children = nodeChildrenOf([...address.keys()]);
    for (const { pid, ppid } of children) this.hostOf.set(pid, address.get(ppid) ?? '');
    return children.map((c) => c.pid);
  }

  private sampleFairness(): void {
    const load = this.load.current;
    if (!load || this.counts.tally.requests === 0) return;
    this.series.sample(
      this.load.elapsedMs() / 1000,
      this.roster.live(),
      (pid) => this.counts.tally.get(pid).requests,
    );
  }

  snapshot(): Snapshot {
    return snapshotOf({
      hookPort: this.hookPort,
      malformed: this.hook.malformed,
      server: this.server,
      load: this.load,
      counts: this.counts,
      series: this.series,
      roster: this.roster,
      restart: this.restart,
      notice: this.feed.notice,
      hostOf: this.hostOf,
    });
  }
}
