/**
 * The broadcast ways: with sessions spread over the workers, does one worker's io.emit() reach
 * every client? Only its own, unless the workers share @socket.io/cluster-adapter.
 *
 *   primary: connect N WebSocket clients, keep them ──▶ worker 1: { broadcast: true }
 *   worker 1: io.timeout(…).emitWithAck('news') ──▶ the clients the adapter knows of ack
 *   worker 1 ──{ reached }──▶ primary ──▶ "reached K of N (M are its own)", and a report
 *
 * emitWithAck waits for exactly the clients the adapter knows of — worker 1's own, or every
 * worker's through the cluster adapter — so nothing here waits on time.
 */
import type { Worker } from 'node:cluster';
import { inLanguage } from '@cluster-from-scratch/kit/language';
import type { Say } from '@cluster-from-scratch/kit/narrate';
import { waitForEvent } from '@cluster-from-scratch/kit/timeout';
import type { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import en from '../messages/sticky-en.ts';
import zh from '../messages/sticky-zh.ts';
import { clients, way } from './options.ts';

const m = inLanguage({ en, zh }).sessions;

/** The primary's side: connects the clients, asks worker 1 to broadcast, reports the count. */
export async function broadcast(
  port: number,
  first: Worker,
  facts: { clone: boolean; workerPids: number[] },
  say: Say,
): Promise<void> {
  const sockets = Array.from({ length: clients }, () =>
    connect(`http://127.0.0.1:${port}`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    }),
  );
  const onWorker = await Promise.all(
    sockets.map(async (socket, n) => {
      socket.on('news', (_from: number, ack: (n: number) => void) => ack(n));
      await new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(undefined));
        socket.once('connect_error', (error) =>
          reject(new Error(`client ${n + 1}: ${error.message}`)),
        );
      });
      const reply = (await socket.emitWithAck('echo', 0)) as { pid: number };
      return reply.pid;
    }),
  );
  const answer = waitForEvent<[{ reached?: number }]>(first, 'message', {
    what: 'worker 1 to say how many clients its broadcast reached',
    filter: (msg) => typeof (msg as { reached?: number })?.reached === 'number',
  });
  first.send({ broadcast: true });
  const [{ reached }] = await answer;
  const sessionsPerWorker: Record<string, number> = {};
  for (const pid of onWorker) sessionsPerWorker[pid] = (sessionsPerWorker[pid] ?? 0) + 1;
  const onFirstWorker = sessionsPerWorker[first.process.pid as number] ?? 0;
  say(m.broadcast(reached as number, clients, onFirstWorker));
  for (const socket of sockets) socket.close();
  process.send?.({
    type: 'report',
    clone: facts.clone,
    way,
    clients,
    reached,
    onFirstWorker,
    sessionsPerWorker,
    workerPids: facts.workerPids,
  });
}

/** The worker's side: on the primary's word, broadcast and say how many clients acknowledged. */
export function answerBroadcasts(io: Server): void {
  process.on('message', async (message: { broadcast?: boolean }) => {
    if (message?.broadcast !== true) return;
    const acks = (await io.timeout(15_000).emitWithAck('news', process.pid)) as unknown[];
    process.send?.({ reached: acks.length });
  });
}
