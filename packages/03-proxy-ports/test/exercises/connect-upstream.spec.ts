/**
 * Exercise 03.3: connectUpstream() retries a refused worker on the next one.
 * Real sockets on 127.0.0.1: one live server, and ports nobody listens on.
 */

import { createServer, type Server, type Socket } from 'node:net';
import { pickTarget } from '@cluster-from-scratch/kit/exercises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as starter from '../../exercises/connect-upstream.ts';
import * as solution from '../../src/connect-upstream.ts';

const { connectUpstream, NoUpstreamError } = pickTarget({ starter, solution });

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

let live: Server;
let livePort = 0;
let deadPorts: number[] = [];

beforeAll(async () => {
  live = createServer((socket) => socket.end());
  livePort = await listen(live);
  // A port that was just free and closed again: connects to it are refused.
  deadPorts = await Promise.all(
    [1, 2].map(async () => {
      const s = createServer();
      const port = await listen(s);
      await new Promise((resolve) => s.close(resolve));
      return port;
    }),
  );
});
afterAll(() => new Promise((resolve) => live.close(resolve)));

const upstream = (id: number, port: number) => ({ id, pid: 1000 + id, host: '127.0.0.1', port });

describe('03.3 connectUpstream()', () => {
  it('skips a refusing worker and connects to the next one; the client would never know', async () => {
    const dead = upstream(1, deadPorts[0] ?? 0);
    const alive = upstream(2, livePort);
    const told: unknown[] = [];
    const result = await connectUpstream([dead, alive], {
      retry: true,
      onRefused: (u, error) => told.push([u.id, error.code]),
    });
    expect(result.upstream).toBe(alive);
    expect(result.refused).toEqual([dead]);
    expect((result.socket as Socket).remotePort).toBe(livePort);
    expect(told).toEqual([[1, 'ECONNREFUSED']]);
    result.socket.destroy();
  });

  it('takes the first candidate when it accepts, without trying the others', async () => {
    const tried: number[] = [];
    const result = await connectUpstream([upstream(1, livePort), upstream(2, deadPorts[0] ?? 0)], {
      retry: true,
      connect: async (u) => {
        tried.push(u.id);
        return solution.connectTo(u);
      },
    });
    expect(tried).toEqual([1]);
    expect(result.refused).toEqual([]);
    result.socket.destroy();
  });

  it('without retry (the naive proxy), a refusal is the end: the error reaches the caller', async () => {
    await expect(
      connectUpstream([upstream(1, deadPorts[0] ?? 0), upstream(2, livePort)], { retry: false }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('when every worker refuses, or there is none, it fails with NoUpstreamError naming them', async () => {
    const all = [upstream(1, deadPorts[0] ?? 0), upstream(2, deadPorts[1] ?? 0)];
    const error = await connectUpstream(all, { retry: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoUpstreamError);
    expect((error as InstanceType<typeof NoUpstreamError>).refused).toEqual(all);
    expect(String(error)).toMatch(/worker 1 .*worker 2/);
    await expect(connectUpstream([], { retry: true })).rejects.toBeInstanceOf(NoUpstreamError);
  });

  it('a reset while connecting is retried too: no byte of the request was sent yet', async () => {
    const tried: number[] = [];
    const result = await connectUpstream([upstream(1, livePort), upstream(2, livePort)], {
      retry: true,
      connect: async (u) => {
        tried.push(u.id);
        if (u.id === 1)
          throw Object.assign(new Error('connect ECONNRESET'), { code: 'ECONNRESET' });
        return solution.connectTo(u);
      },
    });
    expect(tried).toEqual([1, 2]);
    expect(result.upstream.id).toBe(2);
    expect(result.refused.map((u) => u.id)).toEqual([1]);
    result.socket.destroy();
  });
});
