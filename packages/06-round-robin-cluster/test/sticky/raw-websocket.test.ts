/**
 * Raw WebSocket clients (the `ws` package, no socket.io): a session is R round trips on ONE
 * connection, and a connection is what every primary here deals out, so no way needs
 * stickiness — plain round robin completes every session, where polling socket.io fails.
 *
 *   cluster round robin (node:cluster, the clone) → every session, each on one worker
 *   stage 04's per-connection primary, RoundRobin  → the same, 6 sessions on each worker
 *   stage 04's per-connection primary, AddressHash, one source address → every session, one worker
 *
 * The program is the chapter's demo, demos/sticky-sessions.ts --client ws.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { DEMO, demoArgs, impls, packageDir, programRuns } from './run.ts';

const harness = useHarness();
const CLIENTS = 12;
const args = (way: string, sources = 0) =>
  demoArgs(way, { clients: CLIENTS, sources, client: 'ws' });
const program = DEMO;
const report = programRuns(harness, [
  ...impls.map((impl) => ({ key: `plain ${impl}`, program, impl, args: args('plain') })),
  { key: 'per-connection', program, impl: 'node' as const, args: args('per-connection') },
  {
    key: 'by address, 1 source',
    program,
    impl: 'node' as const,
    args: args('per-connection-by-address', 1),
  },
]);

describe('raw WebSocket sessions over two workers', () => {
  it.each(impls)(
    'plain cluster round robin on %s: every session completes, each on one worker',
    (impl) => {
      const r = report(`plain ${impl}`);
      expect(r.client).toBe('ws');
      expect(r.clone).toBe(impl === 'clone');
      expect(r.completed).toBe(CLIENTS);
      expect(r.failures).toEqual({});
      expect(r.mixed).toBe(0);
      expect(r.roundTrips).toBe(CLIENTS * 5);
      // How a burst of connections splits is the cluster's business (a worker that is free again
      // first takes the next one waiting): not asserted. Only that they were this run's workers.
      for (const pid of Object.keys(r.sessionsPerWorker))
        expect(r.workerPids).toContain(Number(pid));
    },
  );

  it("stage 04's per-connection primary, RoundRobin: every session completes, dealt out in strict turn", () => {
    const r = report('per-connection');
    expect(r.clone).toBeNull();
    expect(r.completed).toBe(CLIENTS);
    expect(r.mixed).toBe(0);
    // stage 04's RoundRobin takes turns whatever the workers do: 12 connections, 6 each
    expect(Object.values(r.sessionsPerWorker)).toEqual([CLIENTS / 2, CLIENTS / 2]);
  });

  it('AddressHash from one source address: every session completes, all on one worker', () => {
    const r = report('by address, 1 source');
    expect(r.completed).toBe(CLIENTS);
    expect(Object.keys(r.sessionsPerWorker)).toHaveLength(1);
  });

  it('--client ws with a way that reads socket.io (sticky) is refused, naming the ways it fits', async () => {
    const child = harness.start(`${packageDir}${program}`, {
      args: ['--way', 'sticky', '--client', 'ws', '--quiet'],
      cwd: packageDir,
      name: 'sticky-sessions.ts --way sticky --client ws',
    });
    const status = await child.waitForExit({ what: 'the demo to refuse --client ws with sticky' });
    expect(status.code).not.toBe(0);
    expect(child.stderr).toContain('--client ws goes with --way plain | per-connection');
  });
});
