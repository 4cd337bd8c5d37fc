/**
 * The hello app for a connection that stays open: a WebSocket handshake answered by hand, then
 * one text message naming the process, and the connection held until the client leaves.
 *
 *   client ── GET / · Upgrade: websocket · Sec-WebSocket-Key: k ──────────▶ worker
 *   client ◀── 101 Switching Protocols · Sec-WebSocket-Accept: f(k) · x-served-by: 4242
 *   client ◀── text frame "hello from 4242"
 *          …  held: minutes in a real app (chat, a socket.io session, live prices)
 *   client ── close frame ──▶ worker answers with a close frame and ends the connection
 *
 * Why by hand and not a library: the handshake is two headers and one hash (RFC 6455 §4.2.2),
 * and seeing it makes the point of the chapter on long-lived connections: after the 101, the
 * WebSocket *is* the TCP connection the cluster dealt out at connect time. Nothing after it is
 * balanced again. Clients are real ones (the `ws` package), so a wrong handshake fails them.
 *
 * Attach it to any http.Server: `server.on('upgrade', websocketHello)`.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { SERVED_BY_HEADER } from './hello-app.ts';

/** The fixed string RFC 6455 appends to the client's key before hashing. */
const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

const OPCODE_TEXT = 0x1;
const OPCODE_CLOSE = 0x8;

/** What the server must answer with, for the client's Sec-WebSocket-Key. */
export function acceptKeyFor(clientKey: string): string {
  return createHash('sha1')
    .update(clientKey + HANDSHAKE_GUID)
    .digest('base64');
}

/** One unmasked frame from the server (payloads here are short: under 126 bytes). */
function serverFrame(opcode: number, payload: Buffer): Buffer {
  if (payload.length > 125) throw new RangeError('websocket-hello sends short frames only');
  return Buffer.concat([Buffer.from([0x80 | opcode, payload.length]), payload]);
}

/**
 * The 'upgrade' listener: answers the handshake, says hello, and holds the connection.
 * A request that is not a WebSocket upgrade gets 400 and is closed: nothing is left half open.
 */
export function websocketHello(req: IncomingMessage, socket: Duplex, _head?: Buffer): void {
  websocketHelloAs(String(process.pid))(req, socket);
}

/** The same for a server that is not a whole process (a worker thread: `<pid>.<threadId>`). */
export function websocketHelloAs(servedBy: string) {
  return (req: IncomingMessage, socket: Duplex): void => {
    socket.on('error', () => socket.destroy()); // a client that vanishes is not the server's error
    // An http.Server's sockets allow half-open connections, and after an upgrade no parser ends
    // ours: a client that leaves without a close frame would stay in CLOSE_WAIT, held by the
    // worker, and keep server.close() waiting for ever. Its end ends ours.
    socket.on('end', () => socket.end());
    const key = req.headers['sec-websocket-key'];
    if (String(req.headers.upgrade).toLowerCase() !== 'websocket' || typeof key !== 'string') {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    socket.write(
      [
        'HTTP/1.1 101 Switching Protocols',
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Accept: ${acceptKeyFor(key)}`,
        `${SERVED_BY_HEADER}: ${servedBy}`,
        '',
        '',
      ].join('\r\n'),
    );
    socket.write(serverFrame(OPCODE_TEXT, Buffer.from(`hello from ${servedBy}`)));
    // The client's frames are masked; only the first byte (FIN + opcode) matters here: the
    // clients of this project send nothing but their close. It is answered, and the connection
    // ended, as the protocol's closing handshake asks.
    socket.on('data', (chunk: Buffer) => {
      if (((chunk[0] ?? 0) & 0x0f) === OPCODE_CLOSE) {
        socket.end(serverFrame(OPCODE_CLOSE, Buffer.alloc(0)));
      }
    });
  };
}
