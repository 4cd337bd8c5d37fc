/**
 * nginx ends when whoever started it dies, even by SIGKILL.
 *
 * serve.ts stops nginx on SIGTERM, SIGINT and on exit, but a SIGKILL gives it no chance, and
 * nginx (run with `daemon off;`) never looks at its parent: it would serve on, an orphan. Linux
 * can tell a process when its parent dies (prctl PR_SET_PDEATHSIG); util-linux's `setpriv
 * --pdeathsig` sets that and then execs the program, so the master is nginx itself with the
 * same pid, and the kernel sends it SIGTERM (nginx's fast shutdown) if its parent goes.
 *
 * Where setpriv is missing (macOS, a trimmed container), nginx is started as it is: the
 * graceful paths still stop it, and the leak check still finds it.
 */
import { spawnSync } from 'node:child_process';

let answer: boolean | undefined;

/** Can this system give a child a parent-death signal with setpriv? Asked once. */
export function canSetParentDeathSignal(): boolean {
  answer ??= (() => {
    const help = spawnSync('setpriv', ['--help'], { encoding: 'utf8' });
    return help.error === undefined && /--pdeathsig/.test(help.stdout ?? '');
  })();
  return answer;
}

/** The command line that runs `command args` and has it sent SIGTERM if its parent dies. */
export function endingWithParent(command: string, args: string[]): [string, string[]] {
  if (!canSetParentDeathSignal()) return [command, args];
  return ['setpriv', ['--pdeathsig', 'SIGTERM', '--', command, ...args]];
}
