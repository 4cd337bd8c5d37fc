/**
 * Bounded HTTP load for tests, demos and benchmarks, with a tally of who served what.
 *
 * Two shapes of client, because distribution is decided per *connection*:
 * - freshConnections: connect, send one request, read to close, repeat. Every request is a new
 *   connection, so every request is a new scheduling decision.
 * - keepAlive: N connections, many requests each. All requests on one connection go to the
 *   worker that accepted it; this is why a browser "sees" round robin as uneven.
 * Both stop by themselves after `requests` requests or `durationMs`, whichever comes first.
 */
import { Agent, request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { SERVED_BY_HEADER } from './hello-app.ts';

export interface RequestResult {
  ok: boolean;
  status?: number;
  /** The pid that served it (from the x-served-by header). */
  servedBy?: number;
  /** The worker thread that served it, when the header says `<pid>.<threadId>` (stage 08). */
  thread?: number;
  /** Which client connection carried it (for keep-alive tallies). */
  connection: number;
  latencyMs: number;
  error?: string;
}

export interface LoadOptions {
  port: number;
  host?: string;
  path?: string;
  /** Stop after this many requests in total. */
  requests?: number;
  /** Stop after this long, whatever the count. */
  durationMs?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Called after every request (progress bars, live views). */
  onResult?: (result: RequestResult) => void;
  /** Stop early when this signal aborts. */
  signal?: AbortSignal;
}

function budget(options: LoadOptions): () => boolean {
  const deadline = Date.now() + (options.durationMs ?? 30_000);
  let left = options.requests ?? Number.POSITIVE_INFINITY;
  return () => {
    if (options.signal?.aborted || Date.now() > deadline || left <= 0) return false;
    left--;
    return true;
  };
}

/**
 * One request on a brand-new TCP connection, read until the server closes it. With
 * `answerWithinMs`, a request still unanswered then is given up as not ok (a connection that
 * nobody will ever answer would otherwise wait for ever).
 */
export function freshConnectionRequest(
  port: number,
  host = '127.0.0.1',
  path = '/',
  connectionId = 0,
  answerWithinMs?: number,
): Promise<RequestResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    let raw = '';
    let settled = false;
    const timer =
      answerWithinMs === undefined
        ? undefined
        : setTimeout(
            () => finish({ ok: false, error: `no answer within ${answerWithinMs} ms` }),
            answerWithinMs,
          );
    const finish = (result: Omit<RequestResult, 'latencyMs' | 'connection'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...result, connection: connectionId, latencyMs: performance.now() - started });
    };
    socket.setEncoding('latin1');
    socket.on('connect', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', (chunk: string) => {
      raw += chunk;
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish({ ok: false, error: error.code ?? error.message }),
    );
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(raw)?.[1]);
      if (!status)
        return finish({
          ok: false,
          error: raw ? 'malformed response' : 'closed without a response',
        });
      const header = new RegExp(`^${SERVED_BY_HEADER}: (\\S+)`, 'im').exec(raw)?.[1];
      finish({ ok: status < 500, status, ...parseServedBy(header) });
    });
  });
}

/**
 * Opens `count` TCP connections that send nothing, and resolves once all are connected: the
 * load for counting what an idle client costs each process (descriptors, sockets).
 */
export function openIdleConnections(
  port: number,
  count: number,
  host = '127.0.0.1',
): Promise<Socket[]> {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect({ port, host });
          socket.once('connect', () => resolve(socket));
          socket.once('error', reject);
        }),
    ),
  );
}

/** `requests` fresh-connection requests, `concurrency` at a time. */
export async function freshConnections(options: LoadOptions): Promise<RequestResult[]> {
  const results: RequestResult[] = [];
  const more = budget(options);
  let next = 0;
  const lane = async () => {
    while (more()) {
      const result = await freshConnectionRequest(options.port, options.host, options.path, next++);
      results.push(result);
      options.onResult?.(result);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 1 }, lane));
  return results;
}

/** Requests over `connections` keep-alive connections, each connection one lane. */
export async function keepAlive(
  options: LoadOptions & { connections?: number },
): Promise<RequestResult[]> {
  const connections = options.connections ?? 1;
  const results: RequestResult[] = [];
  const more = budget(options);
  const lane = async (connection: number) => {
    // One agent per lane with one socket: the lane's requests all share one connection.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      while (more()) {
        const result = await keepAliveRequest(options, agent, connection);
        results.push(result);
        options.onResult?.(result);
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, i) => lane(i)));
  return results;
}

function keepAliveRequest(
  options: LoadOptions,
  agent: Agent,
  connection: number,
): Promise<RequestResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = httpRequest(
      { host: options.host ?? '127.0.0.1', port: options.port, path: options.path ?? '/', agent },
      (res) => {
        res.resume();
        res.on('end', () => {
          const header = res.headers[SERVED_BY_HEADER];
          const status = res.statusCode ?? 0;
          resolve({
            ok: status < 500,
            status,
            ...parseServedBy(typeof header === 'string' ? header : undefined),
            connection,
            latencyMs: performance.now() - started,
          });
        });
        res.on('error', (error) =>
          resolve({
            ok: false,
            error: error.message,
            connection,
            latencyMs: performance.now() - started,
          }),
        );
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({
        ok: false,
        error: error.code ?? error.message,
        connection,
        latencyMs: performance.now() - started,
      }),
    );
    req.end();
  });
}

/**
 * Reads an x-served-by value: `4242` (a process) or `4242.3` (thread 3 of process 4242).
 * Anything else counts as unnamed (a failure in the tally), never as a guessed pid.
 */
export function parseServedBy(header: string | undefined): { servedBy?: number; thread?: number } {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(header?.trim() ?? '');
  if (!match) return {};
  const pid = Number(match[1]);
  if (!(pid > 0)) return {};
  return match[2] === undefined ? { servedBy: pid } : { servedBy: pid, thread: Number(match[2]) };
}

/** How a tallied worker is named in tables: `4242`, or `4242.3` for a thread. */
export function workerLabel(worker: { pid: number; thread?: number }): string {
  return worker.thread === undefined ? String(worker.pid) : `${worker.pid}.${worker.thread}`;
}

export interface WorkerTally {
  pid: number;
  /** Set when the worker is a thread: the requests of one process are split per thread. */
  thread?: number;
  requests: number;
  /** Distinct client connections this worker served. */
  connections: number;
}

/**
 * Requests and connections per serving pid (per thread, where the server names threads),
 * busiest first; failures are counted apart.
 */
export function tally(results: readonly RequestResult[]): {
  workers: WorkerTally[];
  failed: number;
} {
  const byWorker = new Map<
    string,
    { pid: number; thread?: number; requests: number; connections: Set<number> }
  >();
  let failed = 0;
  for (const r of results) {
    if (!r.ok || r.servedBy === undefined) {
      failed++;
      continue;
    }
    const worker = { pid: r.servedBy, thread: r.thread };
    const key = workerLabel(worker);
    const entry = byWorker.get(key) ?? { ...worker, requests: 0, connections: new Set<number>() };
    entry.requests++;
    entry.connections.add(r.connection);
    byWorker.set(key, entry);
  }
  const workers = [...byWorker.values()].map((e) => ({
    pid: e.pid,
    ...(e.thread === undefined ? {} : { thread: e.thread }),
    requests: e.requests,
    connections: e.connections.size,
  }));
  workers.sort((a, b) => b.requests - a.requests);
  return { workers, failed };
}
