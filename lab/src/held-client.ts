/**
 * How one client of the long-lived load holds its connection, behind one small interface, so a
 * WebSocket-holding client can take the place of today's keep-alive HTTP one.
 *
 *   holder.open('127.0.0.23') ──▶ { worker: 4242, closed: Promise<{ byClient }>, close() }
 *
 * Today's holder is kit's holdConnection(): a keep-alive HTTP connection that asked once (the
 * answer's x-served-by names the worker) and keeps asking every 2 s so that the server does not
 * close it as idle. After its upgrade a WebSocket is one TCP connection like this one, and the
 * balancing happened when it connected: what the lab draws is the same.
 */
import { holdConnection } from '@cluster-from-scratch/kit/held-connection';
import { type WorkerKey, workerKey } from './worker-key.ts';

export interface Held {
  /** The worker that holds the connection: its pid, or `<pid>.<threadId>` for a thread. */
  worker: WorkerKey;
  /** Resolves once it closed; byClient: the client hung up (else the server side went away). */
  closed: Promise<{ byClient: boolean }>;
  close(): void;
}

export interface Holder {
  /** Connects from `address` (127.0.0.x) and resolves once the serving worker is known. */
  open(address: string): Promise<Held>;
}

/** Keep-alive HTTP connections to 127.0.0.1:`port`. */
export function keepAliveHolder(port: number): Holder {
  return {
    async open(address) {
      const held = await holdConnection({ port, localAddress: address });
      return {
        worker: workerKey(held.servedBy, held.thread),
        closed: held.closed,
        close: held.close,
      };
    },
  };
}
