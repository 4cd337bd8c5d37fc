/**
 * How one client of the long-lived load holds its connection, behind one small interface.
 *
 *   holder.open('127.0.0.23') ──▶ { worker: 4242, closed: Promise<{ byClient }>, close() }
 *
 * Two ways, one per kind of server:
 * - a WebSocket (kit's holdWebSocket(), the `ws` client) where the server answers the upgrade:
 *   stage 06's serve.ts does (kit's websocket-hello.ts); the 101's x-served-by names the worker;
 * - a keep-alive HTTP connection (kit's holdConnection()) everywhere else: it asks once (the
 *   answer's x-served-by names the worker) and keeps asking so the server does not close it as
 *   idle. After its upgrade a WebSocket is one TCP connection like this one, and the balancing
 *   happened when it connected: what the lab draws is the same.
 *
 * The first server that answers an upgrade with a plain response (it has no 'upgrade' handler,
 * so Node serves it as a request) switches the load to keep-alive for good.
 */
import { holdConnection } from '@cluster-from-scratch/kit/held-connection';
import { holdWebSocket } from '@cluster-from-scratch/kit/held-websocket';
import { parseServedBy } from '@cluster-from-scratch/kit/http-load';
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
  /** What it holds: WebSockets, or keep-alive connections once the server refused upgrades. */
  readonly kind: 'websocket' | 'keep-alive';
}

/** A keep-alive HTTP connection to 127.0.0.1:`port` from `address`. */
async function keepAliveConnection(port: number, address: string): Promise<Held> {
  const held = await holdConnection({ port, localAddress: address });
  return { worker: workerKey(held.servedBy, held.thread), closed: held.closed, close: held.close };
}

/** A WebSocket to 127.0.0.1:`port` from `address`. */
async function webSocket(port: number, address: string): Promise<Held> {
  const ws = await holdWebSocket(port, address);
  const { servedBy, thread } = parseServedBy(ws.servedBy);
  if (servedBy === undefined) {
    ws.cut();
    throw new Error(`no x-served-by on the WebSocket handshake from port ${port}`);
  }
  return {
    worker: workerKey(servedBy, thread),
    closed: ws.closed.then((who) => ({ byClient: who === 'client' })),
    // A close frame, as a browser tab that is closed sends; cut if the server does not answer.
    close: () => void ws.leave().catch(() => ws.cut()),
  };
}

/** WebSockets to 127.0.0.1:`port`, or keep-alive connections where the server does not upgrade. */
export function heldClients(port: number): Holder {
  let kind: Holder['kind'] = 'websocket';
  return {
    get kind() {
      return kind;
    },
    async open(address) {
      if (kind === 'keep-alive') return keepAliveConnection(port, address);
      try {
        return await webSocket(port, address);
      } catch (error) {
        // ws's words for an HTTP answer where a 101 was expected.
        if (!/Unexpected server response/.test((error as Error).message)) throw error;
        kind = 'keep-alive';
        return keepAliveConnection(port, address);
      }
    },
  };
}
