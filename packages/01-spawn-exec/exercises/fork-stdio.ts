/**
 * Exercise 01.2 — open the IPC channel in fork.
 * This file is yours: write forkStdio() where it says TODO(exercise 01.2); the rest is done. Check
 * it with `npm run verify -- 01.2`; stuck? `npm run hint -- 01.2`.
 * (Made from the solution, src/fork-stdio.ts, by `npm run exercises:generate`.)
 *
 * fork() is spawn() of Node plus one stdio entry. Return the stdio array that gives the
 * child its terminal (or pipes when silent) AND the channel on fd 3, so that child.send()
 * and process.send() work. A caller's own stdio must contain 'ipc', otherwise throw
 * IpcRequiredError (code ERR_CHILD_PROCESS_IPC_REQUIRED), as Node's fork does.
 */
import type { StdioOptions } from 'node:child_process';

export interface ForkStdioOptions {
  silent?: boolean;
  stdio?: StdioOptions;
}

export class IpcRequiredError extends Error {
  override name = 'TypeError';
  readonly code = 'ERR_CHILD_PROCESS_IPC_REQUIRED';
  constructor() {
    super("Forked processes must have an IPC channel, missing value 'ipc' in options.stdio");
  }
}

export function forkStdio(options: ForkStdioOptions = {}): StdioOptions {
  // TODO(exercise 01.2): add the channel, and refuse a caller's stdio without one.
  if (options.stdio !== undefined) return options.stdio;
  const mode = options.silent ? 'pipe' : 'inherit';
  return [mode, mode, mode];
}
