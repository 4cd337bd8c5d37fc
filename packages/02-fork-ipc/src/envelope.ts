/**
 * The envelope: what the RPC layer writes on the channel, and how it knows its own.
 *
 *   request   { cmd: 'NODE_CFS_RPC', kind: 'request',  seq: 7, method: 'add', params: { a: 1, b: 2 } }
 *   response  { cmd: 'NODE_CFS_RPC', kind: 'response', ack: 7, ok: true,  result: 3 }
 *             { cmd: 'NODE_CFS_RPC', kind: 'response', ack: 7, ok: false, error: { name, message, code } }
 *   notify    { cmd: 'NODE_CFS_RPC', kind: 'notify',   method: 'reload', params: … }   no reply
 *   flush     { cmd: 'NODE_CFS_RPC', kind: 'flush' }                                 a marker
 *
 * `seq` and `ack` are the names node:cluster uses: a reply acknowledges the request's sequence
 * number, so replies may come back in any order.
 *
 * Why `cmd` starts with NODE_: Node sorts every message it reads off the channel before any
 * listener sees it. An object whose `cmd` is a string starting with 'NODE_' (and longer than
 * that) is emitted as 'internalMessage'; everything else as 'message'. node:cluster rides on
 * this with cmd 'NODE_CLUSTER'. We ride on it too, so our envelopes never reach the user's
 * 'message' listeners, whatever they do, and the user's messages never reach our parser —
 * even one that happens to have `seq`, `ack` or `kind` fields. The price: 'internalMessage'
 * is undocumented, and unlike 'message' it is not held back until a listener exists, so a
 * peer must attach its endpoint before it says "ready" (see the README).
 */
import type { WireError } from './errors.ts';

export const RPC_CMD = 'NODE_CFS_RPC';

export type RequestEnvelope = {
  cmd: typeof RPC_CMD;
  kind: 'request';
  seq: number;
  method: string;
  params?: unknown;
};
export type ResponseEnvelope =
  | { cmd: typeof RPC_CMD; kind: 'response'; ack: number; ok: true; result?: unknown }
  | { cmd: typeof RPC_CMD; kind: 'response'; ack: number; ok: false; error: WireError };
export type NotifyEnvelope = {
  cmd: typeof RPC_CMD;
  kind: 'notify';
  method: string;
  params?: unknown;
};
export type FlushEnvelope = { cmd: typeof RPC_CMD; kind: 'flush' };
export type Envelope = RequestEnvelope | ResponseEnvelope | NotifyEnvelope | FlushEnvelope;

export const makeRequest = (seq: number, method: string, params: unknown): RequestEnvelope => ({
  cmd: RPC_CMD,
  kind: 'request',
  seq,
  method,
  params,
});

export const makeResult = (ack: number, result: unknown): ResponseEnvelope => ({
  cmd: RPC_CMD,
  kind: 'response',
  ack,
  ok: true,
  result,
});

export const makeFailure = (ack: number, error: WireError): ResponseEnvelope => ({
  cmd: RPC_CMD,
  kind: 'response',
  ack,
  ok: false,
  error,
});

export const makeNotify = (method: string, params: unknown): NotifyEnvelope => ({
  cmd: RPC_CMD,
  kind: 'notify',
  method,
  params,
});

export const FLUSH: FlushEnvelope = { cmd: RPC_CMD, kind: 'flush' };

/** Is this one of ours? (Other internal messages — NODE_HANDLE, NODE_CLUSTER — are not.) */
export function isOurs(message: unknown): boolean {
  return isRecord(message) && message.cmd === RPC_CMD;
}

export type Parsed = { ok: true; envelope: Envelope } | { ok: false; reason: string };

/**
 * Checks an envelope's shape. The other side may be a different version, a program written
 * by hand, or simply buggy: a bad envelope must be reported and dropped, never crash us.
 */
export function parseEnvelope(message: unknown): Parsed {
  if (!isRecord(message) || message.cmd !== RPC_CMD) return bad('not an RPC envelope');
  switch (message.kind) {
    case 'request':
      if (!isSeq(message.seq)) return bad('request without a positive integer seq');
      if (!isMethod(message.method)) return bad('request without a method name');
      return good(message as RequestEnvelope);
    case 'notify':
      if (!isMethod(message.method)) return bad('notification without a method name');
      return good(message as NotifyEnvelope);
    case 'response':
      if (!isSeq(message.ack)) return bad('response without a positive integer ack');
      if (message.ok === true) return good(message as ResponseEnvelope);
      if (message.ok !== false) return bad('response whose ok is neither true nor false');
      if (!isRecord(message.error) || typeof message.error.message !== 'string') {
        return bad('failed response without an error message');
      }
      return good({
        ...(message as ResponseEnvelope & { ok: false }),
        error: {
          name: typeof message.error.name === 'string' ? message.error.name : 'Error',
          message: message.error.message,
          code: typeof message.error.code === 'string' ? message.error.code : undefined,
          stack: typeof message.error.stack === 'string' ? message.error.stack : undefined,
        },
      });
    case 'flush':
      return good(FLUSH);
    default:
      return bad(`unknown kind ${JSON.stringify(message.kind) ?? 'undefined'}`);
  }
}

const good = (envelope: Envelope): Parsed => ({ ok: true, envelope });
const bad = (reason: string): Parsed => ({ ok: false, reason });
const isSeq = (value: unknown): value is number => Number.isSafeInteger(value) && Number(value) > 0;
const isMethod = (value: unknown): value is string => typeof value === 'string' && value !== '';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
