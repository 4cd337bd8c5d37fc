/**
 * The process harness: the only way tests and the tour start child programs.
 *
 *   test / tour ──start('fixture.ts')──▶ child (own process group, tsx loader, IPC)
 *        │                                  └─ its own children (same group, same marker)
 *        └─ stopAll(): SIGKILL the group, sweep anything still carrying our marker,
 *                      and report every pid that is still alive.
 *
 * Why a process group: a fixture is often a primary with workers of its own. Killing the
 * group ends the whole family even when the primary never got the chance to clean up.
 * Why a marker: a grandchild that left the group (detached) still inherits the environment,
 * so `CFS_HARNESS_ID` finds it in its environment (kit/src/platform.ts reads it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { isAlive, processesCarrying, readCmdline } from './platform.ts';
import { DEFAULT_TIMEOUT_MS, pollUntil, type WaitOptions, withTimeout } from './timeout.ts';
import { tsxExecArgv } from './tsx-loader.ts';

export interface StartOptions {
  args?: string[];
  cwd?: string;
  /** Added to (not replacing) this process's environment. */
  env?: Record<string, string | undefined>;
  /** Name used in error messages; defaults to the script's file name. */
  name?: string;
  /** Open an IPC channel (stdio 'ipc'); default true for Node scripts. */
  ipc?: boolean;
  serialization?: 'json' | 'advanced';
  /** 'pipe' records output for waitForLine; 'inherit' shows it (demos run by the tour). */
  stdio?: 'pipe' | 'inherit';
  /** Extra Node flags. The tsx loader is always added for Node scripts. */
  execArgv?: string[];
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

let harnessCounter = 0;

/**
 * How a TypeScript program is started with this Node: the tsx loader first (passed explicitly,
 * so a child's own execArgv never drops it), an IPC channel unless asked otherwise, and the
 * file's name for messages. Shared by every launcher, so they all start scripts the same way.
 */
export function nodeScript(
  script: string | URL,
  options: StartOptions = {},
): { args: string[]; options: StartOptions } {
  const file = script instanceof URL ? fileURLToPath(script) : script;
  return {
    args: [...tsxExecArgv(), ...(options.execArgv ?? []), file, ...(options.args ?? [])],
    options: { ipc: true, ...options, name: options.name ?? file.split('/').pop() },
  };
}

export class ProcessHarness {
  readonly id = `${process.pid}-${++harnessCounter}`;
  readonly children: ManagedChild[] = [];

  /** Starts a TypeScript (or JavaScript) program with Node and the tsx loader. */
  start(script: string | URL, options: StartOptions = {}): ManagedChild {
    const { args, options: withDefaults } = nodeScript(script, options);
    return this.startCommand(process.execPath, args, withDefaults);
  }

  /** Starts any program (no loader, no IPC unless asked). */
  startCommand(command: string, args: string[] = [], options: StartOptions = {}): ManagedChild {
    const stdio = options.stdio ?? 'pipe';
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, CFS_HARNESS_ID: this.id },
      stdio: [stdio, stdio, stdio, ...(options.ipc ? (['ipc'] as const) : [])],
      serialization: options.serialization,
      // A process group of its own, so stopAll() can end the child and all it started.
      detached: true,
    });
    const managed = new ManagedChild(child, options.name ?? command);
    this.children.push(managed);
    return managed;
  }

  /** Pids of every live process that carries this harness's marker (children, grandchildren). */
  markedPids(): number[] {
    return processesCarrying('CFS_HARNESS_ID', this.id)
      .map((row) => row.pid)
      .filter((pid) => pid !== process.pid);
  }

  /**
   * Ends everything this harness started and returns what is still alive afterwards (which
   * should be nothing). With `signal` other than SIGKILL, processes get `graceMs` to exit on
   * their own first — the tour uses that so Ctrl-C lets a demo shut down cleanly.
   */
  async stopAll(
    options: { signal?: NodeJS.Signals; graceMs?: number } = {},
  ): Promise<{ pid: number; cmdline: string }[]> {
    const signal = options.signal ?? 'SIGKILL';
    const targets = new Set([...this.children.map((c) => c.pid), ...this.markedPids()]);
    for (const child of this.children) killGroup(child.pid, signal);
    if (signal !== 'SIGKILL') {
      await pollUntil(() => [...targets].every((pid) => !isAlive(pid)), {
        timeout: options.graceMs ?? 3000,
        what: 'children to exit after ' + signal,
      }).catch(() => undefined);
    }
    for (const child of this.children) killGroup(child.pid, 'SIGKILL');
    for (const pid of this.markedPids()) {
      targets.add(pid);
      killPid(pid, 'SIGKILL');
    }
    const survivors = await pollUntil(
      () => {
        const alive = [...targets].filter((pid) => pid > 0 && isAlive(pid));
        return alive.length === 0 ? [] : false;
      },
      { timeout: 10_000, what: 'every started process to die' },
    ).catch(() => [...targets].filter((pid) => pid > 0 && isAlive(pid)));
    this.children.length = 0;
    return survivors.map((pid) => ({ pid, cmdline: readCmdline(pid) }));
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    killPid(pid, signal); // the group may already be gone; the leader may not
  }
}

function killPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: already gone, which is what we want.
  }
}

/**
 * One started process, with everything it said recorded so no wait can miss it.
 *
 * A process's exit is noticed by one event (SIGCHLD) and its last words are read from its pipes
 * by others, so Node's 'exit' can come while output or messages are still unread (Node's docs
 * say so of the stdio streams). Nothing here concludes from the exit alone:
 * - a wait for a message gives up only once the IPC channel has closed: every message sent on
 *   it has been read by then;
 * - a wait for a line gives up only once stdout and stderr have ended (a grandchild that
 *   inherited them may still be printing);
 * - waitForExit() resolves once the channel has closed and the output has ended or the loop
 *   has gone round once more after the exit (whatever the process itself wrote before it
 *   exited is read in that turn), so `stdout` and `messages` are complete when it returns.
 */
export class ManagedChild extends EventEmitter {
  readonly messages: unknown[] = [];
  readonly lines: string[] = [];
  stdout = '';
  stderr = '';
  /** Set as soon as the exit is noticed (the process is gone); see waitForExit() for more. */
  exitStatus: ExitStatus | undefined;
  private readonly consumedMessages = new Set<number>();
  private readonly consumedLines = new Set<number>();
  private readonly exited: Promise<ExitStatus>;
  private readonly hadChannel: boolean;
  private channelOpen: boolean;
  private openOutputs = 0;
  private turnAfterExit = false;
  private settled = false;

  constructor(
    readonly process: ChildProcess,
    readonly name: string,
  ) {
    super();
    this.setMaxListeners(0);
    let resolveExit: (status: ExitStatus) => void = () => {};
    this.exited = new Promise((resolve) => {
      resolveExit = resolve;
    });
    this.hadChannel = process.channel != null;
    this.channelOpen = this.hadChannel;
    const settle = () => {
      if (this.settled || !this.exitStatus || this.channelOpen) return;
      if (this.openOutputs > 0 && !this.turnAfterExit) return;
      this.settled = true;
      resolveExit(this.exitStatus);
    };
    this.on('ended', settle);
    process.on('exit', (code, signal) => {
      this.exitStatus = { code, signal };
      // One whole turn of the loop after this one: its poll reads whatever the process wrote
      // to its pipes before it exited, even where the exit was noticed first.
      setImmediate(() =>
        setImmediate(() => {
          this.turnAfterExit = true;
          this.emit('ended');
        }),
      );
      this.emit('exit', this.exitStatus);
      this.emit('ended');
    });
    process.on('disconnect', () => {
      this.channelOpen = false;
      this.emit('ended');
    });
    // A program that could not start (ENOENT, EACCES) emits 'error' and 'close' but never
    // 'exit': take 'close' as its end, so a wait for its exit does not hang. 'close' also
    // means every stream and the channel are closed.
    process.on('close', (code, signal) => {
      if (!this.exitStatus) {
        this.exitStatus = { code, signal };
        this.emit('exit', this.exitStatus);
      }
      this.channelOpen = false;
      this.openOutputs = 0;
      this.emit('ended');
    });
    process.on('error', (error) => this.emit('spawn-error', error));
    process.on('message', (message) => {
      this.messages.push(message);
      this.emit('message-recorded');
    });
    this.recordLines(process.stdout, 'stdout');
    this.recordLines(process.stderr, 'stderr');
  }

  get pid(): number {
    return this.process.pid ?? 0;
  }

  private recordLines(stream: NodeJS.ReadableStream | null, which: 'stdout' | 'stderr'): void {
    if (!stream) return;
    this.openOutputs++;
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      this[which] += chunk;
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      this.lines.push(...parts);
      this.emit('line-recorded');
    });
    stream.on('end', () => {
      if (partial) this.lines.push(partial);
      partial = '';
      this.emit('line-recorded');
      this.openOutputs--;
      this.emit('ended');
    });
  }

  /** The last lines of output, for error messages. */
  tail(count = 15): string {
    const lines = this.lines.slice(-count);
    return lines.length
      ? `last output of ${this.name} (pid ${this.pid}):\n  ${lines.join('\n  ')}`
      : `${this.name} (pid ${this.pid}) printed nothing`;
  }

  send(message: unknown, handle?: Parameters<ChildProcess['send']>[1]): void {
    this.process.send(message as never, handle as never);
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    killPid(this.pid, signal);
  }

  /** Waits for the next not-yet-taken IPC message that passes `filter`. */
  waitForMessage<T = unknown>(
    filter: (message: unknown) => boolean = () => true,
    options: WaitOptions = {},
  ): Promise<T> {
    return this.waitInLog(
      this.messages,
      this.consumedMessages,
      'message-recorded',
      () =>
        this.channelOpen
          ? undefined
          : this.hadChannel
            ? 'closed its IPC channel'
            : 'has no IPC channel',
      filter,
      { what: options.what ?? 'an IPC message', timeout: options.timeout },
    ) as Promise<T>;
  }

  /** Waits for the next not-yet-taken output line matching `pattern`; resolves with the match. */
  async waitForLine(pattern: RegExp | string, options: WaitOptions = {}): Promise<RegExpExecArray> {
    const regex = typeof pattern === 'string' ? new RegExp(escapeRegex(pattern)) : pattern;
    const line = (await this.waitInLog(
      this.lines,
      this.consumedLines,
      'line-recorded',
      // Output can end a moment before the exit is noticed: wait for both, so the error says
      // how the process ended.
      () => (this.openOutputs > 0 || !this.exitStatus ? undefined : 'closed its output'),
      (l) => regex.test(l as string),
      { what: options.what ?? `a line matching ${regex}`, timeout: options.timeout },
    )) as string;
    return regex.exec(line) as RegExpExecArray;
  }

  /**
   * Resolves when the process has exited, with its code and signal, and what it sent and
   * printed before it exited has been recorded.
   */
  waitForExit(options: WaitOptions = {}): Promise<ExitStatus> {
    return withTimeout(
      this.exited,
      `${this.name} (pid ${this.pid}) to exit${options.what ? ` (${options.what})` : ''}`,
      options.timeout ?? DEFAULT_TIMEOUT_MS,
      () => this.tail(),
    );
  }

  private waitInLog(
    log: unknown[],
    consumed: Set<number>,
    event: string,
    /** Why no more entries can come (the source has ended), or undefined while they can. */
    ended: () => string | undefined,
    filter: (entry: unknown) => boolean,
    options: { what: string; timeout?: number },
  ): Promise<unknown> {
    const take = (): { found: true; value: unknown } | undefined => {
      for (let i = 0; i < log.length; i++) {
        if (!consumed.has(i) && filter(log[i])) {
          consumed.add(i);
          return { found: true, value: log[i] };
        }
      }
      return undefined;
    };
    const now = take();
    if (now) return Promise.resolve(now.value);
    let onRecord: (() => void) | undefined;
    let onEnded: (() => void) | undefined;
    // Once this wait has its entry it must take no other: a burst of records can call
    // onRecord again before the listener is removed, and a second take() would swallow an
    // entry meant for the next wait.
    let settled = false;
    const found = new Promise<unknown>((resolve, reject) => {
      onRecord = () => {
        if (settled) return;
        const hit = take();
        if (hit) {
          settled = true;
          resolve(hit.value);
        }
      };
      // Once nothing more can come, fail now rather than at the timeout.
      onEnded = () => {
        const why = ended();
        if (settled || why === undefined) return;
        settled = true;
        const hit = take();
        if (hit) return resolve(hit.value);
        const how = this.exitStatus
          ? `exited (code ${this.exitStatus.code}, signal ${this.exitStatus.signal})`
          : why;
        reject(
          new Error(`${this.name} (pid ${this.pid}) ${how} before ${options.what}\n${this.tail()}`),
        );
      };
      this.on(event, onRecord);
      this.on('ended', onEnded);
      onEnded();
    });
    return withTimeout(
      found,
      `${options.what} from ${this.name} (pid ${this.pid})`,
      options.timeout ?? DEFAULT_TIMEOUT_MS,
      () => this.tail(),
    ).finally(() => {
      if (onRecord) this.off(event, onRecord);
      if (onEnded) this.off('ended', onEnded);
    });
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
