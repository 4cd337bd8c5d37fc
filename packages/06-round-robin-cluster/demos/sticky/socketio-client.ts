/**
 * One socket.io client's session: connect, R round trips (emit 'echo', wait for the ack), close.
 *
 *   connect ──handshake──▶ sid=a ──echo 0──▶ ack {pid} ──echo 1──▶ … ──echo R-1──▶ ack → ok
 *                 │ connect_error / disconnect / an ack that never comes → failed, and why
 *
 * On the polling transport each of these is an HTTP request on a connection of its own (an
 * Agent without keep-alive), which is what lets a cluster deal one session's requests out to
 * different workers. On the WebSocket transport the whole session is one connection.
 */
import { Agent } from 'node:http';
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
  port: number;
  rounds: number;
  /** The source address to connect from (127.0.0.x), or the system's choice. */
  localAddress?: string;
}

/**
 * A handshake that fails is tried again, up to CONNECT_ATTEMPTS in all, as socket.io's client
 * does by default: @socket.io/sticky has a known race (socketio/socket.io-sticky#2) in which the
 * request right after the handshake reaches the primary before the worker's message naming the
 * new session, goes to the other worker and gets "Session ID unknown". Once connected, nothing
 * is retried: a round trip that fails ends the session, which is what plain round robin shows.
 */
export async function socketIoSession(
  options: SessionOptions & { transport: 'polling' | 'websocket' },
): Promise<SessionResult> {
  let result = await attempt(options);
  for (let tries = 1; !result.connected && tries < CONNECT_ATTEMPTS; tries++) {
    result = { ...(await attempt(options)), retries: tries };
  }
  return result;
}

const CONNECT_ATTEMPTS = 3;

function attempt({
  port,
  rounds,
  localAddress,
  transport,
}: SessionOptions & { transport: 'polling' | 'websocket' }): Promise<SessionResult> {
  // An Agent carries localAddress into every request's connection. Each client has its own
  // Agent without keep-alive (a connection per request): an idle socket kept alive would hold
  // its server's connection open after the session has ended.
  const agent = new Agent({ keepAlive: false, localAddress });
  const socket = connect(`http://127.0.0.1:${port}`, {
    transports: [transport],
    reconnection: false, // the retry of a failed handshake is socketIoSession()'s, counted
    forceNew: true,
    // socket.io-client types the agent as a string (the browser's); in Node it is an http.Agent
    agent: agent as unknown as string,
    localAddress,
  } as Parameters<typeof connect>[1]);
  const pids: number[] = [];
  let connected = false;
  return new Promise((resolve) => {
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
