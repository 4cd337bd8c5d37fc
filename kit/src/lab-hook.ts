/**
 * The lab's event hook: one line in a server says what just happened, and the lab page shows it.
 *
 *   worker / primary ──labEvent('conn', {...})──▶ UDP 127.0.0.1:$CFS_LAB_PORT ──▶ lab server ──SSE──▶ page
 *
 * Why UDP datagrams: any process (primary, worker, proxy) can report without a channel of its
 * own, a report never blocks or fails the server, and a lab that is not running costs one
 * environment-variable check — when CFS_LAB_PORT is unset, labEvent() returns immediately.
 */
import { createSocket, type Socket } from 'node:dgram';

export type LabEventKind =
  /** A TCP connection was accepted (by the process that called accept: primary or worker). */
  | 'accept'
  /** A connection was handed to a worker (round robin, per-connection passing, proxy). */
  | 'handoff'
  /** A request was served. */
  | 'request'
  /** A worker process started or exited. */
  | 'fork'
  | 'exit';

export interface LabEvent {
  kind: LabEventKind;
  pid: number;
  /** The worker involved, when the reporter is the primary (handoff, fork, exit). */
  worker?: number;
  role?: 'primary' | 'worker';
  detail?: string;
  at: number;
}

const labPort = Number(process.env.CFS_LAB_PORT) || 0;
let socket: Socket | undefined;

export const labEnabled = labPort > 0;

export function labEvent(
  kind: LabEventKind,
  fields: Omit<LabEvent, 'kind' | 'pid' | 'at'> = {},
): void {
  if (!labEnabled) return;
  if (!socket) {
    socket = createSocket('udp4');
    socket.unref(); // never keep a server alive just to report
  }
  const event: LabEvent = { kind, pid: process.pid, at: Date.now(), ...fields };
  socket.send(JSON.stringify(event), labPort, '127.0.0.1', () => {});
}

/**
 * Reports every connection `server` accepts, as `role`. Attaches nothing when the lab is not
 * running, so a server pays for the hook only while someone watches.
 */
export function reportAccepts(server: NetServerLike, role: 'primary' | 'worker'): void {
  if (!labEnabled) return;
  server.on('connection', () => labEvent('accept', { role }));
}

interface NetServerLike {
  on(event: 'connection', listener: () => void): unknown;
}
