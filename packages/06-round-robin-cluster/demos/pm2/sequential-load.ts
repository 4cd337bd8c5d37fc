/**
 * The load under which PM2's reload (and stage 05's) is measured: one request at a time, each
 * on a fresh connection, until told to stop. Every request is answered or counted as lost.
 *
 *   client ── connect, GET /, read to close ──▶ answered (200, x-served-by: pid)
 *          ── ECONNRESET / closed without a response ──▶ lost
 *          ── no answer within `answerWithinMs` ───────▶ lost (a connection the primary handed
 *             to a worker that died before taking it is never answered while the primary lives)
 *
 * One at a time on purpose: at most one request is in flight when a worker dies, so a reload
 * that replaces k workers can lose at most k requests. That bound is what the tests assert.
 */
import { connect } from 'node:net';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';

export interface Answer {
  ok: boolean;
  servedBy?: number;
  /** Why it was lost: an errno code, 'closed without a response', 'no answer within …'. */
  error?: string;
}

/** One GET on a brand-new connection, read until the server closes it, or given up. */
export function requestOnce(port: number, answerWithinMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let raw = '';
    let settled = false;
    const finish = (answer: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(
      () => finish({ ok: false, error: `no answer within ${answerWithinMs} ms` }),
      answerWithinMs,
    );
    socket.setEncoding('latin1');
    socket.on('connect', () =>
      socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'),
    );
    socket.on('data', (chunk: string) => {
      raw += chunk;
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish({ ok: false, error: error.code ?? error.message }),
    );
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(raw)?.[1]);
      if (status !== 200) return finish({ ok: false, error: 'closed without a response' });
      finish({ ok: true, servedBy: Number(/^x-served-by: (\d+)/im.exec(raw)?.[1]) });
    });
  });
}

export interface LoadTally {
  sent: number;
  lost: number;
  /** How each lost request ended, in order. */
  errors: string[];
  /** Requests answered per serving pid. */
  servedBy: Map<number, number>;
}

export interface SequentialLoad {
  tally: LoadTally;
  /** Finishes the request in flight, then resolves with the tally. */
  stop(): Promise<LoadTally>;
}

/** Starts the load at once; it runs until stop() (or `maxRequests`, a safety bound). */
export function sequentialLoad(
  port: number,
  { answerWithinMs = 5000, maxRequests = 100_000 } = {},
): SequentialLoad {
  const tally: LoadTally = { sent: 0, lost: 0, errors: [], servedBy: new Map() };
  let stopping = false;
  const done = (async () => {
    while (!stopping && tally.sent < maxRequests) {
      tally.sent++;
      const answer = await requestOnce(port, answerWithinMs);
      if (answer.ok && answer.servedBy !== undefined) {
        tally.servedBy.set(answer.servedBy, (tally.servedBy.get(answer.servedBy) ?? 0) + 1);
      } else {
        tally.lost++;
        tally.errors.push(answer.error ?? 'no x-served-by header');
      }
    }
    return tally;
  })();
  return {
    tally,
    stop() {
      stopping = true;
      return done;
    },
  };
}

/** 'ECONNREFUSED ×3, no answer within 5000 ms': each way a request was lost, with its count. */
export function describeErrors(errors: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const error of errors) counts.set(error, (counts.get(error) ?? 0) + 1);
  return [...counts].map(([error, n]) => (n === 1 ? error : `${error} ×${n}`)).join(', ');
}

/**
 * Sends fresh connections until every pid in `pids` has answered one. A manager such as PM2
 * says a new worker is up at cluster's 'online', which comes before the worker listens (on the
 * clone later still: the worker loads the clone's TypeScript first), so a first request may not
 * reach it yet. A lost request, or an answer from a pid outside `pids`, throws.
 */
export async function untilEachServes(port: number, pids: readonly number[]): Promise<void> {
  const seen = new Set<number>();
  await pollUntil(
    async () => {
      const answer = await requestOnce(port, 10_000);
      if (!answer.ok) throw new Error(`a request on port ${port} was lost: ${answer.error}`);
      if (!pids.includes(answer.servedBy as number)) {
        throw new Error(`pid ${answer.servedBy} answered; expected one of ${pids.join(', ')}`);
      }
      seen.add(answer.servedBy as number);
      return seen.size === pids.length;
    },
    { what: `workers ${pids.join(', ')} each to answer a request`, timeout: 30_000, intervalMs: 0 },
  );
}
