/**
 * Which workers does a primary have right now? Asked of the kernel, not of the primary.
 *
 *   /proc/<pid>/stat  ──ppid──▶ children of the primary ──node only──▶ worker pids
 *
 * Every stage reports its workers once, when it starts. After that a worker can die (killed
 * from the page), be replaced (stage 03's resilient proxy, stage 05's supervisor) or be
 * restarted; only stage 05 tells anyone. Looking at the primary's children twice a second
 * lets the lab show forks and exits for every mode, instrumented or not. A child that is not
 * a Node process (esbuild's service, which the TypeScript loader may start) is not a worker.
 */

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isAlive, listPids, readStat } from '@cluster-from-scratch/kit/platform';

/** The program a process runs (argv[0]), or '' when it is gone. */
function argv0(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
  } catch {
    return '';
  }
}

function isNode(pid: number): boolean {
  const program = argv0(pid);
  return program === process.execPath || basename(program) === 'node';
}

/** Live Node child processes of `parent`, sorted by pid. */
export function nodeChildren(parent: number): number[] {
  const children: number[] = [];
  for (const pid of listPids()) {
    if (readStat(pid)?.ppid !== parent) continue;
    if (isAlive(pid) && isNode(pid)) children.push(pid);
  }
  return children.sort((a, b) => a - b);
}
