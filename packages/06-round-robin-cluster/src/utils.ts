/**
 * utils: how the primary and a worker talk about cluster business (Node: internal/cluster/utils).
 *
 * What goes in: a message such as { act: 'queryServer', port: 0, … }, maybe a handle, maybe a
 * callback for the answer. What comes out: the message on the IPC channel, stamped with
 * cmd 'NODE_CLUSTER' and a sequence number; later the answer, routed to that callback.
 *
 *   primary                                      worker
 *   sendHelper(w.process, {act:'newconn'}, h, cb)
 *      ──── {cmd:'NODE_CLUSTER', act:'newconn', key, seq: 7} + socket ───▶
 *      ◀─── {cmd:'NODE_CLUSTER', ack: 7, accepted: true} ─────────────────
 *   internal(worker, onmessage): ack 7 → cb(reply); anything else → onmessage(worker, msg)
 *
 * Why cmd 'NODE_CLUSTER': child_process delivers any message whose cmd starts with 'NODE_' as
 * 'internalMessage' and never as 'message'. That one prefix is what keeps our protocol away
 * from the user's process.on('message') / worker.on('message') listeners. We keep Node's exact
 * cmd so the two implementations speak the same wire protocol and can be compared message by
 * message (the differential tests do).
 */
import type { ChildProcess } from 'node:child_process';
import { debuglog } from 'node:util';

const debug = debuglog('cfs-06');

/**
 * Our own "you are worker N" variable. Node's bootstrap reacts to NODE_UNIQUE_ID before any user
 * code runs, so we must not use it: a process started with it would become a node:cluster worker.
 */
export const UNIQUE_ID_ENV = 'CFS_UNIQUE_ID';

/** The only cmd we send and the only one we listen to. */
export const CLUSTER_CMD = 'NODE_CLUSTER';

/** What carries IPC messages: a worker's ChildProcess in the primary, `process` in a worker. */
export type Channel = ChildProcess | NodeJS.Process;

type RawSend = (message: unknown, sendHandle?: unknown) => boolean;

/** Every cluster message on the wire. `act` names a request, `ack` answers one. */
export interface ClusterMessage {
  cmd: typeof CLUSTER_CMD;
  seq: number;
  act?: string;
  ack?: number;
  [field: string]: unknown;
}

export type AckCallback = (reply: ClusterMessage, handle: unknown) => void;

// One sequence counter and one table of waiting callbacks per process, as in Node.
// Deliberate difference: we remember which channel a request went out on, and honour an ack
// only when it comes back on that same channel. In Node any worker can answer any seq.
const callbacks = new Map<number, { channel: Channel; cb: AckCallback }>();
let seq = 0;

/**
 * Sends one cluster message. Returns false (and sends nothing) when the channel is closed,
 * true/false from channel.send otherwise.
 */
export function sendHelper(
  channel: Channel,
  message: Record<string, unknown>,
  handle?: unknown,
  cb?: AckCallback,
): boolean {
  const send = channel.send as RawSend | undefined;
  if (!channel.connected || typeof send !== 'function') return false;
  const stamped = { cmd: CLUSTER_CMD, ...message, seq };
  if (typeof cb === 'function') callbacks.set(seq, { channel, cb });
  seq += 1;
  debug('send %j%s', stamped, handle ? ' + handle' : '');
  return send.call(channel, stamped, handle ?? undefined);
}

/** True for a well-formed message of ours (an object with our cmd and an integer seq). */
export function isClusterMessage(message: unknown): message is ClusterMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { cmd?: unknown }).cmd === CLUSTER_CMD
  );
}

/**
 * Builds the 'internalMessage' listener for one peer. Acks go to the callback waiting under
 * that seq; everything else goes to `onmessage(worker, message, handle)`.
 *
 * Deliberate difference: Node calls its handlers with `this` = worker; we pass the worker as
 * the first argument, which reads better in TypeScript.
 */
export function internal<W>(
  worker: W,
  channel: Channel,
  onmessage: (worker: W, message: ClusterMessage, handle: unknown) => void,
): (message: unknown, handle: unknown) => void {
  return function onInternalMessage(message, handle) {
    if (!isClusterMessage(message)) return; // another NODE_* message (NODE_HANDLE_ACK, …)
    if (message.ack !== undefined) {
      const waiting = callbacks.get(message.ack as number);
      if (waiting !== undefined && waiting.channel === channel) {
        callbacks.delete(message.ack as number);
        waiting.cb(message, handle);
        return;
      }
      if (message.act === undefined) {
        debug('ignored an ack nobody waits for: %j', message);
        closeStray(handle);
        return;
      }
    }
    onmessage(worker, message, handle);
  };
}

/** A handle that arrived with a message we ignore must still be closed, or its fd leaks. */
export function closeStray(handle: unknown): void {
  const closable = handle as { close?: () => void } | null | undefined;
  if (closable && typeof closable.close === 'function') {
    try {
      closable.close();
    } catch {
      // already closed
    }
  }
}
