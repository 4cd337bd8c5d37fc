/**
 * The two loads, both bounded in count (and time), both aimed at 127.0.0.1 only, both tallied
 * per worker from the x-served-by header.
 *
 *   keepAliveLoad  autocannon, C connections held open, R requests in all
 *                  └─ setupClient hooks each connection's 'headers' event: pid + which socket
 *   freshLoad      kit's raw client: connect, one request, read to close, repeat, K at a time
 *                  (autocannon cannot do this correctly; see README "Why not autocannon for…")
 *
 * Both give the same LoadResult: requests that succeeded and failed, elapsed time, throughput,
 * p50/p99 latency and per-worker requests and connections.
 */

import { connect, type Socket } from 'node:net';
import { SERVED_BY_HEADER } from '@cluster-from-scratch/kit/hello-app';
import {
  freshConnections,
  parseServedBy,
  type RequestResult,
  tally,
  workerLabel,
} from '@cluster-from-scratch/kit/http-load';
import { withTimeout } from '@cluster-from-scratch/kit/timeout';
import autocannon from 'autocannon';
import { percentile, type WorkerCount } from './stats.ts';

export interface LoadResult {
  ok: number;
  failed: number;
  elapsedMs: number;
  /** Successful requests per second. */
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  /** Per serving pid, busiest first (pad with the server's pids before computing fairness). */
  served: WorkerCount[];
}

export interface KeepAliveOptions {
  port: number;
  connections: number;
  requests: number;
  /** Give up (and stop autocannon) after this long. */
  maxMs?: number;
}

/** A keep-alive load with autocannon; each autocannon client is one connection. */
export async function keepAliveLoad(options: KeepAliveOptions): Promise<LoadResult> {
  assertPort(options.port);
  // Keyed by `<pid>` or, for a server whose workers are threads (stage 08), `<pid>.<threadId>`.
  const byPid = new Map<
    string,
    { pid: number; thread?: number; requests: number; sockets: Set<object> }
  >();
  let seen = 0;
  let untagged = 0;
  const started = performance.now();
  // autocannon ends a run on its next sampling tick, so its own duration (and the time until the
  // promise settles) rounds up to the tick: time the work to the last response instead.
  let lastResponse = started;
  const instance = autocannon({
    url: `http://127.0.0.1:${options.port}/`,
    connections: options.connections,
    amount: options.requests,
    timeout: 10,
    // autocannon notices that it is done only on its sampling tick (1 s by default).
    sampleInt: 50,
    setupClient(client) {
      // 'headers' fires for every response before autocannon decides whether to count it, and
      // client.conn is the socket that carried it (a reconnect makes a new one).
      client.on('headers', (info) => {
        seen++;
        lastResponse = performance.now();
        const worker = servedByWorker(info.headers);
        if (worker === undefined) {
          untagged++;
          return;
        }
        const key = workerLabel(worker);
        const entry = byPid.get(key) ?? { ...worker, requests: 0, sockets: new Set<object>() };
        entry.requests++;
        entry.sockets.add(client.conn);
        byPid.set(key, entry);
      });
    },
  });
  const guard = setTimeout(() => instance.stop(), options.maxMs ?? 60_000);
  guard.unref();
  let result: autocannon.Result;
  try {
    result = await instance;
  } finally {
    clearTimeout(guard);
  }
  const elapsedMs = lastResponse - started;
  const served = [...byPid.values()].map((e) => ({
    pid: e.pid,
    ...(e.thread === undefined ? {} : { thread: e.thread }),
    requests: e.requests,
    connections: e.sockets.size,
  }));
  served.sort((a, b) => b.requests - a.requests);
  const ok = seen - untagged - result.non2xx;
  return {
    ok,
    failed: result.errors + result.non2xx + untagged,
    elapsedMs,
    throughput: ok / (elapsedMs / 1000),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    served,
  };
}

/** The x-served-by value from autocannon's flat [name, value, name, value…] header list. */
export function servedBy(headers: readonly string[]): number | undefined {
  return servedByWorker(headers)?.pid;
}

/** The same, with the thread when the value is `<pid>.<threadId>` (stage 08's workers). */
export function servedByWorker(
  headers: readonly string[],
): { pid: number; thread?: number } | undefined {
  for (let i = 0; i + 1 < headers.length; i += 2) {
    if (headers[i]?.toLowerCase() === SERVED_BY_HEADER) {
      const { servedBy: pid, thread } = parseServedBy(headers[i + 1]);
      if (pid === undefined) return undefined;
      return thread === undefined ? { pid } : { pid, thread };
    }
  }
  return undefined;
}

export interface FreshOptions {
  port: number;
  requests: number;
  concurrency: number;
  maxMs?: number;
  onResult?: (result: RequestResult) => void;
}

/** A new TCP connection per request, through kit's raw client. */
export async function freshLoad(options: FreshOptions): Promise<LoadResult> {
  assertPort(options.port);
  const started = performance.now();
  const results = await freshConnections({
    port: options.port,
    host: '127.0.0.1',
    requests: options.requests,
    concurrency: options.concurrency,
    durationMs: options.maxMs ?? 60_000,
    onResult: options.onResult,
  });
  const elapsedMs = performance.now() - started;
  return summarise(results, elapsedMs);
}

/**
 * A fresh-connection load with a per-process counter read just before and just after it:
 * what each server process spent on exactly this traffic (herd: wake-ups; scaling: CPU ticks).
 */
export async function freshLoadMeasuring(
  server: { port: number; pids: readonly number[] },
  load: { requests: number; concurrency: number },
  read: (pid: number) => number,
): Promise<{ result: LoadResult; delta: Map<number, number> }> {
  const before = server.pids.map(read);
  const result = await freshLoad({ port: server.port, ...load });
  const after = server.pids.map(read);
  return { result, delta: new Map(server.pids.map((pid, i) => [pid, after[i]! - before[i]!])) };
}

export function summarise(results: readonly RequestResult[], elapsedMs: number): LoadResult {
  const { workers, failed } = tally(results);
  const latencies = results
    .filter((r) => r.ok)
    .map((r) => r.latencyMs)
    .sort((a, b) => a - b);
  const ok = results.length - failed;
  return {
    ok,
    failed,
    elapsedMs,
    throughput: ok / (elapsedMs / 1000),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    served: workers,
  };
}

function assertPort(port: number): void {
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`load: bad port ${port}`);
  }
}

export interface HeldConnections {
  /** The pid that answered on each connection. */
  servedBy: (number | undefined)[];
  close(): void;
}

/**
 * Opens `count` keep-alive connections, sends one request on each, reads its response, and
 * keeps every connection open and idle until `close()`. Used to count what an idle client
 * connection costs each server process in descriptors.
 */
export async function holdConnections(port: number, count: number): Promise<HeldConnections> {
  assertPort(port);
  const sockets: Socket[] = [];
  const close = () => {
    for (const socket of sockets) socket.destroy();
  };
  try {
    const servedBy = await Promise.all(
      Array.from({ length: count }, () => {
        const socket = connect({ port, host: '127.0.0.1' });
        sockets.push(socket);
        return oneKeepAliveResponse(socket, port);
      }),
    );
    return { servedBy, close };
  } catch (error) {
    close();
    throw error;
  }
}

function oneKeepAliveResponse(socket: Socket, port: number): Promise<number | undefined> {
  return withTimeout(
    new Promise<number | undefined>((resolve, reject) => {
      let raw = '';
      socket.setEncoding('latin1');
      socket.on('error', reject);
      socket.on('close', () => reject(new Error('server closed a held connection')));
      socket.on('connect', () =>
        socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`),
      );
      socket.on('data', (chunk: string) => {
        raw += chunk;
        const end = raw.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/^content-length:\s*(\d+)/im.exec(raw)?.[1] ?? 0);
        if (raw.length - end - 4 < length) return;
        const pid = Number(new RegExp(`^${SERVED_BY_HEADER}:\\s*(\\d+)`, 'im').exec(raw)?.[1]);
        resolve(Number.isInteger(pid) && pid > 0 ? pid : undefined);
      });
    }),
    'a response on a held keep-alive connection',
    15_000,
  );
}
