/**
 * The runnable servers the demo and the benchmarks start: report, serve, end cleanly.
 */
import { freshConnections } from '@cluster-from-scratch/kit/http-load';
import { isAlive } from '@cluster-from-scratch/kit/platform';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { parseServeArgs } from '../src/serve.ts';
import { script, startServer } from './helpers.ts';

describe('serve scripts', () => {
  const harness = useHarness();

  for (const [file, args, mode] of [
    ['serve-shared.ts', [], 'shared'],
    ['serve-shared.ts', ['--primary-serves'], 'shared-primary-serves'],
    ['serve-per-connection.ts', [], 'per-connection'],
  ] as const) {
    it(`${file} ${args.join(' ')} reports {port, primaryPid, workerPids} over IPC and leaves no worker on SIGTERM`, async () => {
      const { child, report } = await startServer(harness, script(file), [
        '--workers',
        '2',
        ...args,
      ]);
      expect(report).toMatchObject({ mode, primaryPid: child.pid });
      expect(report.port).toBeGreaterThan(0);
      expect(report.workerPids).toHaveLength(2);
      const results = await freshConnections({ port: report.port, requests: 4 });
      expect(results.every((r) => r.ok)).toBe(true);

      child.kill('SIGTERM');
      expect(await child.waitForExit()).toEqual({ code: 0, signal: null });
      await pollUntil(() => report.workerPids.every((pid) => !isAlive(pid)), {
        what: 'every worker to be gone after SIGTERM',
      });
    });
  }

  it('workers end with their primary even when it is killed outright', async () => {
    const { child, report } = await startServer(harness, script('serve-shared.ts'), [
      '--workers',
      '1',
    ]);
    child.kill('SIGKILL');
    await child.waitForExit();
    // Their IPC channel closed: each worker exits on 'disconnect'.
    await pollUntil(() => report.workerPids.every((pid) => !isAlive(pid)), {
      what: 'the orphaned workers to exit',
    });
  });

  it('rejects bad options with a clear message and exit code 2', async () => {
    expect(() => parseServeArgs(['--workers', '0'], 'shared')).toThrow(/^--workers must be/);
    expect(() => parseServeArgs(['--mode', 'bogus'], 'shared')).toThrow(/^--mode must be one of/);
    expect(() => parseServeArgs(['--port'], 'shared')).toThrow(/^--port needs a value/);
    expect(() => parseServeArgs(['--bogus'], 'shared')).toThrow(/^unknown option --bogus/);
    expect(parseServeArgs(['--workers', '3', '--primary-serves'], 'shared')).toMatchObject({
      workers: 3,
      mode: 'shared-primary-serves',
    });
    const child = harness.start(script('serve-shared.ts'), { args: ['--workers', 'two'] });
    expect(await child.waitForExit()).toEqual({ code: 2, signal: null });
    expect(child.stderr).toMatch(/^serve: --workers must be a whole number/);
  });
});
