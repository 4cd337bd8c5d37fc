/**
 * HAProxy's runtime API: one command per connection to its stats socket, one answer back.
 *
 *   runtimeCommand(socket, 'set server hosts/h1 state drain')  →  '' (nothing to say: done)
 *   serverStats(socket)  →  [{ name: 'h1', status: 'DRAIN', current: 3, total: 120 }, …]
 *
 *   us ── connect(DIR/admin.sock) ── "show stat\n" ──▶ haproxy
 *      ◀── CSV, then haproxy closes the connection ──┘
 *
 * This is how a deploy script speaks to a running HAProxy without reloading it: take a server
 * out (`drain`: no new requests, those in flight finish), watch its current sessions fall to
 * zero, put it back (`ready`). `show stat` is CSV with a header line naming its columns.
 */
import { connect } from 'node:net';
import { HAPROXY_BACKEND } from './haproxy-config.ts';

export class RuntimeApiError extends Error {
  override name = 'RuntimeApiError';
}

/** Sends one command; resolves with everything HAProxy answered before closing. */
export function runtimeCommand(socketPath: string, command: string): Promise<string> {
  if (/[\n;]/.test(command)) {
    throw new RangeError(`one runtime API command, without ';' or a newline, got '${command}'`);
  }
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.once('error', (error) =>
      reject(new RuntimeApiError(`runtime API at ${socketPath}: ${error.message}`)),
    );
    socket.once('end', () => resolve(answer.trim()));
    socket.end(`${command}\n`);
  });
}

export interface ServerStats {
  /** h1, h2 … (haproxy-config.ts's serverName) */
  name: string;
  /** UP, DOWN, DRAIN, MAINT, or a transition such as "UP 1/2" (a check failed, not yet down). */
  status: string;
  /** Sessions (requests in flight, or held connections) on this server now. */
  current: number;
  /** Sessions it has had since HAProxy started. */
  total: number;
  /** How long the status has been what it is, in seconds. */
  lastChangeS: number;
  /** Connections to it that failed (refused, timed out). */
  connectErrors: number;
  /** Connection attempts repeated on it, and requests sent on to another server from it. */
  retries: number;
  redispatches: number;
  /** Times the checks took it from UP to DOWN. */
  downs: number;
}

/** One row per server of the backend, from `show stat`. */
export async function serverStats(socketPath: string): Promise<ServerStats[]> {
  const csv = await runtimeCommand(socketPath, 'show stat');
  const [header, ...rows] = csv.split('\n');
  const columns = (header ?? '').replace(/^# /, '').split(',');
  const at = (row: string[], name: string) => row[columns.indexOf(name)] ?? '';
  return rows
    .map((line) => line.split(','))
    .filter((row) => at(row, 'pxname') === HAPROXY_BACKEND && /^h\d+$/.test(at(row, 'svname')))
    .map((row) => ({
      name: at(row, 'svname'),
      status: at(row, 'status'),
      current: Number(at(row, 'scur')),
      total: Number(at(row, 'stot')),
      lastChangeS: Number(at(row, 'lastchg')),
      connectErrors: Number(at(row, 'econ')),
      retries: Number(at(row, 'wretr')),
      redispatches: Number(at(row, 'wredis')),
      downs: Number(at(row, 'chkdown')),
    }));
}

/** Admin states a deploy sets: drain (finish, take nothing new), ready (back in), maint (out). */
export type ServerState = 'ready' | 'drain' | 'maint';

export async function setServerState(
  socketPath: string,
  server: string,
  state: ServerState,
): Promise<void> {
  const answer = await runtimeCommand(
    socketPath,
    `set server ${HAPROXY_BACKEND}/${server} state ${state}`,
  );
  // Success is silence; anything else is HAProxy saying why not, passed on word for word.
  if (answer !== '') throw new RuntimeApiError(answer);
}
