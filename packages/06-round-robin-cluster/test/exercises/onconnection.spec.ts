/**
 * Exercise 06.3: routing a newconn to the right server in the worker (and declining).
 * First on its own, then inside the whole clone (every worker uses your onconnection).
 */
import { pickTarget } from '@cluster-from-scratch/kit/exercises';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import * as starter from '../../exercises/onconnection.ts';
import * as solution from '../../src/onconnection.ts';
import type { Report } from '../differential.ts';
import { runExercise } from './run-fixture.ts';

const harness = useHarness();
const { onconnection } = pickTarget({ starter, solution });

/** A server entry that records what it was given. */
function entry(maxConnections?: number, connections = 0) {
  const got: unknown[] = [];
  const handle = {
    onconnection(this: unknown, err: number, socket?: unknown) {
      got.push({ err, socket, self: this });
    },
  };
  return { got, handle, value: { handle, server: { maxConnections, _connections: connections } } };
}

function socket() {
  const s = { closed: 0, close: () => s.closed++ };
  return s;
}

describe('06.3 onconnection on its own', () => {
  it('gives the socket to the server with that key, as a method call, after acking true', () => {
    const a = entry();
    const b = entry();
    const servers = new Map([
      ['null:0:4:undefined:0', a.value],
      ['null:0:4:undefined:1', b.value],
    ]);
    const acks: boolean[] = [];
    const s = socket();
    onconnection({ key: 'null:0:4:undefined:1' }, s, servers, (ok) => acks.push(ok));
    expect(acks).toEqual([true]);
    expect(a.got).toEqual([]);
    expect(b.got).toEqual([{ err: 0, socket: s, self: b.handle }]);
    expect(s.closed).toBe(0);
  });

  it('declines (and closes its copy) when no server has the key', () => {
    const acks: boolean[] = [];
    const s = socket();
    onconnection({ key: 'nope' }, s, new Map(), (ok) => acks.push(ok));
    expect(acks).toEqual([false]);
    expect(s.closed).toBe(1);
  });

  it('declines when the server is at maxConnections', () => {
    const full = entry(2, 2);
    const acks: boolean[] = [];
    const s = socket();
    onconnection({ key: 'k' }, s, new Map([['k', full.value]]), (ok) => acks.push(ok));
    expect(acks).toEqual([false]);
    expect(full.got).toEqual([]);
    expect(s.closed).toBe(1);
  });
});

describe('06.3 onconnection in the clone', () => {
  let r: Report;
  beforeAll(async () => {
    r = await runExercise(harness, 'onconnection.ts');
  }, 90_000);

  it('connections to port A reach server A, to port B server B, in every worker', () => {
    expect(r.routed).toEqual(['A→A', 'B→B', 'B→B', 'A→A']);
  });

  it('a worker at maxConnections declines and the other worker gets the connection', () => {
    expect(r.limitedServedBy.filter((pid: number) => pid === r.pids[0])).toHaveLength(1);
    expect(r.limitedServedBy.filter((pid: number) => pid === r.pids[1])).toHaveLength(3);
  });
});
