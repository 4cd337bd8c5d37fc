/**
 * Waiting that fails loudly.
 *
 * Every wait in this project names what it waits for, so that a test that times out says
 * "timed out after 5000 ms waiting for worker 2 to say 'listening'" instead of hanging or
 * failing with a bare "Timeout". We never sleep to synchronise: we wait for an event, and
 * the timeout is only the point at which we give up and say why.
 */
import type { EventEmitter } from 'node:events';

/**
 * Long enough that a process starting under tsx on a busy 2-core machine (a CPU hog beside the
 * suite, two packages' tests at once) is not mistaken for one that never will; a wait that
 * should fail still fails, with its reason. CFS_WAIT_TIMEOUT_MS overrides it.
 */
export const DEFAULT_TIMEOUT_MS = Number(process.env.CFS_WAIT_TIMEOUT_MS ?? 30_000);

export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
  constructor(
    readonly what: string,
    readonly ms: number,
    detail?: string,
  ) {
    super(`timed out after ${ms} ms waiting for ${what}${detail ? `\n${detail}` : ''}`);
  }
}

export interface WaitOptions {
  /** Give up after this many milliseconds. */
  timeout?: number;
  /** What we are waiting for, in words: it becomes the error message. */
  what?: string;
}

/** Races `promise` against a timer; the timer never keeps the process alive. */
export function withTimeout<T>(
  promise: Promise<T>,
  what: string,
  ms = DEFAULT_TIMEOUT_MS,
  detail?: () => string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new WaitTimeoutError(what, ms, detail?.())), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * Resolves with the arguments of the first `event` on `emitter` that passes `filter`.
 * Unlike `events.once`, it can skip events that do not match and it always has a timeout.
 */
export function waitForEvent<Args extends unknown[] = unknown[]>(
  emitter: EventEmitter,
  event: string,
  options: WaitOptions & { filter?: (...args: Args) => boolean } = {},
): Promise<Args> {
  const what = options.what ?? `event '${event}'`;
  let listener: ((...args: unknown[]) => void) | undefined;
  const promise = new Promise<Args>((resolve) => {
    listener = (...args: unknown[]) => {
      if (options.filter && !options.filter(...(args as Args))) return;
      emitter.off(event, listener!);
      resolve(args as Args);
    };
    emitter.on(event, listener);
  });
  return withTimeout(promise, what, options.timeout).finally(() => {
    if (listener) emitter.off(event, listener);
  });
}

/**
 * Polls `check` until it returns a value other than undefined/false.
 * Only for state the kernel keeps and announces to no one (is a pid gone, how many fds does a
 * process hold): there is no event to wait for, so we look again until it is true or we give up.
 */
export async function pollUntil<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  options: WaitOptions & { intervalMs?: number } = {},
): Promise<T> {
  const ms = options.timeout ?? DEFAULT_TIMEOUT_MS;
  const what = options.what ?? 'a condition to become true';
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new WaitTimeoutError(what, ms);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 20));
  }
}
