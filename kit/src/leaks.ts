/**
 * The leak check `npm test` runs last.
 *
 * `npm test` gives every process it starts an environment variable CFS_RUN_ID; children
 * inherit it, and so do their children. When the tests are over, any live process whose
 * environment still carries that id was started by a test and never ended: a leak.
 *
 * Some programs write their `ps` title over their environment block (nginx does), so
 * /proc/<pid>/environ no longer shows the id. Such a program is found by its command line
 * instead, which names `runMarker(id)` (stage 07 puts it in nginx's temp folder, which its title
 * shows), and its children by their parent.
 */
import { isAlive, listPids, readCmdline, readEnviron, readStat } from './procfs.ts';
import { pollUntil } from './timeout.ts';

function ancestors(pid: number): Set<number> {
  const chain = new Set<number>();
  let current: number | undefined = pid;
  while (current && current > 1 && !chain.has(current)) {
    chain.add(current);
    current = readStat(current)?.ppid;
  }
  return chain;
}

/** What a program that loses its environment puts in its command line to stay findable. */
export function runMarker(runId: string): string {
  return `cfs-run-${runId}`;
}

export function processesOfRun(runId: string): { pid: number; cmdline: string }[] {
  const mine = ancestors(process.pid);
  const live = listPids().filter((pid) => !mine.has(pid) && isAlive(pid));
  const found = new Set(
    live.filter(
      (pid) =>
        readEnviron(pid).get('CFS_RUN_ID') === runId || readCmdline(pid).includes(runMarker(runId)),
    ),
  );
  // The children of a process found by its command line (nginx's workers) are the run's too.
  for (let grew = true; grew; ) {
    grew = false;
    for (const pid of live) {
      const parent = readStat(pid)?.ppid;
      if (!found.has(pid) && parent !== undefined && found.has(parent)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  return [...found].map((pid) => ({ pid, cmdline: readCmdline(pid) }));
}

/** Waits briefly for stragglers that are already dying, then lists what is left. */
export async function findLeaks(
  runId: string,
  graceMs = 3000,
): Promise<{ pid: number; cmdline: string }[]> {
  return pollUntil(() => (processesOfRun(runId).length === 0 ? [] : false), {
    timeout: graceMs,
    what: 'test processes to exit',
  }).catch(() => processesOfRun(runId));
}
