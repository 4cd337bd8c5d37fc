/**
 * The leak check `npm test` runs last.
 *
 * `npm test` gives every process it starts an environment variable CFS_RUN_ID; children
 * inherit it, and so do their children. When the tests are over, any live process whose
 * environment still carries that id was started by a test and never ended: a leak.
 *
 * Some programs write their `ps` title over their environment block (nginx does), so
 * its environment (as kit/src/platform.ts reads it) no longer shows the id. Such a program is found by its command line
 * instead, which names `runMarker(id)` (stage 07 puts it in nginx's temp folder, which its title
 * shows), and its children by their parent.
 */
import { readdirSync } from 'node:fs';
import { isAlive, type ProcessRow, processTable } from './platform.ts';
import { pollUntil } from './timeout.ts';

function ancestors(pid: number, parents: Map<number, number>): Set<number> {
  const chain = new Set<number>();
  let current: number | undefined = pid;
  while (current && current > 1 && !chain.has(current)) {
    chain.add(current);
    current = parents.get(current);
  }
  return chain;
}

/** What a program that loses its environment puts in its command line to stay findable. */
export function runMarker(runId: string): string {
  return `cfs-run-${runId}`;
}

export function processesOfRun(runId: string): { pid: number; cmdline: string }[] {
  // One snapshot of every process (one `ps` on a Mac) answers every question below.
  const table = processTable({ environment: true });
  const parents = new Map(table.map((row) => [row.pid, row.ppid]));
  const mine = ancestors(process.pid, parents);
  const live = table.filter((row) => !mine.has(row.pid) && row.state !== 'Z');
  const found = new Map<number, ProcessRow>(
    live
      .filter(
        (row) =>
          row.environment?.get('CFS_RUN_ID') === runId || row.command.includes(runMarker(runId)),
      )
      .map((row) => [row.pid, row]),
  );
  // The children of a process found by its command line (nginx's workers) are the run's too.
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of live) {
      if (!found.has(row.pid) && found.has(row.ppid)) {
        found.set(row.pid, row);
        grew = true;
      }
    }
  }
  return [...found.values()].map((row) => ({ pid: row.pid, cmdline: row.command }));
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

/**
 * Network namespaces and links a run made and did not remove (stage 07's hosts with --netns):
 * they are named after the pid that made them (`cfs07-PID-N`, links `c7PID…`), so one whose
 * pid is gone is a leak. Read from /run/netns and /sys/class/net: no `ip` needed to look.
 */
export function leftoverNetworks(): string[] {
  const list = (dir: string) => {
    try {
      return readdirSync(dir);
    } catch {
      return []; // not Linux, or no namespace was ever named here
    }
  };
  const gone = (pid: string | undefined) => pid !== undefined && !isAlive(Number(pid));
  return [
    ...list('/run/netns').filter((name) => gone(/^cfs07-(\d+)-\d+$/.exec(name)?.[1])),
    ...list('/sys/class/net').filter((name) => gone(/^c7(\d+)(?:br|f\d+|h\d+)$/.exec(name)?.[1])),
  ];
}
