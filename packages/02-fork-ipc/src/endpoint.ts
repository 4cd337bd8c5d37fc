/**
 * Request/response over an IPC channel: one RpcEndpoint per end of a channel.
 *
 *   parent                                                   child
 *   request(child, 'add', {a:2,b:3}) ─ open seq 1 ─┐
 *                                                   │  { cmd:'NODE_CFS_RPC', kind:'request', seq:1, … }
 *                                                   └──────────────────────────────▶ handler('add')
 *                                                   ┌──────────────────────────────── returns 5
 *                       settle(ack 1) ◀─────────────┘  { …, kind:'response', ack:1, ok:true, result:5 }
 *   promise resolves 5
 *
 * What goes in: a target (a ChildProcess in the parent, `process` in the child), method names,
 * params. What comes out: promises that settle exactly once — with the result, with the
 * handler's error (message and code), with ERR_RPC_TIMEOUT naming the method, or with
 * ERR_RPC_DISCONNECTED the moment the other side goes away. Nothing is left hanging.
 *
 * The layer listens only to 'internalMessage' (see envelope.ts for why our cmd starts with
 * NODE_), so user messages and ours never meet. Bad envelopes and stray replies are dropped
 * with a trace: NODE_DEBUG=cfs-02 shows them.
 *
 * Both ends may serve and request at the same time: each end has its own seq counter, and a
 * reply goes back on the channel the request came from.
 */
import { debuglog, inspect } from 'node:util';
import {
  isOurs,
  makeFailure,
  makeNotify,
  makeRequest,
  makeResult,
  type NotifyEnvelope,
  parseEnvelope,
  type RequestEnvelope,
  type ResponseEnvelope,
} from './envelope.ts';
import { fromWireError, RpcCodes, RpcError, toWireError } from './errors.ts';
import { type PeerGone, watchPeer } from './peer.ts';
import { PendingTable } from './pending.ts';
import { hasChannel, type IpcTarget, peerName, selfName, sendOn } from './target.ts';

const debug = debuglog('cfs-02');

export interface RequestOptions {
  /** Milliseconds to wait for the reply; 0 waits until the reply or the peer is gone. */
  timeout?: number;
}

export interface HandlerContext {
  method: string;
  /** The request's seq, or undefined for a notification. */
  seq: number | undefined;
  /** "child 4250" or "parent 4242". */
  peer: string;
}

/** A handler may return a value or a promise, and may throw: the caller gets the error. */
export type Handler = (params: unknown, context: HandlerContext) => unknown;

export interface EndpointOptions {
  /** Timeout for requests that do not pass one. Default 30 000 ms; 0 means none. */
  defaultTimeout?: number;
}

export class RpcEndpoint {
  readonly peer: string;
  defaultTimeout: number;
  readonly #target: IpcTarget;
  readonly #handlers = new Map<string, Handler>();
  readonly #pending: PendingTable;
  #gone: PeerGone | undefined;
  #closed = false;
  readonly #unwatch: () => void;
  readonly #onInternal = (message: unknown) => this.#receive(message);

  constructor(target: IpcTarget, options: EndpointOptions = {}) {
    if (!hasChannel(target)) {
      throw new RpcError(
        `${selfName()} has no IPC channel: it was not started by fork() or with an 'ipc' stdio slot`,
        RpcCodes.NO_CHANNEL,
      );
    }
    this.#target = target;
    this.peer = peerName(target);
    this.defaultTimeout = options.defaultTimeout ?? 30_000;
    this.#pending = new PendingTable(this.peer);
    target.on('internalMessage', this.#onInternal);
    this.#unwatch = watchPeer(target, (gone) => this.#peerGone(gone));
  }

  /** Requests sent and not yet answered. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Registers the handler for `method` (one per method; a later one replaces it). */
  handle(method: string, handler: Handler): this {
    if (!isMethodName(method))
      throw new TypeError(`method must be a non-empty string, got ${inspect(method)}`);
    if (typeof handler !== 'function')
      throw new TypeError(`the handler for '${method}' must be a function`);
    this.#handlers.set(method, handler);
    return this;
  }

  unhandle(method: string): this {
    this.#handlers.delete(method);
    return this;
  }

  /** Calls `method` on the other side; resolves with its result or rejects with an RpcError. */
  request<T = unknown>(method: string, params?: unknown, options: RequestOptions = {}): Promise<T> {
    // The other side would drop a nameless request as malformed: say so here instead.
    if (!isMethodName(method)) return Promise.reject(badMethod(method));
    const refused = this.#refusal(`cannot request '${method}'`);
    if (refused) return Promise.reject(refused);
    const timeout = options.timeout ?? this.defaultTimeout;
    const { seq, promise } = this.#pending.open<T>(method, timeout);
    const fail = (error: Error, code: string, what: string) =>
      this.#pending.settle(seq, {
        ok: false,
        error: new RpcError(`request '${method}' (seq ${seq}) ${what}: ${error.message}`, code, {
          method,
          cause: error,
        }),
      });
    try {
      sendOn(this.#target, makeRequest(seq, method, params), (error) => {
        // The write itself failed (e.g. EPIPE): no reply will ever come.
        if (error) fail(error, RpcCodes.CHANNEL_CLOSED, `could not be written to ${this.peer}`);
      });
    } catch (error) {
      // Thrown before anything was written: the params cannot be serialized on this channel.
      fail(error as Error, RpcCodes.UNSERIALIZABLE, 'cannot be sent');
    }
    return promise;
  }

  /**
   * Sends a notification: the handler runs on the other side, nobody replies. Resolves when the
   * message is written to the kernel — which says nothing about whether it was handled.
   */
  notify(method: string, params?: unknown): Promise<void> {
    if (!isMethodName(method)) return Promise.reject(badMethod(method));
    const refused = this.#refusal(`cannot notify '${method}'`);
    if (refused) return Promise.reject(refused);
    return new Promise((resolve, reject) => {
      try {
        sendOn(this.#target, makeNotify(method, params), (error) =>
          error ? reject(error) : resolve(),
        );
      } catch (error) {
        reject(
          new RpcError(
            `notification '${method}' cannot be sent: ${(error as Error).message}`,
            RpcCodes.UNSERIALIZABLE,
            { method, cause: error },
          ),
        );
      }
    });
  }

  /**
   * Stops listening, and rejects whatever is still pending with ERR_RPC_CLOSED. In a child this
   * also lets go of the channel, so the process may exit when it has nothing else to do.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#detach();
    this.#pending.rejectAll(
      ({ seq, method }) =>
        new RpcError(
          `request '${method}' (seq ${seq}) to ${this.peer} abandoned: the endpoint was closed`,
          RpcCodes.CLOSED,
          { method },
        ),
    );
    if (endpoints.get(this.#target) === this) endpoints.delete(this.#target);
  }

  /** Why a new request or notification cannot go out now, if it cannot. */
  #refusal(what: string): RpcError | undefined {
    if (this.#closed) return new RpcError(`${what}: the endpoint was closed`, RpcCodes.CLOSED);
    if (this.#gone || !this.#target.connected) {
      const why = this.#gone ? ` (${this.#gone.description})` : '';
      return new RpcError(
        `${what}: the IPC channel to ${this.peer} is closed${why}`,
        RpcCodes.CHANNEL_CLOSED,
      );
    }
    return undefined;
  }

  #receive(message: unknown): void {
    // Other internal messages (NODE_HANDLE, NODE_CLUSTER…) belong to Node or to cluster.
    if (!isOurs(message)) return;
    const parsed = parseEnvelope(message);
    if (!parsed.ok) {
      debug(
        '%s: ignored a malformed envelope from %s (%s): %o',
        selfName(),
        this.peer,
        parsed.reason,
        message,
      );
      return;
    }
    const envelope = parsed.envelope;
    switch (envelope.kind) {
      case 'response':
        this.#settle(envelope);
        return;
      case 'request':
        void this.#answer(envelope);
        return;
      case 'notify':
        void this.#run(envelope);
        return;
      case 'flush':
        debug('%s: flush marker from %s', selfName(), this.peer);
        return;
    }
  }

  #settle(response: ResponseEnvelope): void {
    const method = this.#pending.methodOf(response.ack) ?? '?';
    const matched = this.#pending.settle(
      response.ack,
      response.ok
        ? { ok: true, value: response.result }
        : { ok: false, error: fromWireError(response.error, method) },
    );
    if (!matched) {
      debug(
        '%s: ignored a reply from %s for seq %d: no request with that seq is waiting (it timed out, or was never sent)',
        selfName(),
        this.peer,
        response.ack,
      );
    }
  }

  async #answer(request: RequestEnvelope): Promise<void> {
    const { seq, method } = request;
    const handler = this.#handlers.get(method);
    let reply: ResponseEnvelope;
    if (!handler) {
      reply = makeFailure(seq, {
        name: 'RpcError',
        message: `no handler for '${method}' in ${selfName()}`,
        code: RpcCodes.NO_HANDLER,
      });
    } else {
      try {
        // `await` inside try: a handler that throws synchronously lands in catch as well.
        reply = makeResult(seq, await handler(request.params, { method, seq, peer: this.peer }));
      } catch (error) {
        reply = makeFailure(seq, toWireError(error));
      }
    }
    this.#reply(request, reply);
  }

  #reply(request: RequestEnvelope, reply: ResponseEnvelope): void {
    const { seq, method } = request;
    if (!this.#target.connected) {
      // The requester has already rejected this request when its channel closed.
      debug(
        '%s: reply to %s seq %d dropped: the channel to %s is closed',
        selfName(),
        method,
        seq,
        this.peer,
      );
      return;
    }
    const onWritten = (error: Error | null) => {
      if (error)
        debug('%s: reply to %s seq %d not written: %s', selfName(), method, seq, error.message);
    };
    try {
      sendOn(this.#target, reply, onWritten);
    } catch (error) {
      // The handler's result cannot be serialized here (a BigInt under JSON, a function under
      // 'advanced'). Tell the caller instead of leaving it to time out.
      sendOn(
        this.#target,
        makeFailure(seq, {
          name: 'RpcError',
          message: `the result of '${method}' cannot be sent: ${(error as Error).message}`,
          code: RpcCodes.UNSERIALIZABLE,
        }),
        onWritten,
      );
    }
  }

  async #run(notification: NotifyEnvelope): Promise<void> {
    const { method } = notification;
    const handler = this.#handlers.get(method);
    if (!handler) {
      debug('%s: notification %s from %s has no handler', selfName(), method, this.peer);
      return;
    }
    try {
      await handler(notification.params, { method, seq: undefined, peer: this.peer });
    } catch (error) {
      // Nobody waits for a notification, so there is no one to reply to. A warning is loud
      // (it goes to stderr) without killing the process.
      process.emitWarning(
        `handler for notification '${method}' from ${this.peer} threw: ${(error as Error)?.message ?? String(error)}`,
        { type: 'RpcWarning', code: 'CFS_RPC_NOTIFICATION_FAILED' },
      );
    }
  }

  #peerGone(gone: PeerGone): void {
    this.#gone = gone;
    this.#detach();
    const count = this.#pending.rejectAll(
      ({ seq, method }) =>
        new RpcError(
          `request '${method}' (seq ${seq}) got no reply: ${gone.description} before answering`,
          RpcCodes.DISCONNECTED,
          { method },
        ),
    );
    if (count > 0)
      debug('%s: rejected %d pending request(s): %s', selfName(), count, gone.description);
  }

  #detach(): void {
    this.#target.off('internalMessage', this.#onInternal);
    this.#unwatch();
  }
}

const isMethodName = (method: unknown): method is string =>
  typeof method === 'string' && method !== '';
const badMethod = (method: unknown) =>
  Object.assign(new TypeError(`method must be a non-empty string, got ${inspect(method)}`), {
    code: 'ERR_INVALID_ARG_VALUE',
  });

// One endpoint per target, so the functions below can be called from anywhere.
const endpoints = new WeakMap<IpcTarget, RpcEndpoint>();

/** The endpoint for `target`, created on first use. */
export function rpc(target: IpcTarget, options?: EndpointOptions): RpcEndpoint {
  let endpoint = endpoints.get(target);
  if (!endpoint) {
    endpoint = new RpcEndpoint(target, options);
    endpoints.set(target, endpoint);
  }
  return endpoint;
}

export function request<T = unknown>(
  target: IpcTarget,
  method: string,
  params?: unknown,
  options?: RequestOptions,
): Promise<T> {
  try {
    return rpc(target).request<T>(method, params, options);
  } catch (error) {
    return Promise.reject(error);
  }
}

export function notify(target: IpcTarget, method: string, params?: unknown): Promise<void> {
  try {
    return rpc(target).notify(method, params);
  } catch (error) {
    return Promise.reject(error);
  }
}

export function handle(target: IpcTarget, method: string, handler: Handler): RpcEndpoint {
  return rpc(target).handle(method, handler);
}

export interface BroadcastResult {
  target: IpcTarget;
  peer: string;
  ok: boolean;
  error?: Error;
}

/**
 * Sends the same notification to every target. One closed channel does not stop the others:
 * the result says, per target, whether the message was written.
 */
export async function broadcast(
  targets: Iterable<IpcTarget>,
  method: string,
  params?: unknown,
): Promise<BroadcastResult[]> {
  const list = [...targets];
  const settled = await Promise.allSettled(list.map((t) => notify(t, method, params)));
  return settled.map((outcome, i) => {
    const target = list[i] as IpcTarget;
    const peer = peerName(target);
    return outcome.status === 'fulfilled'
      ? { target, peer, ok: true }
      : { target, peer, ok: false, error: outcome.reason as Error };
  });
}
