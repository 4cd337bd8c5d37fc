/**
 * socket.io sessions across two workers, counted: N clients, each R round trips over the
 * long-polling transport (or WebSocket only), on node:cluster and on the clone (through the
 * register entry). The program is the chapter's demo, demos/sticky-sessions.ts.
 *
 *   plain round robin, polling   → most sessions fail (their requests reach both workers)
 *   @socket.io/sticky, polling   → every session completes, each on one worker
 *   plain round robin, WebSocket → every session completes (one connection per session)
 *   a broadcast from worker 1    → reaches only its own clients, unless the workers share
 *                                  @socket.io/cluster-adapter: then every client
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { DEMO, demoArgs, impls, programRuns } from './run.ts';

const harness = useHarness();
const CLIENTS = 12;
const args = (way: string) => demoArgs(way, { clients: CLIENTS });
const ways = ['plain', 'sticky', 'websocket'] as const;
const report = programRuns(harness, [
  ...[...ways, 'broadcast', 'broadcast-adapter'].flatMap((way) =>
    impls.map((impl) => ({
      key: `${way} ${impl}`,
      program: DEMO,
      impl,
      args: args(way),
    })),
  ),
]);

describe.each(impls)('socket.io over two workers on %s', (impl) => {
  it('runs on the cluster it was meant to (the register entry gives the clone)', () => {
    for (const way of ways) expect(report(`${way} ${impl}`).clone).toBe(impl === 'clone');
  });

  it('plain round robin, polling: most sessions fail, with "Session ID unknown" behind them', () => {
    const r = report(`plain ${impl}`);
    expect(r.clients).toBe(CLIENTS);
    expect(r.completed).toBeLessThan(CLIENTS / 2);
    // a failed session's requests reached both workers, or it failed before a second answer
    expect(Object.keys(r.failures).length).toBeGreaterThan(0);
  });

  it('@socket.io/sticky in the primary, polling: every session completes, each on one worker', () => {
    const r = report(`sticky ${impl}`);
    // sticky's known race can fail a handshake; the client tries it again, as socket.io does
    if (r.retries > 0) console.log(`[sticky ${impl}] handshakes tried again: ${r.retries}`);
    expect(r.completed).toBe(CLIENTS);
    expect(r.failures).toEqual({});
    expect(r.mixed).toBe(0);
  });

  it('WebSocket only, plain round robin: every session completes without stickiness', () => {
    const r = report(`websocket ${impl}`);
    expect(r.completed).toBe(CLIENTS);
    expect(r.mixed).toBe(0);
    // and both workers had sessions: the connections were dealt out as usual
    expect(Object.keys(r.sessionsPerWorker)).toHaveLength(2);
  });

  it("a broadcast from one worker reaches only that worker's clients without a shared adapter", () => {
    const r = report(`broadcast ${impl}`);
    expect(r.onFirstWorker).toBeGreaterThan(0);
    expect(r.onFirstWorker).toBeLessThan(CLIENTS); // the other worker has clients too
    expect(r.reached).toBe(r.onFirstWorker);
  });

  it('@socket.io/cluster-adapter: a broadcast from one worker reaches the clients of both', () => {
    const r = report(`broadcast-adapter ${impl}`);
    expect(r.onFirstWorker).toBeLessThan(CLIENTS);
    expect(r.reached).toBe(CLIENTS);
  });
});
