/**
 * Exercise 04.3 — Send the listening handle; report a dead child instead of throwing.
 * This file is yours: write sendServer() where it says TODO(exercise 04.3); the rest is done. Check
 * it with `npm run verify -- 04.3`; stuck? `npm run hint -- 04.3`.
 * (Made from the solution, src/send-server.ts, by `npm run exercises:generate`.)
 *
 * Sending the listening socket to a forked child.
 *
 *   primary: server (fd 21 → socket:[88123])
 *      │  child.send({ cfs: 'server' }, server)        sendmsg() with SCM_RIGHTS
 *      ▼
 *   child:   a net.Server, already listening (fd 19 → socket:[88123])   same inode
 *
 * What crosses the channel is not a copy of the server object but a descriptor: the kernel
 * installs a new fd in the child that points at the same open socket. Once the write has
 * completed the child holds its own reference, so the primary may close its copy.
 *
 * Bad input: sending to a child that has already exited must not crash the primary: every
 * failure becomes a rejected promise with a HandleSendError that names the child.
 */
import type { ChildProcess } from 'node:child_process';
import type { Server } from 'node:net';
import type { ServerMessage } from '../src/protocol.ts';

export class HandleSendError extends Error {
  override name = 'HandleSendError';
  constructor(
    message: string,
    /** e.g. ERR_IPC_CHANNEL_CLOSED (child gone), EPIPE (died mid-write), ERR_SERVER_NOT_RUNNING */
    readonly code: string,
    readonly pid: number | undefined,
  ) {
    super(message);
  }
}

/** Resolves once the server handle has been written to `child`'s channel. */
export function sendServer(
  child: ChildProcess,
  server: Server,
  message: ServerMessage = { cfs: 'server' },
): Promise<void> {
  // TODO(exercise 04.3): send `message` with `server` as the handle. Resolve when the write
  // has completed; reject with a HandleSendError (code ERR_IPC_CHANNEL_CLOSED) when the child
  // has exited or disconnects first. Never let child.send() throw or emit an unhandled 'error'.
  void child;
  void server;
  void message;
  return Promise.reject(new Error('TODO(exercise 04.3): sendServer() is not written yet'));
}
