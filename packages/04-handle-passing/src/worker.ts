/**
 * The worker side: take what the primary hands over and serve the hello app on it.
 *
 *   { cfs: 'server' } + net.Server  ──▶ attachServer(handle, app)   accept on the shared socket
 *   { cfs: 'conn', seq } + net.Socket ──▶ ack, app.emit('connection', socket)
 *   anything else carrying a handle  ──▶ warning, handle closed, primary told { cfs: 'ignored' }
 *   channel closed ('disconnect')   ──▶ close what we hold and exit 0
 *
 * Why an unexpected handle must be closed, not just ignored: a net.Server arrives already
 * listening, so a worker that keeps it without a 'connection' listener accepts connections
 * and never answers them (the a2 demo's lost requests, claim a2-09). A socket kept open would
 * leave a client hanging. So the worker says what it got, closes it, and carries on.
 *
 * Why exit on 'disconnect': the channel closes when the primary ends, however it ends (even
 * SIGKILL), so no worker outlives its primary. SIGINT is ignored because Ctrl-C reaches the
 * whole process group at once and the primary is the one who decides the order of shutdown.
 */
import { Socket as DgramSocket } from 'node:dgram';
import { createServer, type Server as HttpServer } from 'node:http';
import { Server, Socket } from 'node:net';
import { debuglog } from 'node:util';
import { helloHandler } from '@cluster-from-scratch/kit/hello-app';
import { reportAccepts } from '@cluster-from-scratch/kit/lab-hook';
import { narrator, workerRole } from '@cluster-from-scratch/kit/narrate';
import { attachServer } from './attach-server.ts';
import { m } from './messages/index.ts';
import {
  isConnectionMessage,
  isServerMessage,
  QUIET_ENV,
  UNEXPECTED_HANDLE_WARNING,
  WORKER_ID_ENV,
  type WorkerMessage,
} from './protocol.ts';

const debug = debuglog('cfs-04');

export interface WorkerOptions {
  /** Defaults to the id the primary put in the environment. */
  id?: string;
  /** The app to serve; defaults to kit's hello app. */
  app?: HttpServer;
  /** How a received server is joined to the app (exercise 04.1 swaps this). */
  attach?: (handle: Server, app: HttpServer) => () => void;
  /** Narrate lifecycle steps (default true, unless CFS04_QUIET=1). */
  narrate?: boolean;
}

export interface RunningWorker {
  app: HttpServer;
  /** Listening sockets received from the primary. */
  servers: Server[];
}

export function describeHandle(handle: unknown): string {
  if (handle === undefined || handle === null) return 'none';
  return (handle as object).constructor?.name ?? typeof handle;
}

function discard(handle: unknown): void {
  if (handle instanceof Server) handle.close();
  else if (handle instanceof Socket) handle.destroy();
  else if (handle instanceof DgramSocket) handle.close();
}

export function startWorker(options: WorkerOptions = {}): RunningWorker {
  if (!process.send) throw new Error('startWorker() needs an IPC channel: fork this program');
  const id = options.id ?? process.env[WORKER_ID_ENV] ?? '?';
  const quiet = options.narrate === false || process.env[QUIET_ENV] === '1';
  const say = quiet ? () => {} : narrator(workerRole(id));
  const app = options.app ?? createServer(helloHandler);
  const attach = options.attach ?? attachServer;
  const servers: Server[] = [];
  const reply = (message: WorkerMessage) => {
    // The primary may already be gone; a failed reply must not crash the worker.
    if (process.connected) process.send?.(message, undefined, {}, () => {});
  };

  const ignore = (message: unknown, handle: unknown, reason: string) => {
    const handleType = describeHandle(handle);
    discard(handle);
    process.emitWarning(
      `worker ${id} ignored ${JSON.stringify(message)} with handle ${handleType}: ${reason}`,
      { code: UNEXPECTED_HANDLE_WARNING },
    );
    reply({ cfs: 'ignored', pid: process.pid, handleType, reason });
  };

  process.on('message', (message: unknown, handle: unknown) => {
    if (isServerMessage(message)) {
      if (!(handle instanceof Server)) return ignore(message, handle, 'expected a net.Server');
      attach(handle, app);
      reportAccepts(handle, 'worker'); // the lab's view; free when no lab is listening
      servers.push(handle);
      const address = handle.address();
      const port = typeof address === 'object' && address ? address.port : undefined;
      say(m.receivedServer(handle.listening, port));
      reply({ cfs: 'attached', pid: process.pid, listening: handle.listening, port });
      return;
    }
    if (isConnectionMessage(message)) {
      if (!(handle instanceof Socket)) return ignore(message, handle, 'expected a net.Socket');
      // Ack first: until then the primary keeps its copy and could give it to someone else.
      reply({ cfs: 'conn-ack', seq: message.seq });
      debug('worker %s got connection #%d from %s', id, message.seq, handle.remotePort);
      app.emit('connection', handle);
      handle.resume();
      return;
    }
    if (handle !== undefined) ignore(message, handle, 'not a message this worker understands');
    // Plain messages without a handle belong to someone else (a later stage, a test): not ours.
  });

  process.on('disconnect', () => {
    for (const server of servers) server.close();
    app.closeAllConnections();
    process.exit(0);
  });
  process.on('SIGINT', () => debug('worker %s: SIGINT ignored, the primary ends us', id));

  reply({ cfs: 'ready', pid: process.pid, id });
  return { app, servers };
}
