/**
 * Exercise 03.3 — Retry a failed upstream connect on the next worker.
 * This file is yours: write connectUpstream() where it says TODO(exercise 03.3); the rest is done.
 * Check it with `npm run verify -- 03.3`; stuck? `npm run hint -- 03.3`.
 * (Made from the solution, src/connect-upstream.ts, by `npm run exercises:generate`.)
 *
 * Opening the primary's half of a proxied connection: a TCP connection to a worker's port.
 *
 *   candidates: [ w2 (port 40311), w3 (port 40327), w1 (port 40299) ]   ← turn order
 *        connect w2 ── ECONNREFUSED ──▶ nobody listens there any more: try w3
 *        connect w3 ── connected    ──▶ { upstream: w3, socket, refused: [w2] }
 *
 * In: the upstreams to try, in order (the caller starts the list at the round-robin pick).
 * Out: the first one that accepted, with the connected socket, or a NoUpstreamError.
 *
 * Why a retry is safe: the client's socket stays paused until an upstream is connected, so
 * a connect that fails never carried a byte of the client's request, and trying another
 * worker cannot run the request twice. That holds whatever the error: ECONNREFUSED (nobody
 * listens on the port: the worker is dead or has closed its listener) or ECONNRESET (the
 * listener was being torn down while we knocked). Once connected, the request is the
 * worker's; a failure after that reaches the client (see splice.ts).
 *
 * The naive proxy passes `retry: false`: it tries the one upstream round robin chose, and a
 * dead worker's port turns straight into a client error.
 */
import { connect, type Socket } from 'node:net';

export interface Upstream {
  /** Worker id (1, 2, … in fork order). */
  id: number;
  pid: number;
  host: string;
  port: number;
}

export interface ConnectResult<U extends Upstream> {
  upstream: U;
  socket: Socket;
  /** The upstreams whose connect failed before this one accepted. */
  refused: U[];
}

export interface ConnectUpstreamOptions<U extends Upstream> {
  /** Try the next candidate when a connect fails (the fix); false: the first failure is final. */
  retry: boolean;
  /** Told about every failed connect that is retried. */
  onRefused?: (upstream: U, error: NodeJS.ErrnoException) => void;
  /** How to open one connection; defaults to connectTo (tests of the retry logic may wrap it). */
  connect?: (upstream: U) => Promise<Socket>;
}

export class NoUpstreamError extends Error {
  override name = 'NoUpstreamError';
  readonly code = 'ERR_NO_UPSTREAM';
  constructor(readonly refused: readonly Upstream[]) {
    super(
      refused.length === 0
        ? 'no upstream to send the connection to (no worker is in the rotation)'
        : `no upstream accepted the connection: ${refused.map((u) => `worker ${u.id} (pid ${u.pid}, port ${u.port})`).join(', ')}`,
    );
  }
}

/**
 * One TCP connection to `upstream`, resolved once connected. allowHalfOpen: the proxy
 * passes each side's end-of-stream on to the other instead of closing on the first FIN.
 */
export function connectTo(upstream: Upstream): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: upstream.host, port: upstream.port, allowHalfOpen: true });
    // Stays attached after connecting: an error before the caller adds its own handler must
    // not become an uncaught 'error' event that brings the whole primary down.
    socket.on('error', (error) => {
      socket.destroy();
      reject(error);
    });
    socket.once('connect', () => resolve(socket));
  });
}

/** `first` followed by the others in turn order: [w2, w3, w1] for items [w1, w2, w3]. */
export function inTurnFrom<U>(items: readonly U[], first: U | undefined): U[] {
  if (first === undefined) return [];
  const index = items.indexOf(first);
  if (index === -1) return [first];
  return [...items.slice(index), ...items.slice(0, index)];
}

export async function connectUpstream<U extends Upstream>(
  candidates: readonly U[],
  options: ConnectUpstreamOptions<U>,
): Promise<ConnectResult<U>> {
  const open = options.connect ?? connectTo;
  // TODO(exercise 03.3): try the candidates in order with open(upstream).
  // - the first that connects wins: return { upstream, socket, refused }
  // - a failed connect with options.retry: remember the upstream in `refused`, tell
  //   options.onRefused(upstream, error), and try the next candidate
  // - a failed connect without options.retry: throw the error as it is
  // - nobody left to try: throw new NoUpstreamError(refused)
  void open;
  throw new Error('TODO(exercise 03.3): connectUpstream()');
}
