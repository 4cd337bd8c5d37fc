/**
 * Runs every client's session against a port and collects the results, in this process or, with
 * --clients-apart, in a process of their own (client-process.ts) so that this process's CPU
 * time is the primary's alone.
 *
 *   runSessions(port) ──▶ client 0 … client N-1, side by side ──▶ SessionResult[]
 *                         each: socketIoSession() or wsSession(), from sourceAddress(n)
 *
 * Which client and which transport follow from the command line (options.ts): polling for
 * the ways that route HTTP requests, WebSocket for the ways that show it needs no stickiness.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitForEvent } from '@cluster-from-scratch/kit/timeout';
import { client, clients, clientsApart, rounds, sourceAddress, way } from './options.ts';
import { type SessionResult, socketIoSession } from './socketio-client.ts';
import { wsSession } from './ws-client.ts';

const POLLING_WAYS = ['plain', 'sticky', 'per-connection', 'per-connection-by-address'];

function session(port: number, n: number): Promise<SessionResult> {
  const localAddress = sourceAddress(n);
  if (client === 'ws') return wsSession({ port, rounds, localAddress });
  const transport = POLLING_WAYS.includes(way) ? 'polling' : 'websocket';
  return socketIoSession({ port, rounds, localAddress, transport });
}

/** Every client at once, here. */
export function sessionsHere(port: number): Promise<SessionResult[]> {
  return Promise.all(Array.from({ length: clients }, (_, n) => session(port, n)));
}

export function runSessions(port: number): Promise<SessionResult[]> {
  return clientsApart ? sessionsApart(port) : sessionsHere(port);
}

/** The sessions, run by a child process of plain Node (no cluster role), answers over IPC. */
async function sessionsApart(port: number): Promise<SessionResult[]> {
  const program = fileURLToPath(new URL('./client-process.ts', import.meta.url));
  // The same arguments: the client process reads the same command line (options.ts).
  const child = fork(program, process.argv.slice(2), {
    env: { ...process.env, STICKY_CLIENTS_FOR_PORT: String(port) },
  });
  const [results] = await waitForEvent<[SessionResult[]]>(child, 'message', {
    what: 'the client process to send its results',
    timeout: 120_000,
  });
  return results;
}
