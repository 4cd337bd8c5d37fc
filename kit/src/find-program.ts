/**
 * Where a system program (nginx, say) is, found the same way by everyone who asks: the stage
 * that runs it and the mode catalogue that says whether it can run must never disagree.
 *
 *   $CFS_<NAME> set ──▶ that file, and only it (a reader's own build; a test's "missing" one)
 *   else            ──▶ the PATH, then the folders a plain user's PATH may lack: Debian puts
 *                       nginx in /usr/sbin, Homebrew in /opt/homebrew/bin or /usr/local/bin
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/opt/homebrew/bin', '/usr/local/bin'];

/** The program's path, or undefined when there is none this process may run. */
export function findProgram(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const chosen = env[`CFS_${name.toUpperCase()}`];
  const candidates = chosen
    ? [chosen]
    : [...(env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS].map((dir) =>
        join(dir, name),
      );
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not there, or not runnable: try the next
    }
  }
  return undefined;
}
