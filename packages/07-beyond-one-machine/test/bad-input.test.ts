/**
 * Bad input gets a clear error: from our own checks before anything starts, and from nginx
 * itself, word for word, when it refuses a config.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { startFront } from '../src/front.ts';
import { findNginx, NGINX_INSTALL_HINT, NginxConfigError } from '../src/nginx.ts';
import { type NginxBalance, renderNginxConfig } from '../src/nginx-config.ts';
import { describeWithNginx } from './support/nginx.ts';

const SERVE = new URL('../src/serve.ts', import.meta.url);

describe('checked before nginx runs', () => {
  const harness = useHarness();
  const base = { dir: '/tmp/x', listen: { host: '127.0.0.1', port: 8080 } };

  it('an upstream off the loopback range and 198.18.0.0/15 is refused: this stage only talks to this machine', () => {
    expect(() =>
      renderNginxConfig({ ...base, upstreams: [{ address: '10.0.0.1', port: 80 }] }),
    ).toThrow(
      /upstream address must be an IPv4 address in loopback 127\.x\.x\.x or 198\.18\.0\.0\/15, got '10\.0\.0\.1'/,
    );
    expect(() => renderNginxConfig({ ...base, upstreams: [] })).toThrow(/at least one host/);
    expect(() =>
      renderNginxConfig({
        ...base,
        upstreams: [{ address: '127.0.1.1', port: 80 }],
        keepalive: -1,
      }),
    ).toThrow(/keepalive must be a whole number from 0 to 1024, got -1/);
    expect(() =>
      renderNginxConfig({
        ...base,
        upstreams: [{ address: '127.0.1.1', port: 80 }],
        balance: 'random' as 'ip_hash',
      }),
    ).toThrow(/balance must be roundrobin, leastconn, ip_hash, hash_addr, cookie, got 'random'/);
  });

  it('the balance choice is one upstream directive, before the servers', () => {
    const upstreams = [{ address: '127.0.1.1', port: 80 }];
    const heart = (balance: NginxBalance) =>
      renderNginxConfig({ ...base, upstreams, balance }).split('upstream hosts {')[1];
    expect(heart('ip_hash')).toMatch(/\n {4}ip_hash;\n {4}server 127\.0\.1\.1:80 /);
    expect(heart('hash_addr')).toMatch(/\n {4}hash \$remote_addr consistent;\n {4}server /);
    expect(heart('cookie')).toMatch(/\n {4}hash \$cookie_io consistent;\n {4}server /);
    expect(heart('leastconn')).toMatch(/\n {4}least_conn;\n {4}server /);
    expect(heart('roundrobin')).not.toMatch(/hash|least_conn/);
  });

  it('serve.ts: a balance nginx alone has, asked of HAProxy, exits 2 saying so', async () => {
    const serve = harness.start(SERVE, { args: ['--engine', 'haproxy', '--balance', 'ip_hash'] });
    expect(await serve.waitForExit()).toEqual({ code: 2, signal: null });
    expect(serve.stderr).toMatch(
      /^serve: --balance must be roundrobin or leastconn, got 'ip_hash' \(ip_hash is for --engine nginx\)\n/,
    );
  });

  it('serve.ts: a bad flag exits 2 with one line naming it, and starts nothing', async () => {
    const serve = harness.start(SERVE, { args: ['--hosts', '0'] });
    expect(await serve.waitForExit()).toEqual({ code: 2, signal: null });
    expect(serve.stderr).toMatch(/^serve: --hosts must be a whole number from 1 to 32, got '0'\n/);
  });

  it('serve.ts: a host app it does not know, or --sticky without socket.io, exits 2 saying so', async () => {
    for (const [args, line] of [
      [['--app', 'chat'], /^serve: --app must be hello or socketio, got 'chat'\n/],
      [['--sticky'], /^serve: --sticky is for --app socketio\n/],
      [['--cluster', 'pm2'], /^serve: --cluster must be clone or node, got 'pm2'\n/],
      [
        ['--app', 'socketio', '--kind', 'supervisor'],
        /^serve: --app, --sticky and --cluster are for --kind cluster\n/,
      ],
    ] as const) {
      const serve = harness.start(SERVE, { args: [...args] });
      expect(await serve.waitForExit()).toEqual({ code: 2, signal: null });
      expect(serve.stderr).toMatch(line);
    }
  });

  it('no nginx: one line saying how to install it, exit 1', async () => {
    expect(findNginx({ CFS_NGINX: '/nonexistent/nginx' })).toBeUndefined();
    const serve = harness.start(SERVE, {
      args: ['--hosts', '1', '--workers', '1', '--quiet'],
      env: { CFS_NGINX: '/nonexistent/nginx' },
    });
    expect(await serve.waitForExit({ timeout: 30_000 })).toEqual({ code: 1, signal: null });
    expect(serve.stderr.trim()).toBe(`serve: ${NGINX_INSTALL_HINT}`);
  });
});

describeWithNginx('nginx refuses a config', () => {
  const harness = useHarness();

  it('nginx -t says why, and that is the error the caller gets, word for word; nothing is left running', async () => {
    const attempt = startFront(harness, {
      hosts: 1,
      workers: 1,
      kind: 'cluster',
      nginx: { nextUpstream: 'error bogus' },
    });
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NginxConfigError);
    expect((error as Error).message).toMatch(
      /\[emerg\] .*invalid value "bogus" in .*nginx\.conf:\d+/,
    );
    expect((error as Error).message).toMatch(/configuration file .*nginx\.conf test failed/);
  });
});
