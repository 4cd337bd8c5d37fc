/**
 * Exercise 07.1: upstreamKeepAlive() makes nginx reuse its connections to the hosts.
 * Run: npm run verify -- 07.1 (your file) · npm run solution -- 07.1
 */
import { pickTarget } from '@cluster-from-scratch/kit/exercises';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { expect, it } from 'vitest';
import * as starter from '../../exercises/keepalive.ts';
import * as solution from '../../src/keepalive.ts';
import { runLoad } from '../../src/probe.ts';
import { tallyFront } from '../../src/tally.ts';
import { describeWithNginx, startTestFront } from '../support/nginx.ts';

const { upstreamKeepAlive } = pickTarget({ starter, solution });

describeWithNginx('exercise 07.1: upstream keep-alive', () => {
  const harness = useHarness();

  it('0 connections: no directives at all', () => {
    expect(upstreamKeepAlive(0)).toEqual({ upstream: [], location: [] });
  });

  it('20 requests one after the other through one nginx worker: 1 upstream connection, 20 answers', async () => {
    const front = await startTestFront(harness, {
      hosts: 1,
      workers: 2,
      kind: 'cluster',
      nginx: { workerProcesses: 1, keepAliveDirectives: upstreamKeepAlive(8) },
    });
    const t = tallyFront(await runLoad({ port: front.nginx.port, requests: 20 }), front.hosts);
    expect(t.failed).toBe(0);
    expect(t.upstreamConnections, 'TCP connections nginx opened to the host for 20 requests').toBe(
      1,
    );
  });
});
