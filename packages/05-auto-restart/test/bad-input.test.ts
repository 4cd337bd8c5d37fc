/**
 * Bad input gets one clear line and loses nothing: no port bound, no worker forked.
 */

import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { parseServeArgs, UsageError } from '../src/serve-args.ts';
import { Supervisor } from '../src/supervisor.ts';
import { events, SERVE, startServe } from './support/serve.ts';

const harness = useHarness();

describe('bad input', () => {
  it.each([
    [{ workers: 0 }, /workers must be a whole number from 1 to 64, got 0/],
    [{ workers: 1.5 }, /workers must be a whole number/],
    [{ workers: 1000 }, /from 1 to 64, got 1000/],
    [{ limit: -1 }, /limit must be a whole number ≥ 0, got -1/],
    [{ windowMs: 0 }, /windowMs must be a whole number ≥ 1, got 0/],
    [{ drainTimeoutMs: -5 }, /drainTimeoutMs must be/],
    [{ port: 70000 }, /port must be a whole number from 0 to 65535/],
    [{ exec: '/no/such/worker.ts' }, /worker program not found: \/no\/such\/worker.ts/],
  ])('new Supervisor(%o) throws a clear error', (options, message) => {
    expect(() => new Supervisor(options)).toThrow(message);
  });

  it.each([
    [['--workers', 'two'], /--workers must be a whole number ≥ 1, got 'two'/],
    [['--workers', '0'], /--workers must be a whole number ≥ 1, got '0'/],
    [['--limit=-3'], /--limit must be a whole number ≥ 0, got '-3'/],
    [['--window', '1e3'], /--window must be a whole number ≥ 1, got '1e3'/],
    [['--wrokers', '2'], /Unknown option '--wrokers'/],
    [['2'], /Unexpected argument '2'/],
  ])('parseServeArgs(%j) refuses it', (argv, message) => {
    expect(() => parseServeArgs(argv)).toThrow(UsageError);
    expect(() => parseServeArgs(argv)).toThrow(message);
  });

  it('serve.ts exits 2 with the reason and forks nothing, for a bad flag and for a port in use', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const busy = (taken.address() as AddressInfo).port;
    try {
      const runs = [
        { args: ['--workers', 'two'], stderr: /serve: --workers must be a whole number/ },
        {
          args: ['--port', String(busy)],
          stderr: /serve: cannot bind 127\.0\.0\.1:\d+: EADDRINUSE/,
        },
      ].map((run) => ({ ...run, child: harness.start(SERVE, { args: run.args }) }));
      for (const run of runs) {
        expect(await run.child.waitForExit()).toEqual({ code: 2, signal: null });
        expect(run.child.stderr).toMatch(run.stderr);
        expect(run.child.stderr).toContain('usage: serve.ts');
        expect(events(run.child, 'fork')).toHaveLength(0);
      }
    } finally {
      taken.close();
    }
  });

  it('a reload before start() and a reload during stop() are refused, not half-done', async () => {
    const idle = new Supervisor({ workers: 1 });
    await expect(idle.reload()).rejects.toThrow(/start\(\) has not been called/);
    const { child } = await startServe(harness, ['--workers', '1']);
    child.send({ cmd: 'stop' });
    child.send({ cmd: 'reload' });
    expect(await child.waitForExit()).toEqual({ code: 0, signal: null });
    expect(events(child, 'fork')).toHaveLength(1);
  });
});
