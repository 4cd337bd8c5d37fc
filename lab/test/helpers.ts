/**
 * Driving a lab from a test: start it through the harness, call its API, read its stream.
 *
 *   test ──harness.start(src/main.ts --port 0)──▶ lab ──IPC { url, hookPort, pid }──▶ test
 *   test ──fetch POST /api/…──▶ lab          test ◀──SSE /events── lab
 *
 * The lab starts servers through a harness of its own, which marks them with its own id. It
 * also passes on our marker as CFS_LAB_STARTED_BY, so sweepLabServers() can end them if a
 * test fails before the lab could (the harness's teardown then finds the lab alone).
 */
import { EventEmitter } from 'node:events';
import { get, type IncomingMessage } from 'node:http';
import type { ManagedChild, ProcessHarness } from '@cluster-from-scratch/kit/harness';
import { isAlive, processesCarrying, readStat } from '@cluster-from-scratch/kit/platform';
import { pollUntil, waitForEvent } from '@cluster-from-scratch/kit/timeout';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { afterEach, expect } from 'vitest';
import type { Snapshot } from '../src/lab.ts';

export interface RunningLab {
  child: ManagedChild;
  url: string;
  port: number;
  hookPort: number;
  pid: number;
}

export async function startLab(
  harness: ProcessHarness,
  env: NodeJS.ProcessEnv = {},
): Promise<RunningLab> {
  const child = harness.start(new URL('../src/main.ts', import.meta.url), {
    args: ['--port', '0'],
    name: 'lab',
    // English whatever the locale of the machine: the API tests match the lab's refusals, which
    // it words in its own language when a request does not ask for one (?lang=).
    env: { CFS_LANG: 'en', ...env },
  });
  const ready = await child.waitForMessage<Omit<RunningLab, 'child'>>(
    (m) => typeof (m as { url?: unknown }).url === 'string',
    { what: 'the lab to report its address', timeout: 30_000 },
  );
  return { child, ...ready };
}

export async function post(
  lab: RunningLab,
  path: string,
  body: unknown = {},
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(new URL(path, lab.url), {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export interface SseEvent {
  event: string;
  data: unknown;
}

/** A minimal EventSource for Node: records every event so no wait can miss one. */
export class SseClient extends EventEmitter {
  readonly events: SseEvent[] = [];
  private response: IncomingMessage | undefined;
  /** Per event name: how far next() has read. */
  private readonly cursors = new Map<string, number>();

  static open(lab: RunningLab): Promise<SseClient> {
    const client = new SseClient();
    return new Promise((resolve, reject) => {
      const req = get(new URL('events', lab.url), (res) => {
        client.response = res;
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            client.parse(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
          }
        });
        res.on('end', () => client.emit('end'));
        resolve(client);
      });
      req.on('error', reject);
    });
  }

  private parse(block: string): void {
    let event = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (!data) return;
    const recorded = { event, data: JSON.parse(data) as unknown };
    this.events.push(recorded);
    this.emit('event', recorded);
  }

  /** The next `event` (after the last one of that name taken) whose data passes `filter`. */
  async next<T>(
    event: string,
    filter: (data: T) => boolean,
    what: string,
    timeout = 20_000,
  ): Promise<T> {
    const match = (e: SseEvent) => e.event === event && filter(e.data as T);
    for (let i = this.cursors.get(event) ?? 0; i < this.events.length; i++) {
      const e = this.events[i]!;
      if (match(e)) {
        this.cursors.set(event, i + 1);
        return e.data as T;
      }
    }
    const [hit] = await waitForEvent<[SseEvent]>(this, 'event', {
      filter: match,
      what: `the event stream to deliver ${what}`,
      timeout,
    });
    this.cursors.set(event, this.events.indexOf(hit) + 1);
    return hit.data as T;
  }

  /** The next snapshot that passes `filter`. */
  snapshot(filter: (s: Snapshot) => boolean, what: string, timeout?: number): Promise<Snapshot> {
    return this.next<Snapshot>('snapshot', filter, what, timeout);
  }

  close(): void {
    this.response?.destroy();
  }
}

/**
 * SIGKILLs anything the lab started on behalf of `harness` that is still alive; returns them.
 * A server that leads a process group of its own (the lab's harness starts every server so)
 * is killed with its whole group: stage 07's nginx is in its serve.ts's group and carries no
 * marker anyone can read (it writes its ps title over its environment).
 */
export function sweepLabServers(harness: ProcessHarness): number[] {
  // One look at the whole process table (one `ps` where there is no /proc).
  const left = processesCarrying('CFS_LAB_STARTED_BY', harness.id).map((row) => row.pid);
  for (const pid of left) {
    try {
      process.kill(readStat(pid)?.pgid === pid ? -pid : pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  return left;
}

/**
 * A test file's harness, and its event streams: after each test the streams close and whatever
 * a lab started is swept, before the harness's own teardown (vitest runs after-hooks
 * last-registered first, and the harness registers its hook first).
 */
export function useLabTest(): {
  harness: ProcessHarness;
  open: (lab: RunningLab) => Promise<SseClient>;
} {
  const harness = useHarness();
  const streams: SseClient[] = [];
  afterEach(() => {
    for (const s of streams.splice(0)) s.close();
    sweepLabServers(harness);
  });
  const open = async (lab: RunningLab) => {
    const sse = await SseClient.open(lab);
    streams.push(sse);
    return sse;
  };
  return { harness, open };
}

/**
 * Runs a load of `requests` fresh connections, `connections` at a time, through the lab's API
 * and returns the snapshot once it is done, after checking every request was served.
 */
export async function freshLoadDone(
  lab: RunningLab,
  sse: SseClient,
  options: { requests: number; connections: number },
): Promise<Snapshot> {
  const load = await post(lab, '/api/load', { kind: 'fresh', ...options, seconds: 30 });
  expect(load.status, JSON.stringify(load.body)).toBe(200);
  const done = await sse.snapshot(
    (s) => s.load.status === 'done',
    `the load of ${options.requests} fresh connections to finish`,
    40_000,
  );
  expect(done.load.requests).toBe(options.requests);
  expect(done.load.failed).toBe(0);
  return done;
}

export function allDead(pids: readonly number[], what: string): Promise<true> {
  return pollUntil(() => pids.every((pid) => !isAlive(pid)) || undefined, {
    what,
    timeout: 15_000,
  });
}

export const live = (s: Snapshot) => s.workers.filter((w) => w.state !== 'exited');
