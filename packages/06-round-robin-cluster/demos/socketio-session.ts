/**
 * One socket.io session, from both ends: the app every worker runs, and the client that tries
 * to finish R round trips with it. Shared by this stage's demos/sticky-sessions.ts (two workers
 * of one cluster) and stage 07's hosts (several clusters behind nginx).
 *
 *   attachEcho(io)        every worker: on 'echo', acknowledge with { i, pid } (its own pid)
 *   session(port, {…})    a client: connect, emit 'echo' R times, each ack names the pid that
 *                         answered; close. → { ok, why, pids, connected, retries }
 *
 *   client ──handshake──▶ worker A (the session lives in A's memory)
 *          ──emit/ack ×R─▶ worker A, A, A…   ok: every request found the session
 *          ──emit/ack────▶ worker B           "Session ID unknown": the session fails
 */
import { Agent } from 'node:http';
import type { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';

export interface SessionResult {
  ok: boolean;
  why: string;
  /** The pids that answered this client's round trips. */
  pids: number[];
  /** Did the handshake succeed (in the last attempt)? */
  connected: boolean;
  /** How many failed handshakes came before the last attempt. */
  retries: number;
}

export interface SessionOptions {
  /** Round trips after the handshake. */
  rounds: number;
  /** ['polling'] or ['websocket']: one transport, never an upgrade from one to the other. */
  transports: string[];
  /** The client's source address (one of 127.0.0.0/8): how one machine models many clients. */
  localAddress?: string;
}

/** The app: an echo that says which process answered. */
export function attachEcho(io: Server): void {
  io.on('connection', (socket) => {
    socket.on('echo', (i: number, ack: (reply: unknown) => void) => ack({ i, pid: process.pid }));
  });
}

const CONNECT_ATTEMPTS = 3;

/**
 * One client: connect, R round trips (emit 'echo', wait for the ack), close. A failure is an
 * event the client reports (connect_error, disconnect), or an ack that never comes.
 *
 * A handshake that fails is tried again, up to CONNECT_ATTEMPTS in all, as socket.io's client
 * does by default: @socket.io/sticky has a known race (socketio/socket.io-sticky#2) in which the
 * request right after the handshake reaches the primary before the worker's message naming the
 * new session, goes to the other worker and gets "Session ID unknown". Once connected, nothing
 * is retried: a round trip that fails ends the session, which is what plain round robin shows.
 */
export async function session(port: number, options: SessionOptions): Promise<SessionResult> {
  let result = await attempt(port, options);
  for (let tries = 1; !result.connected && tries < CONNECT_ATTEMPTS; tries++) {
    result = { ...(await attempt(port, options)), retries: tries };
  }
  return result;
}

function attempt(port: number, { rounds, transports, localAddress }: SessionOptions) {
  // An Agent carries localAddress into every request's connection. Each client has its own
  // Agent without keep-alive (a connection per request): an idle socket kept alive would hold
  // its server's connection open after the session has ended.
  const agent = new Agent({ keepAlive: false, localAddress });
  const socket = connect(`http://127.0.0.1:${port}`, {
    transports,
    reconnection: false, // the retry of a failed handshake is session()'s, counted
    forceNew: true,
    // socket.io-client types the agent as a string (the browser's); in Node it is an http.Agent
    agent: agent as unknown as string,
    localAddress,
  } as Parameters<typeof connect>[1]);
  const pids: number[] = [];
  let connected = false;
  return new Promise<SessionResult>((resolve) => {
    const finish = (ok: boolean, why: string) => {
      socket.removeAllListeners();
      socket.close();
      agent.destroy();
      resolve({ ok, why, pids, connected, retries: 0 });
    };
    socket.on('connect_error', (error) => finish(false, `connect_error: ${error.message}`));
    socket.on('disconnect', (reason) => finish(false, `disconnect: ${reason}`));
    socket.on('connect', async () => {
      connected = true;
      for (let i = 0; i < rounds; i++) {
        try {
          // The ack timeout only turns a lost answer into a failure; no test waits on it.
          const reply = (await socket.timeout(15_000).emitWithAck('echo', i)) as { pid: number };
          pids.push(reply.pid);
        } catch {
          return finish(false, `round trip ${i + 1}: no answer`);
        }
      }
      finish(true, '');
    });
  });
}
