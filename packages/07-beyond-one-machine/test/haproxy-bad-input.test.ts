/**
 * Bad input for the HAProxy engine: our own checks before anything starts, and HAProxy's own
 * words (`haproxy -c`) when it refuses a config.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  checkHaproxyConfig,
  findHaproxy,
  HAPROXY_INSTALL_HINT,
  HaproxyConfigError,
} from '../src/haproxy.ts';
import { renderHaproxyConfig } from '../src/haproxy-config.ts';
import { describeWithHaproxy, haproxyBin } from './support/haproxy.ts';
import { SERVE } from './support/serve.ts';

describe('checked before haproxy runs', () => {
  const harness = useHarness();
  const base = { dir: '/tmp/x', listen: { host: '127.0.0.1', port: 8080 } };

  it('a server off the loopback range, no server, or an unknown balance is refused', () => {
    expect(() =>
      renderHaproxyConfig({ ...base, servers: [{ address: '10.0.0.1', port: 80 }] }),
    ).toThrow(
      /server address must be an IPv4 address in loopback 127\.x\.x\.x or 198\.18\.0\.0\/15, got '10\.0\.0\.1'/,
    );
    expect(() => renderHaproxyConfig({ ...base, servers: [] })).toThrow(/at least one host/);
    expect(() =>
      renderHaproxyConfig({
        ...base,
        servers: [{ address: '127.0.1.1', port: 80 }],
        balance: 'random' as 'roundrobin',
      }),
    ).toThrow(/balance must be roundrobin or leastconn, got 'random'/);
  });

  it('serve.ts: --engine or --balance it does not know exits 2 with one line naming it', async () => {
    const engine = harness.start(SERVE, { args: ['--engine', 'envoy'] });
    expect(await engine.waitForExit()).toEqual({ code: 2, signal: null });
    expect(engine.stderr).toMatch(/^serve: --engine must be nginx or haproxy, got 'envoy'\n/);
    const balance = harness.start(SERVE, { args: ['--engine', 'haproxy', '--balance', 'x'] });
    expect(await balance.waitForExit()).toEqual({ code: 2, signal: null });
    expect(balance.stderr).toMatch(/^serve: --balance must be roundrobin or leastconn, got 'x'\n/);
  });

  it('no haproxy: one line saying how to install it, exit 1', async () => {
    expect(findHaproxy({ CFS_HAPROXY: '/nonexistent/haproxy' })).toBeUndefined();
    const serve = harness.start(SERVE, {
      args: ['--engine', 'haproxy', '--hosts', '1', '--workers', '1', '--quiet'],
      env: { CFS_HAPROXY: '/nonexistent/haproxy' },
    });
    expect(await serve.waitForExit({ timeout: 30_000 })).toEqual({ code: 1, signal: null });
    expect(serve.stderr.trim()).toBe(`serve: ${HAPROXY_INSTALL_HINT}`);
  });
});

describeWithHaproxy('haproxy refuses a config', () => {
  const harness = useHarness();

  it('haproxy -c says why, and that is the error the caller gets, word for word', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfs07-haproxy-bad-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const good = renderHaproxyConfig({
      dir,
      listen: { host: '127.0.0.1', port: 8080 },
      servers: [{ address: '127.0.1.1', port: 8081 }],
    });
    const conf = join(dir, 'haproxy.cfg');
    // A config as a person might edit it by hand: a balance algorithm HAProxy does not have.
    writeFileSync(conf, good.replace('balance roundrobin', 'balance bogus'));
    const error = await checkHaproxyConfig(harness, haproxyBin ?? 'haproxy', conf).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HaproxyConfigError);
    expect((error as Error).message).toMatch(
      /\[ALERT\].*parsing \[.*haproxy\.cfg:\d+\] : balance only supports 'roundrobin'/,
    );
    expect((error as Error).message).toMatch(/Fatal errors found in configuration/);
  });
});
