/**
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
import { whenGone } from './child-messages.ts';
import type { ServerMessage } from './protocol.ts';

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
  // #region exercise 04.3 sendServer()
  const fail = (code: string, why: string) =>
    new HandleSendError(
      `cannot send the server handle to pid ${child.pid}: ${why}`,
      code,
      child.pid,
    );
  if (!server.listening) {
    return Promise.reject(fail('ERR_SERVER_NOT_RUNNING', 'the server is not listening'));
  }
  if (!child.connected) {
    return Promise.reject(
      fail('ERR_IPC_CHANNEL_CLOSED', 'its IPC channel is closed (the child has exited)'),
    );
  }
  return new Promise((resolve, reject) => {
    // A handle waits in Node's queue until the child acknowledges the previous one. If the
    // child dies meanwhile, the send callback never runs: whenGone() tells us instead.
    const stopWatching = whenGone(child, () =>
      reject(fail('ERR_IPC_CHANNEL_CLOSED', 'the child went away before the handle went out')),
    );
    // Always with a callback: without one, Node turns a failed send into an 'error' event on
    // the child, which throws when nobody listens.
    child.send(message, server, (error: Error | null) => {
      stopWatching();
      if (!error) return resolve();
      const code = (error as NodeJS.ErrnoException).code ?? 'ERR_IPC_SEND';
      reject(fail(code, error.message));
    });
  });
  // #endregion exercise 04.3
}
