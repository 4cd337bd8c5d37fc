/**
 * The workers of the running server, as the lab has learned about them.
 *
 *   ready message   { workerPids }                   ──▶ reset(): the starting line-up
 *   stage 05 IPC    { event: 'fork'|'ready'|'drain'|'exit', pid, replaces }  ─┐
 *   lab hook        fork / exit datagrams                                    ├─▶ fork() ready()
 *   /proc scan      the primary's Node children, twice a second              ┘   draining() exited()
 *   the load        a pid in x-served-by that nobody announced               ──▶ seen()
 *   stage 08 IPC    a thread's fork / exit (src/thread-events.ts)            ──▶ fork() exited()
 *
 * Several observers report the same fact (the supervisor says a worker exited; the scan
 * finds it gone): every transition is idempotent and is told once, so the log reads like a
 * story and not like an echo. A worker the lab killed is remembered, so the worker that
 * appears next can be shown as its replacement. Workers are keyed by src/worker-key.ts: a
 * process by its pid, a thread by `<pid>.<threadId>` (every thread of a process has its pid).
 */

import { type LabMessages, type Said, said } from './words.ts';
import { pidOf, threadOf, type WorkerKey } from './worker-key.ts';

export type WorkerState = 'starting' | 'up' | 'draining' | 'exited';

/** How the lab learned about a worker. */
export type Origin = 'reported' | 'supervisor' | 'hook' | 'scan' | 'served';

export interface WorkerRecord {
  /** The roster's key: the pid, or `<pid>.<threadId>` for a thread. */
  key: WorkerKey;
  /** The process it runs in (a thread's: the one its siblings share). */
  pid: number;
  /** Set when the worker is a thread of process `pid`. */
  thread?: number;
  /** 1, 2, 3… in order of appearance (stage 05's own ids when it gives them). */
  id: number;
  state: WorkerState;
  origin: Origin;
  /** The worker this one took over from (restart or rolling restart). */
  replaces?: WorkerKey;
  replacedBy?: WorkerKey;
  /** How it ended: "signal SIGKILL", "code 0, asked", "gone". */
  exit?: string;
  killedByLab?: boolean;
  since: number;
}

export type Say = (text: Said, level?: 'info' | 'good' | 'warn') => void;

export class Roster {
  primaryPid = 0;
  private readonly workers = new Map<WorkerKey, WorkerRecord>();
  private nextId = 1;
  /** Children seen by one scan and not yet by a second: another observer may name them first. */
  private readonly unconfirmed = new Set<WorkerKey>();

  constructor(
    private readonly say: Say,
    /** Told when a worker takes the place of another (the lab turns it into a notice). */
    private readonly onReplace: (
      worker: WorkerRecord,
      old: WorkerRecord | undefined,
    ) => void = () => {},
  ) {}

  reset(primaryPid: number, workerPids: readonly WorkerKey[], now = Date.now()): void {
    this.primaryPid = primaryPid;
    this.workers.clear();
    this.unconfirmed.clear();
    this.nextId = 1;
    for (const key of workerPids) {
      this.workers.set(key, {
        ...named(key),
        id: this.nextId++,
        state: 'up',
        origin: 'reported',
        since: now,
      });
    }
  }

  clear(): void {
    this.reset(0, []);
  }

  get(pid: WorkerKey): WorkerRecord | undefined {
    return this.workers.get(pid);
  }

  /** Every worker, live ones first, by id. */
  list(): WorkerRecord[] {
    const all = [...this.workers.values()];
    const rank = (w: WorkerRecord) => (w.state === 'exited' ? 1 : 0);
    return all.sort((a, b) => rank(a) - rank(b) || a.id - b.id);
  }

  live(): WorkerKey[] {
    return this.list()
      .filter((w) => w.state !== 'exited')
      .map((w) => w.key);
  }

  /** A new worker. Returns true when it was news. */
  fork(
    pid: WorkerKey,
    origin: Origin,
    info: { id?: number; replaces?: WorkerKey; state?: WorkerState; reason?: string } = {},
    now = Date.now(),
  ): boolean {
    if (pid === this.primaryPid || !(pidOf(pid) > 0)) return false;
    this.unconfirmed.delete(pid);
    const known = this.workers.get(pid);
    if (known) {
      // Already seen (by the scan, say); a later report may add who it replaces.
      if (info.replaces && !known.replaces) this.link(known, info.replaces, info.reason);
      return false;
    }
    if (info.id !== undefined) this.nextId = Math.max(this.nextId, info.id + 1);
    const record: WorkerRecord = {
      ...named(pid),
      id: info.id ?? this.nextId++,
      state: info.state ?? 'up',
      origin,
      since: now,
    };
    this.workers.set(pid, record);
    const replaces = info.replaces ?? (origin === 'supervisor' ? undefined : this.orphanedKill());
    if (replaces) this.link(record, replaces, info.reason);
    else this.say(said((m) => m.log.newWorker(pid, m.log.by[origin])));
    return true;
  }

  private link(record: WorkerRecord, replaces: WorkerKey, reason?: string): void {
    record.replaces = replaces;
    const old = this.workers.get(replaces);
    if (old) old.replacedBy = record.key;
    const why = (m: LabMessages) =>
      reason === 'reload'
        ? m.log.becauseRestart
        : old?.killedByLab
          ? m.log.becauseKilled
          : m.log.becauseExited;
    this.say(
      said((m) => m.log.replaces(record.key, replaces, why(m))),
      'good',
    );
    this.onReplace(record, old);
  }

  /** A worker the lab killed that nothing has replaced yet. */
  private orphanedKill(): WorkerKey | undefined {
    for (const w of this.workers.values()) {
      if (w.killedByLab && w.replacedBy === undefined) return w.key;
    }
    return undefined;
  }

  ready(pid: WorkerKey): void {
    const w = this.workers.get(pid);
    if (w && w.state === 'starting') w.state = 'up';
  }

  draining(pid: WorkerKey): void {
    const w = this.workers.get(pid);
    if (w && w.state !== 'exited') w.state = 'draining';
  }

  exited(pid: WorkerKey, how: string, options: { quiet?: boolean } = {}): void {
    const w = this.workers.get(pid);
    if (!w) return;
    if (w.state === 'exited') {
      // A second observer with more detail (the supervisor knows the signal, the scan not).
      if (w.exit === 'gone' || w.exit === 'SIGKILL from the page') w.exit = how;
      return;
    }
    w.state = 'exited';
    w.exit = how === 'gone' && w.killedByLab ? 'SIGKILL from the page' : how;
    if (!options.quiet) {
      const exit = w.exit;
      this.say(
        said((m) => m.log.workerExited(pid, exitInWords(exit, m))),
        w.killedByLab ? 'info' : 'warn',
      );
    }
  }

  markKilled(pid: WorkerKey): void {
    const w = this.workers.get(pid);
    if (w) w.killedByLab = true;
  }

  /** A pid served a request: if nobody announced it, it is a worker all the same. */
  seen(pid: WorkerKey): void {
    if (pid !== this.primaryPid && !this.workers.has(pid)) this.fork(pid, 'served');
  }

  /**
   * One look at the primary's children. A worker that is no longer among them has exited;
   * a child nobody has announced becomes a worker when a second look still finds it.
   */
  scan(children: readonly number[], alive: (pid: number) => boolean): void {
    const now = new Set(children);
    for (const w of this.workers.values()) {
      // A thread is not a child: it is gone with its process, or when its process says so.
      if (w.state !== 'exited' && !now.has(w.pid) && !alive(w.pid)) this.exited(w.key, 'gone');
    }
    for (const pid of children) {
      if (this.workers.has(pid)) continue;
      if (this.unconfirmed.has(pid)) this.fork(pid, 'scan');
      else this.unconfirmed.add(pid);
    }
    for (const key of this.unconfirmed) {
      if (typeof key !== 'number' || !now.has(key)) this.unconfirmed.delete(key);
    }
  }
}

/** A record's names for `key`: its process, and its thread if it is one. */
function named(key: WorkerKey): { key: WorkerKey; pid: number; thread?: number } {
  const thread = threadOf(key);
  return thread === undefined ? { key, pid: pidOf(key) } : { key, pid: pidOf(key), thread };
}

/** How a worker ended, in `m`'s language: the roster's own words translated, a server's as they came. */
export function exitInWords(exit: string | undefined, m: LabMessages): string {
  return exit === undefined ? '' : (m.page.exitHow[exit] ?? exit);
}
