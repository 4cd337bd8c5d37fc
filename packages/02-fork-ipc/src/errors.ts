/**
 * Errors that cross the channel, and the errors the RPC layer raises itself.
 *
 *   child: handler throws RangeError('too big') with code 'E_RANGE'
 *            │  toWireError()      an Error object is not JSON: Map → {}, Error → {}
 *            ▼
 *   wire:  { name: 'RangeError', message: 'too big', code: 'E_RANGE', stack: '…' }
 *            │  fromWireError()
 *            ▼
 *   parent: RpcError('too big') { code: 'E_RANGE', method: 'resize', remote: { name, stack } }
 *
 * Why flatten: with the default JSON serialization an Error arrives as `{}` (its message and
 * stack are not enumerable), and even `serialization: 'advanced'` drops a custom `code`
 * (see the table in the README). So the layer sends the parts a caller needs as plain strings
 * and rebuilds one Error class on the other side, whatever the serialization.
 *
 * Every error the layer makes has a `code`, so callers can branch on it without parsing text.
 */
import { inspect } from 'node:util';

/** The codes this layer uses. A remote error keeps its own code when it had one. */
export const RpcCodes = {
  /** No reply within `timeout` ms. */
  TIMEOUT: 'ERR_RPC_TIMEOUT',
  /** The other side closed the channel (exited, crashed, or called disconnect()) first. */
  DISCONNECTED: 'ERR_RPC_DISCONNECTED',
  /** The request named a method the other side has no handler for. */
  NO_HANDLER: 'ERR_RPC_NO_HANDLER',
  /** The params (or the result) cannot be serialized by this channel (e.g. a BigInt in JSON). */
  UNSERIALIZABLE: 'ERR_RPC_UNSERIALIZABLE',
  /** The remote handler threw something without a code of its own. */
  REMOTE: 'ERR_RPC_REMOTE',
  /** This process has no IPC channel (it was not started with an 'ipc' stdio slot). */
  NO_CHANNEL: 'ERR_RPC_NO_CHANNEL',
  /** close() was called on this endpoint while requests were pending. */
  CLOSED: 'ERR_RPC_CLOSED',
  /** Node's own code for "you sent on a closed channel"; we reuse it rather than invent one. */
  CHANNEL_CLOSED: 'ERR_IPC_CHANNEL_CLOSED',
} as const;

/** An error as it travels in a response envelope: plain strings only. */
export interface WireError {
  name: string;
  message: string;
  code?: string;
  stack?: string;
}

export interface RpcErrorDetails {
  method?: string;
  /** Set when the error was thrown on the other side of the channel. */
  remote?: { name: string; stack?: string };
  cause?: unknown;
}

export class RpcError extends Error {
  override name = 'RpcError';
  readonly code: string;
  readonly method: string | undefined;
  readonly remote: { name: string; stack?: string } | undefined;

  constructor(message: string, code: string, details: RpcErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.method = details.method;
    this.remote = details.remote;
  }
}

/** What a handler threw, flattened for the wire. A thrown non-Error is described, not lost. */
export function toWireError(thrown: unknown): WireError {
  const code = codeOf(thrown);
  if (thrown instanceof Error) {
    return { name: thrown.name, message: thrown.message, code, stack: thrown.stack };
  }
  return { name: 'Error', message: `a non-Error was thrown: ${inspect(thrown)}`, code };
}

/** Rebuilds a wire error as an RpcError that names the method it answered. */
export function fromWireError(wire: WireError, method: string): RpcError {
  return new RpcError(wire.message, wire.code ?? RpcCodes.REMOTE, {
    method,
    remote: { name: wire.name, stack: wire.stack },
  });
}

function codeOf(thrown: unknown): string | undefined {
  if (typeof thrown !== 'object' || thrown === null || !('code' in thrown)) return undefined;
  const { code } = thrown as { code: unknown };
  return typeof code === 'string' ? code : undefined;
}
