/**
 * The stdio array that makes a fork a fork.
 *
 *   fd:        0       1       2       3
 *   default:   inherit inherit inherit ipc     ← the parent's terminal, plus the channel
 *   silent:    pipe    pipe    pipe    ipc     ← output captured on child.stdout/stderr
 *
 * The 'ipc' entry is what creates the channel: Node opens a socket pair, gives one end to
 * the child and tells it which fd through NODE_CHANNEL_FD. Without it the child has no
 * process.send. A caller who passes its own stdio must include 'ipc', or fork refuses.
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
  // #region exercise 01.2 forkStdio()
  if (options.stdio !== undefined) {
    const stdio =
      typeof options.stdio === 'string'
        ? [options.stdio, options.stdio, options.stdio]
        : options.stdio;
    if (!stdio.includes('ipc')) throw new IpcRequiredError();
    return stdio;
  }
  const mode = options.silent ? 'pipe' : 'inherit';
  return [mode, mode, mode, 'ipc'];
  // #endregion exercise 01.2
}
