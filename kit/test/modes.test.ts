/**
 * The catalogue of serving modes: every entry can run here, the ids the committed results use
 * are still there, and available() says why a mode cannot run — for the modes that come next
 * too (a newer Node, nginx, root).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  available,
  commandLine,
  compareVersions,
  type Here,
  repoRoot,
  SERVING_MODES,
  type ServingMode,
  servingMode,
  thisMachine,
} from '../src/modes.ts';
import { nodeHas, nodeSince } from '../src/node-lines.ts';

const machine = (over: Partial<Here> = {}): Here => ({
  node: '20.20.2',
  root: false,
  platform: 'linux',
  hasCommand: () => false,
  fileExists: () => true,
  ...over,
});

/** Shaped like the modes planned next: reusePort per worker, and nginx in front of hosts. */
const reusePort: ServingMode = {
  ...servingMode('node-none'),
  id: 'example-reuseport',
  accept: 'own-socket',
  minNode: '22.12.0',
};
const nginxInFront: ServingMode = {
  ...servingMode('s03-proxy'),
  id: 'example-nginx',
  stage: '07',
  accept: 'front-proxy',
  needs: ['nginx'],
};

describe('the catalogue of serving modes', () => {
  it('has unique ids, and every mode runs here unless it requires a change this Node lacks', () => {
    const ids = SERVING_MODES.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    const nginxHere = thisMachine().hasCommand('nginx');
    for (const mode of SERVING_MODES) {
      if (mode.needs.includes('nginx') && !nginxHere) {
        expect(available(mode), mode.id).toEqual({
          ok: false,
          reason: 'needs nginx: apt-get install nginx',
        });
      } else if (mode.requires && !nodeHas(mode.requires)) {
        expect(available(mode), mode.id).toEqual({
          ok: false,
          reason: `needs Node ${nodeSince(mode.requires)} (this is ${process.versions.node})`,
        });
      } else {
        expect(available(mode), mode.id).toEqual({ ok: true });
      }
      expect(compareVersions(mode.minNode, '20.0.0'), mode.id).toBeGreaterThanOrEqual(0);
      expect(mode.label.en && mode.label.zh && mode.summary.en && mode.summary.zh).toBeTruthy();
    }
  });

  it('keeps every mode id the committed bench results name', () => {
    const dir = join(repoRoot, 'bench', 'results');
    const used = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const result = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
        runs: { mode?: string }[];
      };
      for (const run of result.runs) if (run.mode) used.add(run.mode);
    }
    expect(used.size).toBeGreaterThan(0);
    expect([...used].filter((id) => !SERVING_MODES.some((m) => m.id === id))).toEqual([]);
  });

  it('builds the command line for N workers; quiet adds the arguments that silence it', () => {
    expect(commandLine(servingMode('s06-rr'), 3)).toEqual({
      program: 'packages/06-round-robin-cluster/demos/serve.ts',
      args: ['--workers', '3', '--impl', 'clone', '--policy', 'rr'],
    });
    expect(commandLine(servingMode('s06-rr'), 3, { quiet: true }).args.at(-1)).toBe('--quiet');
    // A mode with nothing to silence and a fixed worker count.
    expect(commandLine(servingMode('single'), 4, { quiet: true }).args).toEqual([]);
  });

  it('stage 07 splits N workers over hosts so that they add up to N', () => {
    const s07 = servingMode('s07-nginx');
    const split = (n: number) => {
      const args = commandLine(s07, n).args;
      return [
        Number(args[args.indexOf('--hosts') + 1]),
        Number(args[args.indexOf('--workers') + 1]),
      ];
    };
    // Two hosts of N/2 when N is even; N hosts of one worker when it is odd.
    expect([1, 2, 3, 4, 6, 8].map(split)).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
      [2, 2],
      [2, 3],
      [2, 4],
    ]);
    for (let n = 1; n <= 8; n++) expect(split(n)[0]! * split(n)[1]!, `${n}`).toBe(n);
    expect(s07.needs).toEqual(['nginx', 'loopback-hosts']);
    expect(commandLine(s07, 4, { quiet: true }).args.at(-1)).toBe('--quiet');
  });

  it("stage 07's HAProxy mode: the same split, --engine haproxy, and needs haproxy", () => {
    const s07 = servingMode('s07-haproxy');
    expect(commandLine(s07, 4).args).toEqual([
      '--engine',
      'haproxy',
      '--hosts',
      '2',
      '--workers',
      '2',
    ]);
    expect(s07.needs).toEqual(['haproxy', 'loopback-hosts']);
    expect(available(s07, machine({ hasCommand: (name) => name !== 'haproxy' }))).toEqual({
      ok: false,
      reason: 'needs haproxy: apt-get install haproxy',
    });
  });

  it('refuses an unknown id with the list of known ones', () => {
    expect(() => servingMode('nope')).toThrow(/unknown mode 'nope'; known modes: single, node-rr/);
  });
});

describe('available(): why a mode cannot run here', () => {
  it('names the missing program', () => {
    expect(available(reusePort, machine({ fileExists: () => false, node: '24.0.0' }))).toEqual({
      ok: false,
      reason: 'the bench has no server program yet (no bench/src/servers/node-cluster.ts)',
    });
  });

  it("says stage 07's hosts need Linux's loopback range where it is missing", () => {
    const s07 = servingMode('s07-nginx');
    const withNginx = { hasCommand: () => true } as const;
    expect(available(s07, machine({ ...withNginx, platform: 'linux' }))).toEqual({ ok: true });
    expect(available(s07, machine({ ...withNginx, platform: 'darwin' }))).toEqual({
      ok: false,
      reason:
        'needs Linux: its hosts listen on 127.0.1.x, which darwin answers only when aliased (sudo ifconfig lo0 alias 127.0.1.1)',
    });
  });

  it('names the Node version a mode needs, and passes from that version on', () => {
    expect(available(reusePort, machine({ node: '22.11.9' }))).toEqual({
      ok: false,
      reason: 'needs Node 22.12.0 or later (this is 22.11.9)',
    });
    expect(available(reusePort, machine({ node: '22.12.0' }))).toEqual({ ok: true });
    expect(available(reusePort, machine({ node: '26.1.0' }))).toEqual({ ok: true });
    // Node itself raises an error for reusePort on macOS, whatever the version.
    const nodeReusePort = servingMode('node-reuseport');
    expect(available(nodeReusePort, machine({ node: '26.1.0' }))).toEqual({ ok: true });
    expect(available(nodeReusePort, machine({ node: '26.1.0', platform: 'darwin' }))).toEqual({
      ok: false,
      reason: 'needs Linux (or FreeBSD): Node refuses reusePort on darwin',
    });
  });

  it('on this Node line, a 22.12 mode runs exactly when this Node is 22.12 or later', () => {
    const newEnough = compareVersions(process.versions.node, '22.12.0') >= 0;
    const here = available(reusePort);
    expect(here.ok).toBe(newEnough);
    if (!here.ok) expect(here.reason).toContain(`this is ${process.versions.node}`);
  });

  it('a reusePort mode names the first release of each line, and refuses 23.0.x', () => {
    const mode = servingMode('node-reuseport');
    expect(mode.requires).toBe('reusePort');
    const needs =
      'needs Node 22.12.0 on 22.x, 23.1.0 on 23.x and every later line (this is VERSION)';
    for (const version of ['20.20.2', '22.11.0', '23.0.0']) {
      expect(available(mode, machine({ node: version })), version).toEqual({
        ok: false,
        reason: needs.replace('VERSION', version),
      });
    }
    for (const version of ['22.12.0', '23.1.0', '24.0.0', '26.1.0']) {
      expect(available(mode, machine({ node: version })), version).toEqual({ ok: true });
    }
  });

  it('names nginx and root when they are missing', () => {
    expect(available(nginxInFront, machine())).toEqual({
      ok: false,
      reason: 'needs nginx: apt-get install nginx',
    });
    expect(available(nginxInFront, machine({ hasCommand: (c) => c === 'nginx' }))).toEqual({
      ok: true,
    });
    const asRoot: ServingMode = { ...nginxInFront, needs: ['root'] };
    expect(available(asRoot, machine())).toEqual({ ok: false, reason: 'needs to run as root' });
    expect(available(asRoot, machine({ root: true }))).toEqual({ ok: true });
  });

  it('on this machine, nginx is where stage 07 would run it: $CFS_NGINX when it is set', () => {
    const before = process.env.CFS_NGINX;
    try {
      process.env.CFS_NGINX = join(repoRoot, 'no-such-nginx');
      expect(available(servingMode('s07-nginx'))).toEqual({
        ok: false,
        reason: 'needs nginx: apt-get install nginx',
      });
      process.env.CFS_NGINX = process.execPath; // any file that is there
      expect(available(servingMode('s07-nginx'))).toEqual({ ok: true });
    } finally {
      if (before === undefined) delete process.env.CFS_NGINX;
      else process.env.CFS_NGINX = before;
    }
  });

  it('compares versions number by number, and refuses what is not a version', () => {
    expect(compareVersions('v22.12.0', '22.9.5')).toBeGreaterThan(0);
    expect(compareVersions('20.19.0', '20.19.0')).toBe(0);
    expect(compareVersions('9.0.0', '10.0.0')).toBeLessThan(0);
    expect(() => compareVersions('22', '22.12.0')).toThrow("'22' is not a version like 22.12.0");
  });
});
