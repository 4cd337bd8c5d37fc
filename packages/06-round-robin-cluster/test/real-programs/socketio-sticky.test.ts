/**
 * socket.io 4 behind @socket.io/sticky 2 (the primary reads each request and forwards the
 * connection to the worker that owns its session), with socket.io-client polling clients:
 * the same program on node:cluster and on the clone. Polling makes every message a new HTTP
 * request, so a round trip completes only if each one reaches the session's worker.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { impls, noneAlive, type Report } from '../differential.ts';
import { needInstalled, startProgram } from './run-program.ts';

needInstalled('socket.io', 'socket.io-client', '@socket.io/sticky');
const harness = useHarness();
const CLIENTS = 20;

describe.each(impls)('@socket.io/sticky + socket.io 4 on %s', (impl) => {
  it(`${CLIENTS} of ${CLIENTS} polling clients complete their round trip, spread over both workers`, async () => {
    const app = startProgram(harness, 'socketio-sticky.cjs', impl, { CLIENTS: String(CLIENTS) });
    const [, json] = await app.waitForLine(/^report (.*)$/, {
      what: `the socket.io program's report (${impl})`,
      timeout: 45_000,
    });
    const report = JSON.parse(json as string) as Report;
    expect(report.clone).toBe(impl === 'clone');
    if (report.retried.length > 0)
      console.log(`[${impl} ${process.version}] retried: ${report.retried.join(', ')}`);
    expect(report.errors).toEqual([]);
    expect(report.completed).toBe(CLIENTS);
    // round-robin balancing in sticky: each worker owns some of the sessions
    expect(Object.keys(report.servedBy).map(Number).sort()).toEqual([...report.workerPids].sort());
    expect(await app.waitForExit({ what: 'the program to end' })).toEqual({
      code: 0,
      signal: null,
    });
    await noneAlive(report.workerPids, 'the socket.io workers');
  });
});
