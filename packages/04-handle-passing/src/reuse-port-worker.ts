/**
 * The worker program of mode 'reuse-port': it binds a socket of its own instead of receiving
 * one.
 *
 *   primary ── { cfs: 'reuse-port-listen', host, port } ──▶ worker
 *                                     app.listen({ host, port, reusePort: true })
 *   primary ◀── { cfs: 'reuse-port-listening', pid, port } ── bound: now in the port's group
 *   primary ◀── { cfs: 'reuse-port-failed', pid, code } ───── EADDRINUSE and friends
 *
 * Everything else (the 'ready' message, exiting when the primary's channel closes, ignoring
 * handles nobody asked for) is stage 04's ordinary worker, started below.
 *
 * Why the primary still says which port: with port 0 every worker would get a different port
 * of its own. One worker binds port 0, and the others are then told the port it got (see
 * reuse-port-join.ts).
 */
import { createServer } from 'node:http';
import { helloHandler } from '@cluster-from-scratch/kit/hello-app';
import { narrator, workerRole } from '@cluster-from-scratch/kit/narrate';
import { m } from './messages/index.ts';
import { QUIET_ENV, WORKER_ID_ENV } from './protocol.ts';
import { isReusePortListen, type ReusePortReply } from './reuse-port-protocol.ts';
import { startWorker } from './worker.ts';

const id = process.env[WORKER_ID_ENV] ?? '?';
const say = process.env[QUIET_ENV] === '1' ? () => {} : narrator(workerRole(id));
const app = createServer(helloHandler);
const reply = (message: ReusePortReply) => {
  if (process.connected) process.send?.(message, undefined, {}, () => {});
};

process.on('message', (message: unknown) => {
  if (!isReusePortListen(message)) return; // stage 04's worker handles the rest
  const onError = (error: NodeJS.ErrnoException) => {
    say(m.reuseListenFailed(message.port, error.code));
    reply({ cfs: 'reuse-port-failed', pid: process.pid, code: error.code ?? 'UNKNOWN' });
  };
  app.once('error', onError);
  app.listen({ host: message.host, port: message.port, reusePort: true }, () => {
    app.off('error', onError);
    const address = app.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    say(m.boundOwnSocket(port));
    reply({ cfs: 'reuse-port-listening', pid: process.pid, port });
  });
});

startWorker({ app });
