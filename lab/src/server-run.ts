/**
 * The server the lab runs: one at a time, started through the kit's process harness.
 *
 *   start(mode, workers) ──harness.start(program, args)──▶ primary ──fork──▶ workers
 *        ◀── IPC ready { port, primaryPid, workerPids } (or a timeout: status 'failed'),
 *            and from a front (stage 07) also { nginx, hosts }
 *        ◀── IPC anything else ──▶ onMessage (stage 05's supervisor events)
 *        ◀── exit without being asked ──▶ onDied
 *   newOutput()   the lines printed since the last call, for the page
 *   stop()        SIGTERM, a grace period, then the harness kills whatever is left
 *
 * It knows nothing about loads, counts or the page: it says what happened in its return values
 * and callbacks, and the lab tells the story.
 */
import type { ManagedChild, ProcessHarness } from '@cluster-from-scratch/kit/harness';
import { isReadyMessage, type ReadyMessage } from '@cluster-from-scratch/kit/server-ready';
import { LabError } from './input.ts';
import { type LabMode, labCommand } from './modes.ts';
import { type Said, said } from './words.ts';
import type { WorkerKey } from './worker-key.ts';

const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;
/** Lines the page gets at most per tick; the rest is summarised as "… N line(s) skipped". */
const LINES_PER_TICK = 30;

/**
 * What a front in front of hosts reports besides { port, primaryPid, workerPids } (stage 07's
 * serve.ts): nginx's processes and each host's cluster. Its primaryPid is serve.ts itself, which
 * only started them all: the workers are the hosts' primaries' children, not its own.
 */
export interface FrontReport {
  nginx: { masterPid: number; workerPids: number[] };
  hosts: { address: string; port: number; primaryPid: number; workerPids: number[] }[];
}

const pids = (value: unknown): value is number[] =>
  Array.isArray(value) && value.every((pid) => Number.isInteger(pid) && pid > 0);

/** The front's part of a ready report, when it has one (checked, not assumed). */
export function frontOf(ready: unknown): FrontReport | undefined {
  const r = ready as { nginx?: Record<string, unknown>; hosts?: unknown };
  if (!r.nginx || !Array.isArray(r.hosts)) return undefined;
  const { masterPid, workerPids } = r.nginx;
  if (typeof masterPid !== 'number' || !pids(workerPids)) return undefined;
  const hosts: FrontReport['hosts'] = [];
  for (const h of r.hosts as Record<string, unknown>[]) {
    if (typeof h?.address !== 'string' || typeof h.port !== 'number') return undefined;
    if (typeof h.primaryPid !== 'number' || !pids(h.workerPids)) return undefined;
    hosts.push({
      address: h.address,
      port: h.port,
      primaryPid: h.primaryPid,
      workerPids: h.workerPids,
    });
  }
  return { nginx: { masterPid, workerPids }, hosts };
}

/** A thread server's names for its threads (stage 08's workerIds), when it sends them. */
export function threadsOf(ready: ReadyMessage): string[] | undefined {
  const ids = ready.workerIds;
  const mine = (id: unknown) => typeof id === 'string' && id.startsWith(`${ready.primaryPid}.`);
  return Array.isArray(ids) && ids.length > 0 && ids.every(mine) ? ids : undefined;
}

/** What stage 05's serve.ts reports over IPC, one object per supervisor event. */
export interface SupervisorMessage {
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

export type ServerStatus = 'stopped' | 'starting' | 'running' | 'stopping' | 'failed';
export type ExitStatus = { code: number | null; signal: string | null };

export interface RunningServer {
  mode: LabMode;
  /** Repo-relative program and its arguments. */
  program: string;
  workers: number;
  child: ManagedChild;
  primaryPid: number;
  port: number;
  workerPids: number[];
  /** The workers as the lab keys them: the pids, or `<pid>.<threadId>` each for threads (08). */
  workerKeys: WorkerKey[];
  /** nginx and the hosts, when the mode is a front (stage 07). */
  front?: FrontReport;
  startedAt: number;
}

export class LabServer {
  status: ServerStatus = 'stopped';
  current: RunningServer | undefined;
  /** The mode and workers of the last start, shown while nothing runs. */
  lastMode: LabMode | undefined;
  lastWorkers = 4;
  /** Why the server failed, in every language (src/words.ts). */
  error: Said | undefined;
  /** The child whose output the page gets: the current server's, or the last one's. */
  private outputOf: ManagedChild | undefined;
  private linesSent = 0;

  constructor(
    private readonly harness: ProcessHarness,
    private readonly events: {
      onMessage(message: unknown): void;
      onDied(server: RunningServer, status: ExitStatus): void;
    },
  ) {}

  get running(): RunningServer | undefined {
    return this.status === 'running' ? this.current : undefined;
  }

  /** Starts `mode`; resolves once it reported ready, or throws (status 'failed') with why. */
  async start(mode: LabMode, workers: number, env: NodeJS.ProcessEnv): Promise<RunningServer> {
    const { script, args } = labCommand(mode, workers);
    this.lastMode = mode;
    this.lastWorkers = workers;
    this.status = 'starting';
    this.error = undefined;
    const child = this.harness.start(script, {
      args,
      name: `${mode.id} ×${workers}`,
      stdio: 'pipe',
      env,
    });
    this.outputOf = child;
    this.linesSent = 0;
    child.process.on('message', (message: unknown) => this.events.onMessage(message));
    let ready: ReadyMessage;
    try {
      ready = await child.waitForMessage<ReadyMessage>(isReadyMessage, {
        what: `${mode.label.en} to report { port, primaryPid, workerPids }`,
        timeout: START_TIMEOUT_MS,
      });
    } catch (error) {
      const message = (error as Error).message;
      this.status = 'failed';
      this.error = said(() => message); // the harness's words: in English
      throw new LabError(500, () => message);
    }
    const server: RunningServer = {
      mode,
      program: mode.program,
      workers,
      child,
      primaryPid: ready.primaryPid,
      port: ready.port,
      workerPids: ready.workerPids,
      workerKeys: threadsOf(ready) ?? ready.workerPids,
      front: frontOf(ready),
      startedAt: Date.now(),
    };
    this.current = server;
    this.status = 'running';
    child.once('exit', (status: ExitStatus) => {
      if (this.current !== server || this.status === 'stopping') return;
      this.status = 'failed';
      this.error = said((m) => m.log.primaryExited(server.primaryPid, status.code, status.signal));
      this.events.onDied(server, status);
    });
    return server;
  }

  /** After a start that failed (and its output was taken): every process ends. */
  async abandon(): Promise<void> {
    await this.harness.stopAll();
  }

  /**
   * SIGTERM to the primary and a grace period; the harness ends whatever is left. Returns how
   * the primary ended ('gone' when it had died by itself already, undefined when none ran).
   */
  async stop(): Promise<
    { how: Said; clean: boolean; survivors: number[]; server: RunningServer } | 'gone' | undefined
  > {
    const server = this.current;
    if (!server || server.child.exitStatus) {
      await this.harness.stopAll();
      this.current = undefined;
      if (this.status !== 'starting') this.status = 'stopped';
      return server ? 'gone' : undefined;
    }
    this.status = 'stopping';
    server.child.kill('SIGTERM');
    let how: Said;
    let clean = false;
    try {
      const exit = await server.child.waitForExit({
        what: 'after SIGTERM',
        timeout: STOP_GRACE_MS,
      });
      how = said((m) => m.log.exitedWith(exit.code, exit.signal));
      clean = exit.code === 0 && !exit.signal;
    } catch {
      how = said((m) => m.log.killedAfterGrace(STOP_GRACE_MS / 1000));
    }
    const survivors = (await this.harness.stopAll()).map((s) => s.pid);
    this.current = undefined;
    this.status = 'stopped';
    return { how, clean, survivors, server };
  }

  /** Output lines printed since the last call: at most a screenful, and how many were skipped. */
  newOutput(): { skipped: number; lines: string[] } {
    const child = this.outputOf;
    if (!child) return { skipped: 0, lines: [] };
    const lines = child.lines;
    const skipped = Math.max(0, lines.length - this.linesSent - LINES_PER_TICK);
    const out = lines
      .slice(this.linesSent + skipped)
      .map((line) => (line.length > 300 ? `${line.slice(0, 300)}…` : line));
    this.linesSent = lines.length;
    // The harness keeps all output for error messages; a lab left open all day must not.
    if (lines.length > 5000) {
      lines.splice(0, lines.length - 1000);
      this.linesSent = lines.length;
      child.stdout = child.stdout.slice(-65_536);
      child.stderr = child.stderr.slice(-65_536);
    }
    return { skipped, lines: out };
  }
}
