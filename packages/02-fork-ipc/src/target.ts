/**
 * An IPC target: either end of a channel, seen from the process that holds it.
 *
 *        parent process                          child process
 *   ┌──────────────────────┐   one socket   ┌──────────────────────┐
 *   │ child = fork('x.ts') │◀══════════════▶│ process              │
 *   │ child.send(m)        │   both ways    │ process.send(m)      │
 *   │ child.on('message')  │                │ process.on('message')│
 *   └──────────────────────┘                └──────────────────────┘
 *
 * In the parent the end is a ChildProcess; in the child it is the global `process`. Both got
 * the same methods from the same Node function (setupChannel), so the RPC layer treats them
 * alike: send(message, callback), connected, disconnect(), and the events 'message',
 * 'internalMessage' and 'disconnect'.
 */
import type { ChildProcess } from 'node:child_process';
import { RpcCodes, RpcError } from './errors.ts';

export type IpcTarget = ChildProcess | NodeJS.Process;

type SendWithCallback = (message: unknown, callback: (error: Error | null) => void) => boolean;

/** True when `target` has an IPC channel at all (process.send is undefined without one). */
export function hasChannel(target: IpcTarget): boolean {
  return typeof target.send === 'function';
}

/**
 * Sends with a callback, always. Without one, Node reports a failed write by emitting 'error'
 * on the target, which crashes a process that has no 'error' listener. With one, the failure
 * comes to us. May throw synchronously when the message cannot be serialized.
 */
export function sendOn(
  target: IpcTarget,
  message: unknown,
  callback: (error: Error | null) => void,
): boolean {
  if (!hasChannel(target)) {
    throw new RpcError(
      `${selfName()} has no IPC channel: it was not started by fork() or with an 'ipc' stdio slot`,
      RpcCodes.NO_CHANNEL,
    );
  }
  return (target.send as SendWithCallback).call(target, message, callback);
}

/** How the other end is named in messages: "child 4250" or "parent 4242". */
export function peerName(target: IpcTarget): string {
  return target === process ? `parent ${process.ppid}` : `child ${(target as ChildProcess).pid}`;
}

export function selfName(): string {
  return `process ${process.pid}`;
}
