/**
 * Exercise 02.1 — Match replies to requests by seq.
 * This file is yours: write settle() where it says TODO(exercise 02.1); the rest is done. Check it
 * with `npm run verify -- 02.1`; stuck? `npm run hint -- 02.1`.
 * (Made from the solution, src/pending.ts, by `npm run exercises:generate`.)
 *
 * The pending table: requests that went out and are waiting for their reply.
 *
 *   open('add')  → seq 1 ─┐                       ┌─ settle(ack 2) → resolves 'mul'
 *   open('mul')  → seq 2 ─┼─▶ Map<seq, waiting> ──┼─ settle(ack 1) → resolves 'add'
 *   open('slow') → seq 3 ─┘                       └─ timer fires    → rejects 'slow' (timeout)
 *
 * A reply names the request it answers by its `ack` (= the request's `seq`), so replies can
 * come back in any order: a slow handler does not hold up a fast one. node:cluster does the
 * same with a `callbacks` map keyed by seq in lib/internal/cluster/utils.js.
 *
 * Every entry leaves the table exactly once: by its reply (settle), by its timer (timeout), or
 * by rejectAll when the other side is gone. A reply that finds no entry (it came after the
 * timeout, or names a seq never sent) is not an error here: settle returns false and the
 * caller traces it.
 */
import { RpcCodes, RpcError } from '../src/errors.ts';

export type Outcome = { ok: true; value: unknown } | { ok: false; error: Error };

export interface PendingEntry {
  readonly seq: number;
  readonly method: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout | undefined;
}

export class PendingTable {
  #nextSeq = 1;
  readonly #entries = new Map<number, PendingEntry>();

  /** `peer` names the other side in timeout messages, e.g. "child 4250". */
  constructor(readonly peer = 'the other side') {}

  get size(): number {
    return this.#entries.size;
  }

  /** The methods still waiting, in the order they were sent (for narration and errors). */
  waiting(): { seq: number; method: string }[] {
    return [...this.#entries.values()].map(({ seq, method }) => ({ seq, method }));
  }

  /** The method of the request waiting under `seq`, if one is. */
  methodOf(seq: number): string | undefined {
    return this.#entries.get(seq)?.method;
  }

  /**
   * Takes the next sequence number and a promise for the reply. With `timeoutMs` > 0 the
   * promise rejects with ERR_RPC_TIMEOUT, naming the method, if no reply came in time.
   */
  open<T = unknown>(method: string, timeoutMs = 0): { seq: number; promise: Promise<T> } {
    const seq = this.#nextSeq++;
    const promise = new Promise<T>((resolve, reject) => {
      const entry: PendingEntry = {
        seq,
        method,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer: undefined,
      };
      if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
        entry.timer = setTimeout(() => this.#expire(seq, timeoutMs), timeoutMs);
      }
      this.#entries.set(seq, entry);
    });
    return { seq, promise };
  }

  /**
   * Delivers the outcome for the request whose seq equals `ack`. Returns false, and changes
   * nothing, when no request with that seq is waiting.
   */
  settle(ack: number, outcome: Outcome): boolean {
    // TODO(exercise 02.1): find the request waiting under `ack`. If there is none, change
    // nothing and return false. Otherwise take it out of the table (a second reply for the
    // same seq must find nothing), stop its timer, resolve or reject its promise with the
    // outcome, and return true.
    void ack;
    void outcome;
    throw new Error('TODO(exercise 02.1): match the reply to its request by seq');
  }

  /** Rejects every waiting request at once, each with its own error. Returns how many. */
  rejectAll(makeError: (entry: { seq: number; method: string }) => Error): number {
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    for (const entry of entries) {
      clearTimeout(entry.timer);
      entry.reject(makeError(entry));
    }
    return entries.length;
  }

  #expire(seq: number, timeoutMs: number): void {
    const entry = this.#entries.get(seq);
    if (!entry) return;
    this.#entries.delete(seq);
    entry.reject(
      new RpcError(
        `request '${entry.method}' (seq ${seq}) to ${this.peer} got no reply within ${timeoutMs} ms`,
        RpcCodes.TIMEOUT,
        { method: entry.method },
      ),
    );
  }
}
