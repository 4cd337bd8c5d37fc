/**
 * Two forked children on one port: the second one cannot listen, and the primary says so.
 */

import { isAlive, listeningInodes, socketInodes } from '@cluster-from-scratch/kit/platform';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import type { SamePortOutcome } from '../src/same-port.ts';
import { fixture } from './support.ts';

interface Outcomes {
  type: 'outcomes';
  port: number;
  outcomes: SamePortOutcome[];
}

describe('two forked children, one port', () => {
  const harness = useHarness();

  async function run(mode: 'handled' | 'unhandled') {
    const primary = harness.start(fixture('same-port-primary.ts'), { args: [mode] });
    const report = await primary.waitForMessage<Outcomes>(
      (m) => (m as Outcomes).type === 'outcomes',
      { what: 'what the two children did', timeout: 30_000 },
    );
    return { primary, report };
  }

  it('a1-21 / a4-09: the second child gets EADDRINUSE and the primary reports it; the first keeps the port', async () => {
    const { primary, report } = await run('handled');
    const [first, second] = report.outcomes;
    expect(first?.port).toBe(report.port);
    expect(first?.exit).toBeUndefined(); // still running, still listening
    expect(second?.askedPort).toBe(report.port);
    expect(second?.port).toBeUndefined();
    // The child reported its own failure over IPC, then exited with code 1 (not a crash).
    expect(second?.error?.code).toBe('EADDRINUSE');
    expect(second?.exit).toEqual({ code: 1, signal: null });
    expect(second?.stderr).toBe('');
    expect(isAlive(second?.pid ?? 0)).toBe(false);
    // The kernel's view: one listening socket on the port, and it is the first child's.
    const listening = listeningInodes(report.port);
    expect(listening).toHaveLength(1);
    expect(socketInodes(first?.pid ?? 0)).toContain(listening[0]);

    primary.send({ cmd: 'stop' });
    await primary.waitForMessage((m) => (m as { type: string }).type === 'stopped');
    expect(await primary.waitForExit()).toEqual({ code: 0, signal: null });
    expect(listeningInodes(report.port)).toEqual([]);
  });

  it("a3-08 (dated): unhandled, the child crashes with exit code 1; today's text is 'listen EADDRINUSE: address already in use' with node:net frames", async () => {
    const { primary, report } = await run('unhandled');
    const second = report.outcomes[1];
    // No report from the child itself: the primary learns it from the exit code and stderr.
    expect(second?.error).toBeUndefined();
    expect(second?.exit).toEqual({ code: 1, signal: null });
    expect(second?.stderr).toContain(
      `Error: listen EADDRINUSE: address already in use 127.0.0.1:${report.port}`,
    );
    expect(second?.stderr).toMatch(
      /at Server\.setupListenHandle \[as _listen2\] \(node:net:\d+:\d+\)/,
    );
    expect(second?.stderr).toMatch(/at listenInCluster \(node:net:\d+:\d+\)/);
    expect(second?.stderr).not.toMatch(/\(net\.js:/); // the article's "net.js:1360:14" form is gone
    expect(second?.stderr).toContain("code: 'EADDRINUSE'");
    primary.send({ cmd: 'stop' });
    expect(await primary.waitForExit()).toEqual({ code: 0, signal: null });
  });
});
