/**
 * Differential: setupPrimary/setupMaster, the 'setup' event and the fork options a worker is
 * started with — on node:cluster and on the clone.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureRuns, impls, type Report } from './differential.ts';

const harness = useHarness();
const report = fixtureRuns(
  harness,
  'settings',
  impls.map((impl) => ({ key: impl, impl, options: { args: ['foo', 'bar'] } })),
);

describe.each(impls)('settings on %s', (impl) => {
  let r: Report;
  beforeAll(() => {
    r = report(impl);
  });

  it('a5-28, a1-37: the defaults are {args: argv.slice(2), exec: argv[1], execArgv, silent: false}', () => {
    expect(r.before).toEqual({});
    expect(r.defaults).toEqual({
      args: ['foo', 'bar'],
      exec: r.argv1,
      execArgv: r.execArgv,
      silent: false,
    });
  });

  it("a3-26, a5-29: 'setup' comes on the next tick, once per call, with that call's settings", () => {
    expect(r.setupsRightAfterCall).toBe(0);
    expect(r.setupsAfterTick).toBe(4);
    // 4 explicit calls, then the hidden call inside fork().
    expect(r.setupsAtEnd).toBe(5);
    expect(r.setupArgs).toEqual([
      ['foo', 'bar'],
      ['first'],
      ['first'],
      ['one', 'two'],
      ['one', 'two'],
    ]);
  });

  it('a5-26, a1-39: setupPrimary can be called again and again; each call merges (setupMaster too)', () => {
    expect(r.lastSetupBeforeFork).toEqual({
      args: ['one', 'two'],
      exec: r.expected.exec,
      execArgv: [...r.execArgv, '--max-old-space-size=128'],
      silent: true,
      cwd: r.expected.cwd,
      serialization: 'advanced',
    });
  });

  it('a5-13: the worker gets exec, args, cwd, execArgv and serialization from the settings', () => {
    expect(r.said).toEqual({
      type: 'ready',
      isWorker: true,
      argv: ['one', 'two'],
      cwd: r.expected.cwd,
      execArgv: [...r.execArgv, '--max-old-space-size=128'],
    });
    expect(r.map).toEqual({ type: 'map', isMap: true }); // 'advanced' carries a Map
  });

  it("silent: true pipes the worker's stdout to the primary instead of sharing it", () => {
    expect(r.stdoutIsStream).toBe(true);
    expect(r.workerOutput).toContain('hello from the worker on its own stdout');
    expect(r.primaryStdout).not.toContain('hello from the worker');
  });

  it('a2-16: there is no weight setting; settings hold only what was given plus the defaults', () => {
    expect(r.keysAfterFork).toEqual(['args', 'cwd', 'exec', 'execArgv', 'serialization', 'silent']);
  });

  it('a5-27: with --prof and no --logfile, --logfile=v8-%p.log is added', () => {
    expect(r.profExecArgv).toEqual(['--prof', '--logfile=v8-%p.log']);
  });
});
