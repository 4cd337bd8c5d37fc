/**
 * Share the primary's listening socket with one forked worker, and wait until it serves.
 *
 *   shareServer(worker, server)
 *     sendServer() ──▶ worker receives a listening net.Server ──▶ { cfs: 'attached' } ──▶ resolves
 *
 * This is the piece a supervisor (stage 05) reuses: fork a worker, share the socket, and know
 * for sure the worker is accepting before you count it as up. The resolved value is what the
 * worker found in its hands: a server that is already listening on the primary's port.
 */
import type { Server } from 'node:net';
import { nextMessage } from './child-messages.ts';
import type { WorkerProcess } from './fork-worker.ts';
import { type AttachedMessage, isWorkerMessage } from './protocol.ts';
import { sendServer } from './send-server.ts';

export async function shareServer(
  worker: WorkerProcess,
  server: Server,
  timeout?: number,
): Promise<AttachedMessage> {
  // Listen before sending, so a fast reply cannot slip past us.
  const attached = nextMessage(
    worker.child,
    (m) => isWorkerMessage(m, 'attached'),
    `worker ${worker.id} to attach the server handle`,
    timeout,
  );
  try {
    await sendServer(worker.child, server);
  } catch (error) {
    attached.catch(() => {}); // it will reject too (the child is gone); the send error says why
    throw error;
  }
  return attached;
}
