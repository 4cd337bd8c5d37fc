import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { helloHandler } from '../src/hello-app.ts';
import { freshConnections, keepAlive, tally } from '../src/http-load.ts';

// In-process server: these tests check the load client's counting, not scheduling.
let server: Server | undefined;
async function hello(): Promise<number> {
  server = createServer(helloHandler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}
afterEach(
  () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
);

describe('load clients', () => {
  it('opens one connection per request with freshConnections', async () => {
    const port = await hello();
    const connections: unknown[] = [];
    server!.on('connection', (socket) => connections.push(socket));
    const results = await freshConnections({ port, requests: 20, concurrency: 4 });
    expect(results).toHaveLength(20);
    expect(connections).toHaveLength(20);
    expect(tally(results)).toEqual({
      workers: [{ pid: process.pid, requests: 20, connections: 20 }],
      failed: 0,
    });
  });

  it('pins each lane to one connection with keepAlive', async () => {
    const port = await hello();
    const connections: unknown[] = [];
    server!.on('connection', (socket) => connections.push(socket));
    const results = await keepAlive({ port, requests: 30, connections: 3 });
    expect(results).toHaveLength(30);
    expect(connections).toHaveLength(3);
    expect(tally(results).workers[0]?.connections).toBe(3);
  });

  it('counts a refused connection as a failure, not a silence', async () => {
    const port = await hello();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const results = await freshConnections({ port, requests: 3 });
    expect(tally(results)).toEqual({ workers: [], failed: 3 });
    expect(results[0]?.error).toBe('ECONNREFUSED');
  });
});
