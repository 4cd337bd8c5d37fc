import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { helloHandler, helloHandlerAs } from '../src/hello-app.ts';
import {
  freshConnections,
  keepAlive,
  parseServedBy,
  tally,
  workerLabel,
} from '../src/http-load.ts';

// In-process server: these tests check the load client's counting, not scheduling.
let server: Server | undefined;
async function hello(handler = helloHandler): Promise<number> {
  server = createServer(handler);
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

  it('tallies a server that names threads (<pid>.<threadId>) per thread, on both clients', async () => {
    const names = [`${process.pid}.1`, `${process.pid}.2`];
    let turn = 0;
    const port = await hello((req, res) => helloHandlerAs(names[turn++ % 2] as string)(req, res));
    const fresh = tally(await freshConnections({ port, requests: 10 }));
    expect(fresh.failed).toBe(0);
    expect(fresh.workers.map(workerLabel).sort()).toEqual(names);
    expect(fresh.workers.map((w) => w.requests)).toEqual([5, 5]);
    const kept = await keepAlive({ port, requests: 4, connections: 1 });
    expect(kept.map((r) => r.thread).sort()).toEqual([1, 1, 2, 2]);
    expect(kept.every((r) => r.servedBy === process.pid)).toBe(true);
  });
});

describe('parseServedBy', () => {
  it('reads a pid, or a pid and a thread id; anything else names nobody', () => {
    expect(parseServedBy('4242')).toEqual({ servedBy: 4242 });
    expect(parseServedBy('4242.10')).toEqual({ servedBy: 4242, thread: 10 });
    expect(parseServedBy('4242.1')).not.toEqual(parseServedBy('4242.10'));
    expect(parseServedBy(undefined)).toEqual({});
    expect(parseServedBy('0')).toEqual({});
    expect(parseServedBy('abc')).toEqual({});
    expect(parseServedBy('42.x')).toEqual({});
  });
});
