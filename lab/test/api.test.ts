/**
 * The lab server without a browser: its page, its API and the lab-hook path, against one lab
 * started for the whole file. (Starting, stopping and stage 05 are in lifecycle.test.ts.)
 */
import { createSocket } from 'node:dgram';
import { nodeHas, nodeSince } from '@cluster-from-scratch/kit/node-lines';
import { isAlive } from '@cluster-from-scratch/kit/platform';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../src/lab.ts';
import { live, post, type RunningLab, SseClient, startLab, sweepLabServers } from './helpers.ts';

const harness = useHarness({ scope: 'file' });
let lab: RunningLab;
const streams: SseClient[] = [];
beforeAll(async () => {
  lab = await startLab(harness);
});
// Runs before the harness's own teardown (after-hooks run last-registered first).
afterAll(() => {
  for (const s of streams.splice(0)) s.close();
  sweepLabServers(harness);
});

async function open(): Promise<SseClient> {
  const sse = await SseClient.open(lab);
  streams.push(sse);
  return sse;
}

describe('the lab server', () => {
  it('serves the page, Chart.js from node_modules, and every mode with why it may be disabled', async () => {
    const page = await (await fetch(lab.url)).text();
    expect(page).toContain('<canvas id="bars">');
    const chart = await fetch(new URL('vendor/chart.js', lab.url));
    expect(chart.status).toBe(200);
    expect(await chart.text()).toMatch(/Chart\.js v4/);
    const state = (await (await fetch(new URL('api/state', lab.url))).json()) as Snapshot;
    expect(state.modes.map((m) => m.id)).toEqual([
      'node-rr',
      'node-none',
      's03-proxy',
      's04-shared',
      's04-passing',
      's05-supervisor',
      's06-rr',
      's06-none',
      'node-reuseport',
      's04-reuse-port',
      's06-reuseport',
      's06-iphash',
      's06-leastconn',
      's07-nginx',
      's07-haproxy',
      's08-threads',
      's08-threads-proxy',
    ]);
    for (const mode of state.modes) {
      if (mode.enabled) expect(mode.script, mode.id).toMatch(/\.ts$/);
      else expect(mode.note, mode.id).toMatch(/^(stage \d\d has no server program yet|needs )/);
    }
    // A socket per worker: drawn with connections straight to the workers, and offered only on
    // a Node line where listen({ reusePort }) does something.
    const ownSocket = state.modes.filter((m) => m.accept === 'own-socket');
    expect(ownSocket.map((m) => m.id)).toEqual([
      'node-reuseport',
      's04-reuse-port',
      's06-reuseport',
      's08-threads',
    ]);
    for (const mode of ownSocket) {
      expect(mode.route, mode.id).toBe('direct');
      expect(mode.enabled, mode.id).toBe(nodeHas('reusePort'));
      if (!mode.enabled) {
        expect(mode.note, mode.id).toBe(
          `needs Node ${nodeSince('reusePort')} (this is ${process.versions.node})`,
        );
      }
    }
    expect(state.server.status).toBe('stopped');
  });

  it('passes lab-hook datagrams from the servers on to the page, and drops malformed ones', async () => {
    const sse = await open();
    const sender = harness.start(new URL('./fixtures/hook-sender.ts', import.meta.url), {
      env: { CFS_LAB_PORT: String(lab.hookPort) },
    });
    await sender.waitForMessage((m) => (m as { sent?: number }).sent === 3, {
      what: 'the fixture to send its events',
    });
    const junk = createSocket('udp4');
    await new Promise<void>((resolve) =>
      junk.send('not json', lab.hookPort, '127.0.0.1', () => resolve()),
    );
    junk.close();
    type Batch = {
      events: { kind: string; pid: number; worker?: number }[];
      requests: [number, number][];
    };
    const seen: Batch['events'] = [];
    const served = new Map<number, number>();
    await sse.next<Batch>(
      'hook',
      (batch) => {
        seen.push(...batch.events);
        for (const [pid, n] of batch.requests) served.set(pid, (served.get(pid) ?? 0) + n);
        return seen.length >= 2 && served.size > 0;
      },
      'the three hook events',
    );
    // accept and handoff one by one; requests (the many) as a count per pid.
    expect(seen.map((e) => e.kind)).toEqual(['accept', 'handoff']);
    expect(seen.every((e) => e.pid === sender.pid)).toBe(true);
    expect(seen[1]?.worker).toBe(4242);
    expect([...served]).toEqual([[sender.pid, 1]]);
    const counted = await sse.snapshot(
      (s) => s.hook.malformed === 1,
      'a snapshot counting the malformed datagram',
    );
    expect(counted.hook.counts).toMatchObject({ accept: 1, handoff: 1, request: 1 });
    expect(counted.hook.active).toBe(true);
  });

  it('refuses bad input with a clear message and changes nothing', async () => {
    const refused = async (path: string, body: unknown, status: number, message: RegExp) => {
      const answer = await post(lab, path, body);
      expect(answer.status, `${path} ${JSON.stringify(body)}`).toBe(status);
      expect(String(answer.body.error)).toMatch(message);
    };
    await refused('/api/server', { mode: 'nope', workers: 2 }, 400, /unknown mode "nope"/);
    await refused('/api/server', { workers: 2 }, 400, /mode is missing/);
    await refused(
      '/api/server',
      { mode: 'node-rr', workers: 9 },
      400,
      /workers must be from 1 to 8, got 9/,
    );
    await refused(
      '/api/server',
      { mode: 'node-rr', workers: 0 },
      400,
      /workers must be from 1 to 8/,
    );
    await refused(
      '/api/server',
      { mode: 'node-rr', workers: 'many' },
      400,
      /workers must be a whole number/,
    );
    await refused('/api/server', [1, 2], 400, /expected a JSON object/);
    await refused('/api/load', { kind: 'fresh' }, 409, /no server is running/);
    await refused(
      '/api/load',
      { kind: 'udp' },
      400,
      /kind must be one of keep-alive, fresh, browser/,
    );
    await refused('/api/load', { kind: 'fresh', seconds: 61 }, 400, /seconds must be from 1 to 60/);
    // Held connections are watched for longer, still bounded.
    await refused(
      '/api/load',
      { kind: 'long-lived', seconds: 601 },
      400,
      /seconds must be from 1 to 600/,
    );
    await refused(
      '/api/load',
      { kind: 'keep-alive', connections: 65 },
      400,
      /connections must be from 1 to 64/,
    );
    await refused('/api/kill', {}, 409, /no server is running/);
    await refused('/api/restart', {}, 409, /no server is running/);
    await refused('/api/teleport', {}, 404, /no such action/);
    const notJson = await post(lab, '/api/server', 'mode=node-rr', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(notJson.status).toBe(400);
    expect(String(notJson.body.error)).toMatch(/as JSON/);
    const broken = await post(lab, '/api/server', '{"mode": ');
    expect(broken.status).toBe(400);
    expect(String(broken.body.error)).toMatch(/not valid JSON/);

    // With a server up: only its own live workers can be killed; only stage 05 restarts.
    expect((await post(lab, '/api/server', { mode: 'node-rr', workers: 1 })).status).toBe(200);
    await refused('/api/kill', { pid: lab.pid }, 400, /is not a live worker of this server/);
    await refused('/api/kill', { pid: -1 }, 400, /pid must be a worker's process id/);
    await refused('/api/restart', {}, 409, /only the stage 05 supervisor/);
    expect(
      (await post(lab, '/api/load', { kind: 'browser', seconds: 30, requests: 100_000 })).status,
    ).toBe(200);
    await refused('/api/load', { kind: 'fresh' }, 409, /a load is already running/);
    expect((await post(lab, '/api/load/stop')).status).toBe(200);
    const state = (await (await fetch(new URL('api/state', lab.url))).json()) as Snapshot;
    expect(state.server.status).toBe('running');
    expect(live(state)).toHaveLength(1);
    expect(state.load.status).toBe('stopped');
    expect(state.load.failed).toBe(0);
    expect(isAlive(lab.pid)).toBe(true);
  });
});
