/**
 * Small things the tests share: starting a server fixture or script and reading its report,
 * holding HTTP connections open, asking /proc whether a process is idle, counting wake-ups.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import type { ManagedChild, ProcessHarness } from '@cluster-from-scratch/kit/harness';
import { SERVED_BY_HEADER } from '@cluster-from-scratch/kit/hello-app';
import { freshConnectionRequest } from '@cluster-from-scratch/kit/http-load';
import { voluntaryContextSwitches } from '@cluster-from-scratch/kit/platform';
import { pollUntil, withTimeout } from '@cluster-from-scratch/kit/timeout';
import { expect } from 'vitest';

export interface Report {
  mode: string;
  port: number;
  primaryPid: number;
  workerPids: number[];
  attached?: { pid: number; listening: boolean; port: number }[];
  connectionListeners?: number;
}

export const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
export const script = (name: string) => new URL(`../src/${name}`, import.meta.url);

/** Starts a server program and waits for its { port, primaryPid, workerPids } report. */
export async function startServer(
  harness: ProcessHarness,
  file: URL,
  args: string[],
  env?: Record<string, string>,
): Promise<{ child: ManagedChild; report: Report }> {
  const child = harness.start(file, { args, env });
  const report = await child.waitForMessage<Report>(
    (m) => typeof m === 'object' && m !== null && 'port' in m,
    { what: 'the server report {port, primaryPid, workerPids}' },
  );
  return { child, report };
}

/**
 * Opens `count` connections, sends one keep-alive request on each, reads each response, and
 * keeps the connections open. Returns which pid served each connection.
 */
export async function holdConnections(
  port: number,
  count: number,
): Promise<{ servedBy: number[]; close: () => void }> {
  const sockets: Socket[] = [];
  const one = () =>
    new Promise<number>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      sockets.push(socket);
      let raw = '';
      socket.setEncoding('latin1');
      socket.on('error', reject);
      socket.on('connect', () =>
        socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`),
      );
      socket.on('data', (chunk: string) => {
        raw += chunk;
        const end = raw.indexOf('\r\n\r\n');
        const length = Number(/content-length: (\d+)/i.exec(raw)?.[1]);
        if (end === -1 || raw.length < end + 4 + length) return;
        resolve(Number(new RegExp(`${SERVED_BY_HEADER}: (\\d+)`, 'i').exec(raw)?.[1]));
      });
    });
  const servedBy = await withTimeout(
    Promise.all(Array.from({ length: count }, one)),
    `${count} held connections to be answered`,
  );
  return {
    servedBy,
    close: () => {
      for (const socket of sockets) socket.destroy();
    },
  };
}

/** How many of `pids` occur in `list`, as a map pid → count (every pid present, 0 if none). */
export function countBy(list: readonly (number | undefined)[], pids: readonly number[]) {
  const counts = new Map<number, number>(pids.map((p) => [p, 0]));
  for (const pid of list) if (pid !== undefined) counts.set(pid, (counts.get(pid) ?? 0) + 1);
  return counts;
}

/** Is the process's main thread asleep in epoll_wait (its event loop has nothing to do)? */
export function idleInEventLoop(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/wchan`, 'utf8').includes('epoll');
  } catch {
    return false;
  }
}

/**
 * Sends `count` connections one at a time, each only once every worker is asleep in its event
 * loop, and counts per connection how many of the workers that did NOT serve it woke up.
 */
export async function wakeUps(report: Report, count: number) {
  const allIdle = () =>
    pollUntil(() => report.workerPids.every(idleInEventLoop), {
      what: 'every worker to be asleep in epoll_wait',
    });
  let bystanderWakeUps = 0;
  let bystandersWoken = 0;
  for (let i = 0; i < count; i++) {
    await allIdle();
    const before = report.workerPids.map(voluntaryContextSwitches);
    const result = await freshConnectionRequest(report.port);
    expect(result.ok).toBe(true);
    await allIdle();
    report.workerPids.forEach((pid, w) => {
      if (pid === result.servedBy) return;
      const delta = voluntaryContextSwitches(pid) - (before[w] ?? 0);
      bystanderWakeUps += delta;
      if (delta > 0) bystandersWoken++;
    });
  }
  return { bystanderWakeUps, bystandersWoken, bystanders: count * (report.workerPids.length - 1) };
}
