/**
 * Stage 07 in the lab: nginx in front of hosts, each a cluster. Started through the lab's API
 * like any mode; its workers are the hosts' workers, counted from x-served-by, grouped by host.
 * Without nginx the mode is offered disabled with the install line, and its run is skipped with
 * that line in its title (as stage 07's own tests are).
 */
import { available } from '@cluster-from-scratch/kit/modes';
import { isAlive } from '@cluster-from-scratch/kit/platform';
import { describe, expect, it } from 'vitest';
import { findMode } from '../src/modes.ts';
import { allDead, freshLoadDone, live, post, startLab, useLabTest } from './helpers.ts';

const { harness, open } = useLabTest();

const INSTALL = 'needs nginx: apt-get install nginx';
const here = available(findMode('s07-nginx')!);
if (!here.ok) console.warn(`[lab] SKIPPED stage 07 in the lab: ${here.reason}`);

describe('stage 07 in the lab', () => {
  it('without nginx the mode is listed, disabled, with the one install line, and refused', async () => {
    // CFS_NGINX names the nginx stage 07 runs, and the catalogue looks there too: a file that
    // is not there is a machine without nginx.
    const lab = await startLab(harness, { CFS_NGINX: '/nonexistent/nginx' });
    const state = await (await fetch(new URL('api/state', lab.url))).json();
    const mode = (state as { modes: { id: string; enabled: boolean; note?: string }[] }).modes.find(
      (m) => m.id === 's07-nginx',
    );
    expect(mode).toMatchObject({ enabled: false, note: INSTALL });
    const refused = await post(lab, '/api/server', { mode: 's07-nginx', workers: 4 });
    expect(refused.status).toBe(409);
    expect(String(refused.body.error)).toContain(INSTALL);
  });

  it.skipIf(!here.ok)(
    `s07-nginx with 4 workers: 2 hosts behind nginx, every host gets connections, stop ends nginx and every host${here.ok ? '' : ` [SKIPPED: ${INSTALL}]`}`,
    async () => {
      const lab = await startLab(harness);
      const sse = await open(lab);
      const started = await post(lab, '/api/server', { mode: 's07-nginx', workers: 4 });
      expect(started.status, JSON.stringify(started.body)).toBe(200);
      const up = await sse.snapshot(
        (s) => s.server.status === 'running' && live(s).length === 4 && s.front !== undefined,
        'nginx and 2 hosts of 2 workers',
        40_000,
      );
      const front = up.front!;
      expect(up.server.accept).toBe('front-proxy');
      expect(front.hosts.map((h) => h.address)).toEqual(['127.0.1.1', '127.0.1.2']);
      // Each worker is placed in its host: two of them in each.
      for (const h of front.hosts) {
        expect(
          live(up).filter((w) => w.host === h.address),
          h.address,
        ).toHaveLength(2);
      }
      expect(up.primary?.pid).not.toBe(front.nginx.masterPid);

      const done = await freshLoadDone(lab, sse, { requests: 200, connections: 4 });
      // Counted from x-served-by, as for every mode: every request was served by a host worker,
      // and nginx's round robin gave every host connections.
      const workers = live(done);
      expect(workers.reduce((sum, w) => sum + w.requests, 0)).toBe(200);
      for (const h of front.hosts) {
        const ofHost = workers.filter((w) => w.host === h.address);
        expect(
          ofHost.reduce((sum, w) => sum + w.connections, 0),
          `connections served by host ${h.address}`,
        ).toBeGreaterThan(0);
      }
      // Still 4 workers: the scan looks at the hosts' primaries' children, not at the hosts.
      expect(workers.map((w) => w.pid).sort()).toEqual(
        live(up)
          .map((w) => w.pid)
          .sort(),
      );
      expect(
        sse.events.some(
          (e) =>
            e.event === 'log' &&
            /^nginx \(master \d+, workers [\d, ]+\) in front of host 127\.0\.1\.1/.test(
              (e.data as { text: { en: string } }).text.en,
            ),
        ),
      ).toBe(true);

      const everyPid = [
        up.primary!.pid,
        front.nginx.masterPid,
        ...front.nginx.workerPids,
        ...front.hosts.map((h) => h.primaryPid),
        ...workers.map((w) => w.pid),
      ];
      expect(everyPid.every(isAlive)).toBe(true);
      expect((await post(lab, '/api/server/stop')).status).toBe(200);
      await sse.snapshot((s) => s.server.status === 'stopped', 'the server to stop');
      await allDead(everyPid, 'serve.ts, nginx, every host primary and worker to be gone');
    },
  );
});
