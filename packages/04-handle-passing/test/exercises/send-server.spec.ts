/**
 * Exercise 04.3: send the listening handle, and report a dead child instead of throwing.
 */
import { freshConnections } from '@cluster-from-scratch/kit/http-load';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { fixture } from '../helpers.ts';

describe('exercise 04.3: sendServer', () => {
  const harness = useHarness();

  it('shares the server with a live worker and rejects with HandleSendError for an exited one', async () => {
    const child = harness.start(fixture('send-to-exited.ts'), { args: ['--target', 'exercise'] });
    const report = await child.waitForMessage<{
      deadPid: number;
      alivePid: number;
      error?: { name: string; code: string };
      port: number;
    }>(() => true, { what: 'the send-to-exited report' });
    expect(report.error).toMatchObject({ name: 'HandleSendError', code: 'ERR_IPC_CHANNEL_CLOSED' });
    const results = await freshConnections({ port: report.port, requests: 3 });
    expect(results.map((r) => r.servedBy)).toEqual(Array(3).fill(report.alivePid));
  });
});
