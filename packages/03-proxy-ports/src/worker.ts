/**
 * The worker program: an HTTP server on a port of its own, chosen by the kernel.
 *
 *   primary ──fork──▶ worker 2
 *                       listen(0, '127.0.0.1')  → the kernel picks a free port, say 40311
 *   primary ◀──IPC──── { type: 'listening', port: 40311 }
 *
 * In: its worker id in CFS03_WORKER_ID (for narration), an IPC channel to the primary.
 * Out: one message with the real port, or { type: 'listen-failed', code } and exit code 1.
 *
 * Why port 0 and not a random number: a port picked by Math.random() can be 0, a privileged
 * port, or one already taken (EADDRINUSE); the kernel only hands out free ones, and the worker
 * then tells the primary which one it got. The app is kit's helloHandler, which names the pid
 * that answered, so a client can see which worker the proxy chose.
 *
 * Lifetime: the primary ends a worker with SIGTERM. Ctrl-C in a terminal sends SIGINT to the
 * whole process group, workers included; a worker ignores it and lets the primary decide. If
 * the primary dies without a word, the IPC channel closes and the worker exits on its own.
 */
import { createServer } from 'node:http';
import { debuglog } from 'node:util';
import { helloHandler } from '@cluster-from-scratch/kit/hello-app';
import { reportAccepts } from '@cluster-from-scratch/kit/lab-hook';
import { narrator, workerRole } from '@cluster-from-scratch/kit/narrate';
import { m } from './messages/index.ts';

export type WorkerMessage =
  | { type: 'listening'; port: number }
  | { type: 'listen-failed'; code: string; message: string };

const debug = debuglog('cfs-03');
const id = process.env.CFS03_WORKER_ID ?? '?';
const say = process.env.CFS03_QUIET ? () => {} : narrator(workerRole(id));

function report(message: WorkerMessage, then?: () => void): void {
  if (process.send) process.send(message, () => then?.());
  else then?.();
}

const server = createServer(helloHandler);

server.on('error', (error: NodeJS.ErrnoException) => {
  // Report the failure in words the primary can print, instead of dying on an unhandled
  // 'error' event with only a stack trace on stderr.
  process.exitCode = 1;
  report({ type: 'listen-failed', code: error.code ?? 'UNKNOWN', message: error.message }, () =>
    process.disconnect?.(),
  );
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  say(m.workerListening(port));
  report({ type: 'listening', port });
});

reportAccepts(server, 'worker'); // the lab's view; free when no lab is listening
server.on('connection', (socket) => {
  debug('worker %s: connection from %s:%d', id, socket.remoteAddress, socket.remotePort);
});

process.on('SIGTERM', () => {
  debug('worker %s: SIGTERM, closing', id);
  server.close(() => process.exit(0));
  server.closeAllConnections();
});

process.on('SIGINT', () => {
  debug('worker %s: SIGINT ignored, the primary ends its workers', id);
});

process.on('disconnect', () => {
  debug('worker %s: the IPC channel closed, exiting', id);
  process.exit(); // with process.exitCode: 1 after a failed listen, 0 otherwise
});
