/**
 * Exercise 07.1: upstreamKeepAlive() makes nginx reuse its connections to the hosts.
 * Run: npm run verify -- 07.1 (your file) · npm run solution -- 07.1
 */
import { pickTarget } from '@cluster-from-scratch/kit/exercises';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import * as starter from '../../exercises/keepalive.ts';
import * as solution from '../../src/keepalive.ts';
import { runLoad } from '../../src/probe.ts';
import { tallyFront } from '../../src/tally.ts';
import { describeWithNginx, startTestFront } from '../support/nginx.ts';

const { upstreamKeepAlive } = pickTarget({ starter, solution });

describe('exercise 07.1: the directives', () => {
  it('0 connections: no directives at all', () => {
    expect(upstreamKeepAlive(0)).toEqual({ upstream: [], location: [] });
  });

  it('8 connections: keepalive 8 for the upstream block; HTTP/1.1 and an empty Connection header for the location', () => {
    const { upstream, location } = upstreamKeepAlive(8);
    expect(upstream).toContain('keepalive 8;');
    expect(location).toContain('proxy_http_version 1.1;');
    expect(location.some((line) => /^proxy_set_header\s+Connection\s+(""|'');$/.test(line))).toBe(
      true,
    );
  });
});

describeWithNginx('exercise 07.1: what nginx does with them', () => {
  const harness = useHarness();

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
