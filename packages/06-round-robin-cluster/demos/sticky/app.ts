/**
 * The app every worker serves, whichever primary feeds it: an http.Server that answers each
 * round trip with the pid of the process that served it.
 *
 *   --client socket.io   socket.io attached:        'echo' i  ──ack──▶ { i, pid }
 *   --client ws          a ws WebSocketServer:      {"i":0}   ──────▶ {"i":0,"pid":…}
 *
 * The server is not listening yet: a node:cluster worker calls listen() on it, @socket.io/sticky's
 * setupWorker() feeds it from IPC, and stage 04's worker emits each handed-over connection on it.
 * close() lets the process end: socket.io keeps timers, ws keeps the upgraded sockets.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { WebSocketServer } from 'ws';
import type { ClientKind } from './options.ts';

/** Which app, for a worker forked without the demo's arguments (stage 04's). */
export const CLIENT_ENV = 'STICKY_CLIENT';

export interface StickyApp {
  server: HttpServer;
  /** The socket.io server, for --client socket.io. */
  io?: Server;
  close(): void;
}

export function createApp(client: ClientKind): StickyApp {
  const server = createServer();
  if (client === 'ws') {
    const wss = new WebSocketServer({ server });
    wss.on('connection', (ws) => {
      ws.on('message', (data) => {
        const { i } = JSON.parse(String(data)) as { i: number };
        ws.send(JSON.stringify({ i, pid: process.pid }));
      });
    });
    return {
      server,
      close() {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.close();
      },
    };
  }
  const io = new Server(server);
  attachEcho(io);
  return { server, io, close: () => io.close() };
}

/** The socket.io app: 'echo' is acknowledged with the pid that answered (stage 07's hosts too). */
export function attachEcho(io: Server): void {
  io.on('connection', (socket) => {
    socket.on('echo', (i: number, ack: (reply: unknown) => void) => ack({ i, pid: process.pid }));
  });
}
