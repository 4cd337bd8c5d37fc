/**
 * One held connection: a client that connects from a source address of its own, asks once to
 * learn which worker serves it, and then stays connected, the way a WebSocket, a server-sent
 * event stream or a socket.io session does.
 *
 *   holdConnection({ port, localAddress: '127.0.0.23' })
 *        connect ──▶ GET / (keep-alive) ──▶ x-served-by: 4242
 *        resolves { servedBy: 4242, closed, close }           (the worker holds it from now on)
 *        every heartbeatMs: GET / again on the same connection
 *        the socket's 'close' ──▶ closed resolves { byClient }  (false: the server side went away)
 *
 * Why a heartbeat: an HTTP server closes a keep-alive connection that stays idle longer than its
 * keepAliveTimeout (5 s in Node), which a real long-lived connection never is (a WebSocket
 * pings). Asking again well inside that keeps it open for as long as the client wants.
 *
 * Why a source address per client: a policy that hashes the client's address (stage 06's
 * SCHED_IPHASH, nginx's ip_hash) sees one client when everybody comes from 127.0.0.1. The whole
 * of 127.0.0.0/8 is this machine on Linux, so 127.0.0.10, 127.0.0.11 … model many clients.
 */
import { connect } from 'node:net';
import { SERVED_BY_HEADER } from './hello-app.ts';
import { parseServedBy } from './http-load.ts';
import { withTimeout } from './timeout.ts';

export interface HoldOptions {
  port: number;
  host?: string;
  /** The client's own address (127.0.0.x); the kernel picks one when absent. */
  localAddress?: string;
  /** How often the client asks again to keep the connection from idling out. */
  heartbeatMs?: number;
  /** How long the first answer may take. */
  answerWithinMs?: number;
}

export interface HeldConnection {
  /** The pid that answered (x-served-by), and its thread when it names one (stage 08). */
  servedBy: number;
  thread?: number;
  /** Resolves once the connection has closed; byClient says whether close() ended it. */
  closed: Promise<{ byClient: boolean }>;
  /** Hangs up. */
  close(): void;
}

const HEARTBEAT_MS = 2_000;

export function holdConnection(options: HoldOptions): Promise<HeldConnection> {
  const { port, host = '127.0.0.1', localAddress } = options;
  const socket = connect({ port, host, ...(localAddress ? { localAddress } : {}) });
  const ask = `GET / HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: keep-alive\r\n\r\n`;
  let byClient = false;
  let heartbeat: NodeJS.Timeout | undefined;
  const closed = new Promise<{ byClient: boolean }>((resolve) =>
    socket.once('close', () => {
      clearInterval(heartbeat);
      resolve({ byClient });
    }),
  );
  const answered = new Promise<HeldConnection>((resolve, reject) => {
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      // Only the first answer is read: the heartbeats' answers just keep the connection busy.
      socket.off('data', onData);
      socket.on('data', () => {});
      const value = new RegExp(`^${SERVED_BY_HEADER}:(.*)$`, 'im').exec(head.slice(0, end))?.[1];
      const { servedBy, thread } = parseServedBy(value);
      if (servedBy === undefined) {
        socket.destroy();
        reject(new Error(`no ${SERVED_BY_HEADER} header in the answer from port ${port}`));
        return;
      }
      heartbeat = setInterval(() => socket.write(ask), options.heartbeatMs ?? HEARTBEAT_MS);
      heartbeat.unref();
      const close = () => {
        byClient = true;
        socket.destroy();
      };
      resolve({ servedBy, ...(thread === undefined ? {} : { thread }), closed, close });
    };
    socket.on('data', onData);
    socket.on('connect', () => socket.write(ask));
    // An error before the answer fails the open; after it, 'close' follows and says it.
    socket.on('error', reject);
    socket.once('close', () => reject(new Error('closed before it answered')));
  });
  const what = `an answer on a held connection from ${localAddress ?? 'any address'} to port ${port}`;
  return withTimeout(answered, what, options.answerWithinMs ?? 15_000).catch((error: Error) => {
    socket.destroy();
    throw error;
  });
}
