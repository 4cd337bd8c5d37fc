/**
 * Which workers does a primary have right now? Asked of the kernel, not of the primary.
 * (Behind a front, stage 07, the workers are the children of each host's primary.)
 *
 *   process table (kit/platform)  ──ppid──▶ children of the primary ──node only──▶ worker pids
 *
 * Every stage reports its workers once, when it starts. After that a worker can die (killed
 * from the page), be replaced (stage 03's resilient proxy, stage 05's supervisor) or be
 * restarted; only stage 05 tells anyone. Looking at the primary's children twice a second
 * lets the lab show forks and exits for every mode, instrumented or not. A child that is not
 * a Node process (esbuild's service, which the TypeScript loader may start) is not a worker.
 */

import { basename } from 'node:path';
import { processTable } from '@cluster-from-scratch/kit/platform';

/** Is this command line a Node program? Its first word is node itself (this process's binary). */
function isNode(command: string): boolean {
  const program = command.split(' ')[0] ?? '';
  return program === process.execPath || basename(program) === 'node';
}

/** Live Node child processes of `parent`, sorted by pid: one look at the process table. */
export function nodeChildren(parent: number): number[] {
  return nodeChildrenOf([parent]).map((row) => row.pid);
}

/** The same for several parents at once (a front's hosts' primaries), each with its parent. */
export function nodeChildrenOf(parents: readonly number[]): { pid: number; ppid: number }[] {
  const wanted = new Set(parents);
  return processTable()
    .filter((row) => wanted.has(row.ppid) && row.state !== 'Z' && isNode(row.command))
    .map((row) => ({ pid: row.pid, ppid: row.ppid }))
    .sort((a, b) => a.pid - b.pid);
}
