/**
 * The hand-written WebSocket handshake against a real client (the `ws` package): the client
 * refuses a wrong Sec-WebSocket-Accept, so an open connection proves the handshake. In-process
 * server: these tests check the protocol's few steps, not scheduling (stage 06's tests and the
 * long-lived benchmark hold these connections across workers).
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { holdWebSocket } from '../src/held-websocket.ts';
import { withTimeout } from '../src/timeout.ts';
import { acceptKeyFor, websocketHello, websocketHelloAs } from '../src/websocket-hello.ts';

let server: Server | undefined;
const serverSockets: Socket[] = [];
async function listening(onUpgrade = websocketHello): Promise<number> {
  server = createServer((_req, res) => res.end('plain HTTP'));
  server.on('upgrade', onUpgrade);
  server.on('connection', (socket) => serverSockets.push(socket));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}
const socketClosed = (socket: Socket) =>
  withTimeout(
    new Promise<void>((resolve) =>
      socket.destroyed ? resolve() : socket.once('close', () => resolve()),
    ),
    'the server side of the WebSocket to close',
  );
afterEach(async () => {
  for (const s of serverSockets.splice(0)) s.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('a WebSocket answered by hand', () => {
  it("computes the accept value of RFC 6455's own example", () => {
    expect(acceptKeyFor('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('opens for a real client, names the process, and ends with a closing handshake', async () => {
    const port = await listening();
    const held = await holdWebSocket(port, '127.0.0.5');
    expect(held.pid).toBe(process.pid);
    expect(held.isClosed()).toBe(false);
    const [serverSide] = serverSockets;
    expect(serverSide?.remoteAddress).toBe('127.0.0.5'); // the source address the client chose
    await held.leave();
    expect(await held.closed).toBe('client');
    await socketClosed(serverSide as Socket); // the server answered the close and let go
  });

  it('tells the client when the server side goes away', async () => {
    const port = await listening(websocketHelloAs('77.3'));
    const held = await holdWebSocket(port, '127.0.0.6');
    expect(held.servedBy).toBe('77.3');
    serverSockets[0]?.destroy(); // as a killed worker's kernel would
    expect(await withTimeout(held.closed, 'the client to see the drop')).toBe('server');
  });

  it('lets go of a client that leaves without a close frame (no CLOSE_WAIT left behind)', async () => {
    const port = await listening();
    const held = await holdWebSocket(port, '127.0.0.8');
    held.cut();
    await socketClosed(serverSockets[0] as Socket);
  });

  it('answers an upgrade to anything else with 400 and closes', async () => {
    const port = await listening();
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({
        port,
        host: '127.0.0.1',
        headers: { connection: 'Upgrade', upgrade: 'h2c' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('upgrade', () => reject(new Error('upgraded to h2c')));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(400);
  });

  it('fails loudly when nothing answers the upgrade', async () => {
    const port = await listening(() => {}); // a server that never answers
    await expect(holdWebSocket(port, '127.0.0.7', 500)).rejects.toThrow(/WebSocket from 127.0.0.7/);
  });
});
