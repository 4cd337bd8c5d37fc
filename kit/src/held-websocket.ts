/**
 * One long-lived client: a real WebSocket (the `ws` package) from its own source address, held
 * open until told to leave or until the server side goes away.
 *
 *   holdWebSocket(port, '127.0.0.12') ── handshake ──▶ the worker the cluster chose
 *        ◀── { pid: 4242 (from x-served-by on the 101), closed: Promise<'server' | 'client'> }
 *
 * A worker killed with SIGKILL leaves no close frame: the kernel closes its end and the client
 * sees the connection end ('server'). leave() sends a close frame and waits for the answer
 * ('client'), so the worker sees an orderly goodbye, as from a browser tab being closed.
 * The server half is websocket-hello.ts.
 */
import { WebSocket } from 'ws';
import { SERVED_BY_HEADER } from './hello-app.ts';
import { withTimeout } from './timeout.ts';

export interface HeldWebSocket {
  address: string;
  /** The process (or `<pid>.<threadId>`) that answered the handshake. */
  servedBy: string;
  pid: number;
  /** Settles when the connection has ended, saying who ended it. */
  closed: Promise<'server' | 'client'>;
  /** True once the connection has ended. */
  isClosed(): boolean;
  /** Close it the polite way and wait until it has ended. */
  leave(): Promise<void>;
  /** Cut it without a close frame (a client that vanishes). */
  cut(): void;
}

export function holdWebSocket(
  port: number,
  localAddress: string,
  timeout = 15_000,
): Promise<HeldWebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { localAddress });
  let ended = false;
  let leaving = false;
  const closed = new Promise<'server' | 'client'>((resolve) => {
    ws.on('close', () => {
      ended = true;
      resolve(leaving ? 'client' : 'server');
    });
  });
  const opened = new Promise<HeldWebSocket>((resolve, reject) => {
    let servedBy = '';
    ws.on('upgrade', (res) => {
      servedBy = String(res.headers[SERVED_BY_HEADER] ?? '');
    });
    ws.on('error', reject);
    // The hello message is the proof the connection works past the handshake.
    ws.once('message', () => {
      ws.off('error', reject);
      ws.on('error', () => {}); // after the open, an error is followed by 'close': counted there
      resolve({
        address: localAddress,
        servedBy,
        pid: Number.parseInt(servedBy, 10),
        closed,
        isClosed: () => ended,
        leave: async () => {
          leaving = true;
          ws.close();
          await withTimeout(closed, `the close of the WebSocket from ${localAddress}`, timeout);
        },
        cut: () => {
          leaving = true;
          ws.terminate();
        },
      });
    });
  });
  return withTimeout(opened, `a WebSocket from ${localAddress} to port ${port}`, timeout).catch(
    (error: unknown) => {
      ws.terminate();
      throw error;
    },
  );
}
