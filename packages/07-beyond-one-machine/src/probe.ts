/**
 * Requests through the front, and what each response says about the path it took.
 *
 *   client ──GET /──▶ nginx worker (x-nginx-worker) ──▶ host (x-upstream-addr, -status)
 *                                                     └─▶ worker (x-served-by) on upstream
 *                                                          connection x-upstream-connection
 *
 * Two shapes of client, as in kit/http-load.ts: a fresh connection per request (every request
 * is a new decision for nginx's workers), or keep-alive connections (an nginx worker holds the
 * client's connection, and with it every request on it).
 */
import { EventEmitter } from 'node:events';
import { Agent, request } from 'node:http';
import { SERVED_BY_HEADER } from '@cluster-from-scratch/kit/hello-app';
import { waitForEvent } from '@cluster-from-scratch/kit/timeout';
import { UPSTREAM_CONNECTION_HEADER } from './host-app.ts';

export interface FrontResult {
  ok: boolean;
  status?: number;
  servedBy?: number;
  nginxWorker?: number;
  /** Behind HAProxy: its process, and the server name it chose (h1, h2 …). */
  haproxyPid?: number;
  upstreamServer?: string;
  /** The upstreams nginx tried, in order ("127.0.1.1:40001, 127.0.1.2:40002"). */
  upstreams: string[];
  /** What each of them answered (504 = timed out, 502 = refused or broken). */
  upstreamStatuses: string[];
  upstreamConnection?: string;
  latencyMs: number;
  /** performance.now() when the answer (or the error) came: began at endedAt - latencyMs. */
  endedAt: number;
  error?: string;
}

function splitList(value: string | string[] | undefined): string[] {
  if (typeof value !== 'string' || value === '') return [];
  // nginx joins tries with ", " (and groups of one upstream block with " : ")
  return value.split(/\s*[,]\s*|\s+:\s+/).filter(Boolean);
}

export function requestThroughFront(
  port: number,
  options: { agent?: Agent; path?: string; host?: string } = {},
): Promise<FrontResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const fail = (error: string): void =>
      resolve({
        ok: false,
        error,
        upstreams: [],
        upstreamStatuses: [],
        latencyMs: performance.now() - started,
        endedAt: performance.now(),
      });
    const req = request(
      {
        host: options.host ?? '127.0.0.1',
        port,
        path: options.path ?? '/',
        agent: options.agent ?? false,
      },
      (res) => {
        res.resume();
        res.on('error', (error) => fail(error.message));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const h = res.headers;
          resolve({
            ok: status === 200,
            status,
            servedBy: Number(h[SERVED_BY_HEADER]) || undefined,
            nginxWorker: Number(h['x-nginx-worker']) || undefined,
            haproxyPid: Number(h['x-haproxy-pid']) || undefined,
            upstreamServer: h['x-upstream-server'] as string | undefined,
            upstreams: splitList(h['x-upstream-addr']),
            upstreamStatuses: splitList(h['x-upstream-status']),
            upstreamConnection: h[UPSTREAM_CONNECTION_HEADER] as string | undefined,
            latencyMs: performance.now() - started,
            endedAt: performance.now(),
          });
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
    req.end();
  });
}

export interface FrontLoadOptions {
  port: number;
  /** Stop after this many requests (default: until stopped). */
  requests?: number;
  /** Requests in flight at once (default 1: one after the other). */
  concurrency?: number;
  /** Keep-alive client connections (one per lane) instead of a fresh one per request. */
  keepAlive?: boolean;
  onResult?: (result: FrontResult) => void;
}

/**
 * Starts a load; `stop()` ends it and resolves with every result. `done` resolves by itself
 * when `requests` is reached. Bounded either way: a load with no count must be stopped.
 */
export interface RunningLoad {
  done: Promise<FrontResult[]>;
  stop: () => Promise<FrontResult[]>;
  /** Resolves once the results so far pass `check` (looked at after every result). */
  waitFor: (check: (results: readonly FrontResult[]) => boolean, what: string) => Promise<void>;
}

export function startLoad(options: FrontLoadOptions): RunningLoad {
  const results: FrontResult[] = [];
  const progress = new EventEmitter();
  let left = options.requests ?? Number.POSITIVE_INFINITY;
  let stopped = false;
  const lane = async () => {
    const agent = options.keepAlive ? new Agent({ keepAlive: true, maxSockets: 1 }) : undefined;
    try {
      while (!stopped && left > 0) {
        left--;
        const result = await requestThroughFront(options.port, { agent });
        results.push(result);
        options.onResult?.(result);
        progress.emit('result');
      }
    } finally {
      agent?.destroy();
    }
  };
  const done = Promise.all(Array.from({ length: options.concurrency ?? 1 }, lane)).then(
    () => results,
  );
  return {
    done,
    stop: () => {
      stopped = true;
      return done;
    },
    waitFor: async (check, what) => {
      if (check(results)) return;
      await waitForEvent(progress, 'result', {
        what,
        filter: () => check(results),
        timeout: 30_000,
      });
    },
  };
}

/** Runs `requests` requests and returns them all. */
export function runLoad(options: FrontLoadOptions & { requests: number }): Promise<FrontResult[]> {
  return startLoad(options).done;
}
