/**
 * The messages the primary and its workers exchange in this stage.
 *
 *   primary                                   worker
 *      │ ◀──────────── { cfs: 'ready' } ─────────── │  message listener installed
 *      │ ── { cfs: 'server' } + net.Server ───────▶ │  shared-socket mode
 *      │ ◀──────── { cfs: 'attached', … } ───────── │  now accepting on that socket
 *      │ ── { cfs: 'conn', seq } + net.Socket ────▶ │  per-connection mode
 *      │ ◀──────── { cfs: 'conn-ack', seq } ─────── │  the primary may close its copy
 *      │ ◀──────── { cfs: 'ignored', … } ────────── │  a handle it did not expect
 *
 * The articles send the bare string 'server' beside the handle. We tag every message with a
 * `cfs` field instead, so a worker can tell our messages from anybody else's and can say
 * precisely what it did not expect. Node's cluster does the same with its `act` field.
 */

/** The primary offers its listening socket. The handle travels beside the message. */
export interface ServerMessage {
  cfs: 'server';
}

/** The primary hands over one accepted connection. `seq` names it in the worker's ack. */
export interface ConnectionMessage {
  cfs: 'conn';
  seq: number;
}

export type PrimaryMessage = ServerMessage | ConnectionMessage;

export interface ReadyMessage {
  cfs: 'ready';
  pid: number;
  id: string;
}

/** What the worker found in its hands: the a1 claim is "a server that is already listening". */
export interface AttachedMessage {
  cfs: 'attached';
  pid: number;
  listening: boolean;
  port: number | undefined;
}

export interface ConnectionAckMessage {
  cfs: 'conn-ack';
  seq: number;
}

export interface IgnoredMessage {
  cfs: 'ignored';
  pid: number;
  /** What the handle was (constructor name), or 'none' when a handle was expected but missing. */
  handleType: string;
  reason: string;
}

export type WorkerMessage = ReadyMessage | AttachedMessage | ConnectionAckMessage | IgnoredMessage;

function tagged(message: unknown): message is { cfs: unknown } {
  return typeof message === 'object' && message !== null && 'cfs' in message;
}

export function isServerMessage(message: unknown): message is ServerMessage {
  return tagged(message) && message.cfs === 'server';
}

export function isConnectionMessage(message: unknown): message is ConnectionMessage {
  return (
    tagged(message) &&
    message.cfs === 'conn' &&
    typeof (message as { seq?: unknown }).seq === 'number'
  );
}

export function isWorkerMessage<K extends WorkerMessage['cfs']>(
  message: unknown,
  kind: K,
): message is Extract<WorkerMessage, { cfs: K }> {
  return tagged(message) && message.cfs === kind;
}

/** The environment variable that tells a forked worker its id (for narration only). */
export const WORKER_ID_ENV = 'CFS04_WORKER_ID';

/** Set to '1' to silence a worker's narration (serve --quiet sets it for the whole family). */
export const QUIET_ENV = 'CFS04_QUIET';

/** The warning code a worker uses when it throws away a handle it did not ask for. */
export const UNEXPECTED_HANDLE_WARNING = 'CFS04_UNEXPECTED_HANDLE';
