/**
 * The way to one port that works on every Node line: each thread listens on a port of its
 * own, and the main thread accepts on the public port and relays the bytes, as stage 03's
 * primary does for processes. Only the rotation's members differ: threads, not processes.
 *
 *   client ─▶ main thread :public ─ Rotation.next() ─ connectUpstream ─▶ thread 2 :own port
 *                    └─ splice(client, upstream): bytes both ways, both closed together
 *
 * Stage 03's pieces are imported as they are: Rotation (round robin, exercise 03.1/03.2),
 * connectUpstream (tries the next thread when one refuses, exercise 03.3) and splice.
 */

import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import {
  connectUpstream,
  inTurnFrom,
  Rotation,
  splice,
  type Upstream,
} from '@cluster-from-scratch/03-proxy-ports';

interface ThreadLike {
  id: number;
  port: number | undefined;
  threadId: number;
}

export interface ThreadProxy {
  port: number;
  add(worker: ThreadLike): void;
  remove(worker: ThreadLike): void;
  close(): Promise<void>;
}

export async function startThreadProxy(host: string, port: number): Promise<ThreadProxy> {
  const rotation = new Rotation<Upstream>();
  const byId = new Map<number, Upstream>();
  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    const first = rotation.next();
    connectUpstream(inTurnFrom(rotation.items, first), { retry: true }).then(
      ({ socket }) => {
        splice(client, socket);
        client.resume();
      },
      () => client.destroy(), // no thread listens: the client sees the connection close
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    add(worker) {
      if (worker.port === undefined) return;
      // Upstream.pid is the thread id here: the one number that tells threads apart.
      const upstream = { id: worker.id, pid: worker.threadId, host, port: worker.port };
      byId.set(worker.id, upstream);
      rotation.add(upstream);
    },
    remove(worker) {
      const upstream = byId.get(worker.id);
      if (upstream) rotation.remove(upstream);
      byId.delete(worker.id);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
