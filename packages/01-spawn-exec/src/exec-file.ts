/**
 * execFile, rebuilt on spawn.
 *
 *   execFile(file, args, options, callback)
 *      │
 *      ├─ spawn(file, args)                (through /bin/sh -c "…" when options.shell)
 *      ├─ stdout, stderr ─▶ OutputCollector each (maxBuffer, default 1 MiB)
 *      ├─ timeout / AbortSignal / overflow ─▶ kill(killSignal), remember why
 *      └─ 'close' ─▶ callback(error | null, stdout, stderr)
 *
 * It waits for 'close', not 'exit': 'exit' fires when the process ends, but its pipes may
 * still hold output; 'close' fires once the process has exited AND its stdio streams have
 * ended, so the output is complete.
 *
 * The error handed to the callback, like Node's:
 *   non-zero exit     Error "Command failed: <cmd>\n<stderr>"  code=<exit code> killed signal cmd
 *   killed by us      the same with killed=true, code=null, signal=<killSignal>
 *   maxBuffer         RangeError, code ERR_CHILD_PROCESS_STDIO_MAXBUFFER, killed child
 *   aborted           AbortError, code ABORT_ERR
 *   could not start   spawn's own error (ENOENT, EACCES) with cmd added
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { debuglog } from 'node:util';
import { OutputCollector } from './output-collector.ts';
import { shellCommand } from './shell-command.ts';

const debug = debuglog('cfs-01');

/** Node's default since v12 (the first article still says 200 * 1024). */
export const DEFAULT_MAX_BUFFER = 1024 * 1024;

export interface ExecFileOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** 'utf8' by default; 'buffer' (or null) hands back Buffers. */
  encoding?: BufferEncoding | 'buffer' | null;
  maxBuffer?: number;
  /** Kill the child after this many ms (0 = never). */
  timeout?: number;
  killSignal?: NodeJS.Signals;
  signal?: AbortSignal;
  /** true for /bin/sh, or the path of a shell. exec sets it. */
  shell?: boolean | string;
}

export interface ExecError extends Error {
  code?: number | string | null;
  killed?: boolean;
  signal?: NodeJS.Signals | null;
  cmd?: string;
}

export type ExecCallback = (
  error: ExecError | null,
  stdout: string | Buffer,
  stderr: string | Buffer,
) => void;

export function execFile(
  file: string,
  args: readonly string[] = [],
  options: ExecFileOptions = {},
  callback?: ExecCallback,
): ChildProcess {
  const encoding = options.encoding === undefined ? 'utf8' : options.encoding;
  const maxBuffer = options.maxBuffer ?? DEFAULT_MAX_BUFFER;
  const killSignal = options.killSignal ?? 'SIGTERM';
  const command = shellCommand(file, args, options.shell ?? false);
  debug('spawn %s %o', command.file, command.args);

  const child = spawn(command.file, command.args, { cwd: options.cwd, env: options.env });

  const cmd = [file, ...args].join(' ');
  // Why we ended the child, if we did: the first reason wins.
  let ourError: ExecError | undefined;
  let killedByUs = false;
  let finished = false;

  const kill = (reason?: ExecError) => {
    ourError ??= reason;
    killedByUs = true;
    // No more output matters: close the pipes so 'close' can follow the exit promptly.
    child.stdout?.destroy();
    child.stderr?.destroy();
    child.kill(killSignal);
  };

  const overflow = (stream: 'stdout' | 'stderr') => () => {
    const error: ExecError = new RangeError(`${stream} maxBuffer length exceeded`);
    Object.assign(error, { code: 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER' });
    kill(error);
  };
  const stdout = new OutputCollector(maxBuffer, overflow('stdout'));
  const stderr = new OutputCollector(maxBuffer, overflow('stderr'));
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));

  const timer = options.timeout ? setTimeout(() => kill(), options.timeout) : undefined;

  // An abort answers at once, as Node's does: the callback does not wait for the child to be
  // reaped (its exit status is not known yet when the callback runs).
  const onAbort = () => {
    const error: ExecError = new Error('The operation was aborted', {
      cause: options.signal?.reason,
    });
    Object.assign(error, { name: 'AbortError', code: 'ABORT_ERR' });
    kill(error);
    finish(null, null, error);
  };
  if (options.signal?.aborted) queueMicrotask(onAbort);
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  function finish(
    code: number | null,
    signal: NodeJS.Signals | null,
    spawnError?: ExecError,
  ): void {
    if (finished) return;
    finished = true;
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    const out = stdout.result(encoding);
    const err = stderr.result(encoding);
    let error = spawnError ?? ourError;
    if (!error && (code !== 0 || signal !== null)) {
      error = new Error(`Command failed: ${cmd}\n${err.toString()}`);
      Object.assign(error, { code, killed: killedByUs, signal });
    }
    if (error) error.cmd = cmd;
    debug('done %s code=%s signal=%s error=%s', cmd, code, signal, error?.code);
    callback?.(error ?? null, out, err);
  }

  child.on('close', (code, signal) => finish(code, signal));
  // spawn could not start the program (ENOENT, EACCES): there will be no output to wait for.
  child.on('error', (error: ExecError) => {
    child.stdout?.destroy();
    child.stderr?.destroy();
    if (error.name === 'AbortError') return; // we raised it ourselves above
    finish(null, null, error);
  });
  return child;
}
