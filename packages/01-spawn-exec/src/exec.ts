/**
 * exec is execFile with a shell: the whole command is one string for /bin/sh to parse.
 *
 *   exec('ls -l | wc -l', cb) ─▶ execFile('ls -l | wc -l', [], { shell: true }, cb)
 *                             ─▶ spawn('/bin/sh', ['-c', 'ls -l | wc -l'])
 *
 * Convenient (pipes, globs, variables) and dangerous for the same reason: anything you
 * paste into the string is shell syntax. See shell-command.ts.
 */
import type { ChildProcess } from 'node:child_process';
import { type ExecCallback, type ExecFileOptions, execFile } from './exec-file.ts';

export function exec(
  command: string,
  options: ExecFileOptions = {},
  callback?: ExecCallback,
): ChildProcess {
  return execFile(command, [], { ...options, shell: options.shell || true }, callback);
}
