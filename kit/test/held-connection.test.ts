/**
 * A held connection: it names the worker that answered, stays open past the server's keep-alive
 * timeout by asking again, and says who ended it. An in-process server: these tests check the
 * client, not scheduling.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { holdConnection } from '../src/held-connection.ts';
import { helloHandler } from '../src/hello-app.ts';
import { waitForEvent } from '../src/timeout.ts';

let server: Server | undefined;
async function hello(): Promise<number> {
  server = createServer(helloHandler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}
afterEach(() => {
  server?.closeAllConnections();
  return new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe('holdConnection', () => {
  it("needs its heartbeat: Node's HTTP server closes a keep-alive connection idle for 5 s", () => {
    expect(createServer().keepAliveTimeout).toBe(5_000);
  });

  it('connects from its own address, names who answered, and outlives the keep-alive timeout', async () => {
    const port = await hello();
    // Far shorter than the heartbeats it will take to count five requests.
    server!.keepAliveTimeout = 150;
    const sockets: Socket[] = [];
    server!.on('connection', (socket) => sockets.push(socket));
    let requests = 0;
    server!.on('request', () => requests++);
    const held = await holdConnection({ port, localAddress: '127.0.0.23', heartbeatMs: 50 });
    expect(held.servedBy).toBe(process.pid);
    expect(held.thread).toBeUndefined();
    expect(sockets[0]?.remoteAddress).toBe('127.0.0.23');
    await waitForEvent(server!, 'request', {
      filter: () => requests >= 6,
      what: 'five heartbeats on the held connection',
    });
    expect(sockets, 'one connection all along').toHaveLength(1);
    expect(sockets[0]?.destroyed).toBe(false);
    // ('close', not events.once: a heartbeat's answer may be unread, and the reset is an 'error')
    const serverSide = new Promise((resolve) => sockets[0]!.once('close', resolve));
    held.close();
    expect(await held.closed).toEqual({ byClient: true });
    await serverSide;
  });

  it('says when the server side went away', async () => {
    const port = await hello();
    const connected = once(server!, 'connection') as Promise<[Socket]>;
    const held = await holdConnection({ port });
    const [socket] = await connected;
    socket.destroy();
    expect(await held.closed).toEqual({ byClient: false });
  });

  it('fails to open, with the reason, when nobody listens', async () => {
    const port = await hello();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    await expect(holdConnection({ port })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
