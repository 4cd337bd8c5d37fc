/**
 * The leak check `npm test` runs last.
 *
 * `npm test` gives every process it starts an environment variable CFS_RUN_ID; children
 * inherit it, and so do their children. When the tests are over, any live process whose
 * environment still carries that id was started by a test and never ended: a leak.
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

export function processesOfRun(runId: string): { pid: number; cmdline: string }[] {
  const mine = ancestors(process.pid);
  return listPids()
    .filter((pid) => !mine.has(pid) && isAlive(pid) && readEnviron(pid).get('CFS_RUN_ID') === runId)
    .map((pid) => ({ pid, cmdline: readCmdline(pid) }));
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
