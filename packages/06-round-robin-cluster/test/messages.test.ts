/**
 * Differential: user messages both ways, the env given to fork, and the internal protocol
 * (cmd 'NODE_CLUSTER', act, seq/ack) as both sides see it — on node:cluster and on the clone.
 */
import { observe } from '@cluster-from-scratch/kit/line-observations';
import { nodeHas } from '@cluster-from-scratch/kit/node-lines';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureRuns, impls, type Report } from './differential.ts';

const harness = useHarness();
const report = fixtureRuns(harness, 'messages');

const isCluster = (m: Report) => m.cmd === 'NODE_CLUSTER';

describe.each(impls)('messages on %s', (impl) => {
  let r: Report;
  beforeAll(() => {
    r = report(impl);
  });

  it("a3-24, a5-25: worker → primary: worker 'message' and cluster 'message' (worker, message, handle)", () => {
    expect(r.helloFrom.sort()).toEqual([1, 2]);
    expect(r.fromWorkers[1][0]).toEqual({ type: 'hello' });
    expect(r.clusterMessageArgs.every((n: number) => n === 3)).toBe(true);
  });

  it('primary → worker: worker.send reaches process.on("message") and cluster.worker "message"', () => {
    expect(r.sent).toEqual([true, true]);
    expect(r.replies.map((m: Report) => m.n)).toEqual([1, 2]);
    for (const [i, log] of r.workerLogs.entries()) {
      const expected = [{ type: 'ping', n: i + 1 }, { type: 'report-please' }];
      expect(log.received).toEqual(expected);
      expect(log.viaWorker).toEqual(expected);
    }
  });

  it("user and internal messages never mix: no cmd 'NODE_CLUSTER' reaches a user listener", () => {
    const everythingUserSide = [
      ...r.workerLogs.flatMap((log: Report) => [...log.received, ...log.viaWorker]),
      ...r.fromWorkers[1],
      ...r.fromWorkers[2],
    ];
    expect(everythingUserSide.some((m: Report) => 'cmd' in m || 'act' in m)).toBe(false);
    // …while the internal traffic did happen (connections were handed over).
    expect(r.served.every((pid: number) => typeof pid === 'number')).toBe(true);
  });

  it('a5-11: fork(env) adds the env to the worker environment', () => {
    expect(r.said[0].custom).toBe('yes');
    expect(r.said[1].custom).toBeUndefined();
  });

  it("a5-12: the id variable is set after the user's env, so fork({<id var>: '99'}) cannot change the id", () => {
    expect(r.said.map((s: Report) => s.id)).toEqual([1, 2]);
    expect(r.said.every((s: Report) => s.idVarInEnv === false)).toBe(true);
  });

  it('a1-50: the primary acts on message.act, seen in the order online → queryServer → listening', () => {
    for (const id of [1, 2]) {
      const acts = r.internal[id].filter(isCluster).map((m: Report) => m.act ?? 'ack');
      expect(acts.slice(0, 3)).toEqual(['online', 'queryServer', 'listening']);
    }
  });

  it('a1-45: queryServer carries {act, index, data:null, …the listen options}: address, port, addressType, backlog (and flags from Node 22.12 / 23.1), seq', () => {
    const query = r.internal[1].find((m: Report) => m.act === 'queryServer');
    // net passes its listen options on as they are; the reusePort change added `flags`
    // (SO_REUSEPORT, IPv6-only) to them, so from 22.12 / 23.1 the message has one field more.
    const flags = nodeHas('reusePort') ? { flags: 0 } : {};
    expect(query).toEqual({
      cmd: 'NODE_CLUSTER',
      act: 'queryServer',
      index: 0,
      data: null,
      address: null,
      port: 0,
      addressType: 4,
      ...flags,
      backlog: 0,
      seq: 1,
      handle: false,
    });
    if (impl === 'node') {
      const fields = Object.keys(query).filter((k) => !['cmd', 'seq', 'handle'].includes(k));
      observe('a1-45', 'holds', `queryServer fields: ${fields.join(', ')}`, 'reusePort');
    }
  });

  it('a1-49, a1-51: the reply acks the seq and names the key address:port:addressType:fd:index', () => {
    for (const log of r.workerLogs) {
      const reply = log.internalSeen[0];
      expect(reply).toMatchObject({
        cmd: 'NODE_CLUSTER',
        errno: null,
        key: 'null:0:4:undefined:0',
        ack: 1, // the worker's queryServer was its seq 1 (online was 0)
        data: null,
        handle: false,
      });
      expect(reply.sockname.port).toBeGreaterThan(0);
    }
  });

  it('a1-55: each connection comes as {act:"newconn", key, seq} with a handle, acked {accepted:true}', () => {
    for (const [i, log] of r.workerLogs.entries()) {
      const newconns = log.internalSeen.filter((m: Report) => m.act === 'newconn');
      const pid = r.replies[i].pid;
      expect(newconns.length).toBe(r.served.filter((p: number) => p === pid).length);
      for (const m of newconns) {
        expect(m).toEqual({
          cmd: 'NODE_CLUSTER',
          act: 'newconn',
          key: 'null:0:4:undefined:0',
          seq: m.seq,
          handle: true,
        });
        // The worker's answer, as the primary saw it.
        const ack = r.internal[i + 1].find((a: Report) => a.ack === m.seq);
        expect(ack).toMatchObject({ accepted: true });
      }
    }
  });
});
