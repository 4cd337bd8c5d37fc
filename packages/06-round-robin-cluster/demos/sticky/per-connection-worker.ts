/**
 * A worker of stage 04's per-connection primary, serving the socket.io demo's app: stage 04's
 * own worker side (src/worker.ts), given the app instead of its hello app.
 *
 *   primary ──{ cfs: 'conn', seq } + socket──▶ startWorker(): ack, app.emit('connection', socket)
 *                                              └▶ the app: socket.io (or ws) on an http.Server
 *
 * Nothing here listens: every connection arrives already accepted. The worker exits when the
 * primary closes its channel (startWorker sees to that).
 */
import { QUIET_ENV, startWorker, WORKER_ID_ENV } from '@cluster-from-scratch/04-handle-passing';
import { inLanguage } from '@cluster-from-scratch/kit/language';
import { narrator, workerRole } from '@cluster-from-scratch/kit/narrate';
import en from '../messages/sticky-en.ts';
import zh from '../messages/sticky-zh.ts';
import { CLIENT_ENV, createApp } from './app.ts';
import type { ClientKind } from './options.ts';

const m = inLanguage({ en, zh }).sessions;
const client = (process.env[CLIENT_ENV] ?? 'socket.io') as ClientKind;
startWorker({ app: createApp(client).server });
if (process.env[QUIET_ENV] !== '1') {
  const id = process.env[WORKER_ID_ENV] ?? '?';
  narrator(workerRole(id))(m.workerHanded(id, client));
}
