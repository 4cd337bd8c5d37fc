/**
 * The client process of --clients-apart: not a cluster process at all, just the clients.
 *
 *   primary ──fork(argv, STICKY_CLIENTS_FOR_PORT=port)──▶ this ──sessions──▶ the port
 *   primary ◀──────────── SessionResult[] over IPC ────── this, then it disconnects and ends
 */
import { sessionsHere } from './sessions.ts';

const port = Number(process.env.STICKY_CLIENTS_FOR_PORT);
if (!Number.isInteger(port) || port <= 0 || !process.send) {
  throw new Error('client-process.ts is forked by sessions.ts, with STICKY_CLIENTS_FOR_PORT');
}
const results = await sessionsHere(port);
process.send(results, () => process.disconnect());
