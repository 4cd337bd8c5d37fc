/**
 * socket.io sessions through a front, counted: N clients at once, each on a source address of
 * its own, each trying R round trips over long-polling (stage 06's socketIoSession()).
 *
 *   client 127.0.2.1 ─┐                         ┌─▶ host 127.0.1.1 ─┬─ worker (socket.io)
 *   client 127.0.3.1 ─┼─▶ nginx 127.0.0.1:PORT ─┤                   └─ worker (socket.io)
 *   …  (N clients)   ─┘                         └─▶ host 127.0.1.2 ─┬─ worker …
 *
 * Client i binds 127.0.(i + 2).1: every client in a /24 of its own, so even nginx's ip_hash
 * (which hashes only the first three octets) sees N different clients. What comes out: how
 * many sessions completed, why the others failed, how many were answered by more than one
 * worker, and how many sessions each worker answered.
 */
import {
  type SessionResult,
  socketIoSession,
} from '@cluster-from-scratch/06-round-robin-cluster/sticky-demo/socketio-client';

export interface SessionCount {
  clients: number;
  completed: number;
  /** Why sessions failed (socket.io's own words), and how many for each reason. */
  failures: Record<string, number>;
  /** Sessions whose round trips were answered by more than one worker. */
  mixed: number;
  /** Worker pid → sessions it answered (a session answered by two counts for both). */
  sessionsPerWorker: Map<number, number>;
  /** Handshakes tried again (stage 06's socketIoSession(): sticky's known race). */
  retries: number;
}

/** The source address of client i: a /24 of its own, off the hosts' 127.0.1.0/24. */
export function clientAddress(i: number): string {
  if (!Number.isInteger(i) || i < 0 || i > 250) {
    throw new RangeError(`a client index must be a whole number from 0 to 250, got ${i}`);
  }
  return `127.0.${i + 2}.1`;
}

export async function countSessions(
  port: number,
  options: { clients: number; rounds: number },
): Promise<SessionCount> {
  const results: SessionResult[] = await Promise.all(
    Array.from({ length: options.clients }, (_, i) =>
      socketIoSession({
        port,
        rounds: options.rounds,
        transport: 'polling',
        localAddress: clientAddress(i),
      }),
    ),
  );
  const count: SessionCount = {
    clients: options.clients,
    completed: 0,
    failures: {},
    mixed: 0,
    sessionsPerWorker: new Map(),
    retries: 0,
  };
  for (const r of results) {
    const pids = [...new Set(r.pids)];
    if (pids.length > 1) count.mixed++;
    for (const pid of pids)
      count.sessionsPerWorker.set(pid, (count.sessionsPerWorker.get(pid) ?? 0) + 1);
    if (r.ok) count.completed++;
    else count.failures[r.why] = (count.failures[r.why] ?? 0) + 1;
    count.retries += r.retries;
  }
  return count;
}
