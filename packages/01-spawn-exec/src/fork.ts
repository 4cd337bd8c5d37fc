/**
 * fork is spawn of another Node process, with a channel to it.
 *
 *   fork('child.ts', ['a'])
 *     ─▶ spawn(process.execPath, [...process.execArgv, 'child.ts', 'a'],
 *              { stdio: [inherit, inherit, inherit, 'ipc'], shell: false })
 *
 * Two details make it a fork rather than any spawn:
 * - the program is Node itself, with the parent's execArgv. Inheriting execArgv is why a
 *   parent started with a TypeScript loader (--import tsx) gets children that understand
 *   TypeScript too; passing execArgv explicitly replaces it, loader included.
 * - the 'ipc' stdio entry opens the channel (fork-stdio.ts): child.send() / process.send().
 */
import { type ChildProcess, type Serializable, spawn } from 'node:child_process';
import { type ForkStdioOptions, forkStdio } from './fork-stdio.ts';

export interface ForkOptions extends ForkStdioOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  execPath?: string;
  execArgv?: string[];
  serialization?: 'json' | 'advanced';
}

export function fork(
  modulePath: string,
  args: readonly string[] = [],
  options: ForkOptions = {},
): ChildProcess {
  const execArgv = options.execArgv ?? process.execArgv;
  return spawn(options.execPath ?? process.execPath, [...execArgv, modulePath, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: forkStdio(options),
    serialization: options.serialization,
    shell: false,
  });
}

export type { Serializable };
