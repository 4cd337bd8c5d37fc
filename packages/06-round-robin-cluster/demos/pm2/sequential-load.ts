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
import { freshConnectionRequest } from '@cluster-from-scratch/kit/http-load';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';

export interface Answer {
  ok: boolean;
  servedBy?: number;
  /** Why it was lost: an errno code, 'closed without a response', 'no answer within …'. */
  error?: string;
}

/** One GET on a brand-new connection, read until the server closes it, or given up. */
export async function requestOnce(port: number, answerWithinMs: number): Promise<Answer> {
  const result = await freshConnectionRequest(port, '127.0.0.1', '/', 0, answerWithinMs);
  if (result.ok && result.servedBy === undefined) return { ok: false, error: 'no x-served-by' };
  return { ok: result.ok, servedBy: result.servedBy, error: result.error };
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
      if (answer.ok) {
        const pid = answer.servedBy as number;
        tally.servedBy.set(pid, (tally.servedBy.get(pid) ?? 0) + 1);
      } else {
        tally.lost++;
        tally.errors.push(answer.error ?? 'failed');
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
