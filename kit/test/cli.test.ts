/**
 * The learner commands behave as the README says: npm start lists and runs stages, wrong
 * names exit 2 with the valid ones, the workshop names its exercises.
 */
import { describe, expect, it } from 'vitest';
import { findStage } from '../src/stages.ts';
import { useHarness } from '../src/vitest-harness.ts';

const harness = useHarness();
const tour = new URL('../bin/tour.ts', import.meta.url);
const workshop = new URL('../bin/workshop.ts', import.meta.url);

describe('npm start (the stage tour)', () => {
  it('without a terminal lists every stage with a command for each ready one, and exits 0', async () => {
    const run = harness.start(tour, { ipc: false });
    expect(await run.waitForExit()).toEqual({ code: 0, signal: null });
    for (const slug of [
      '01-spawn-exec',
      '02-fork-ipc',
      '03-proxy-ports',
      '04-handle-passing',
      '05-auto-restart',
      '06-round-robin-cluster',
      '07-beyond-one-machine',
      '08-threads-one-port',
    ]) {
      expect(run.stdout).toContain(slug);
    }
    expect(run.stdout).toContain('npm start -- 1');
  });

  it('rejects an unknown stage with exit 2 and the valid names', async () => {
    const run = harness.start(tour, { args: ['nope'], ipc: false });
    expect(await run.waitForExit()).toEqual({ code: 2, signal: null });
    expect(run.stderr).toContain("No stage 'nope'");
    expect(run.stderr).toContain('01-spawn-exec');
  });

  it.each(['1', '01', '01-spawn-exec', 'spawn-exec'])('knows stage 1 by the name %s', (name) => {
    expect(findStage(name)?.slug).toBe('01-spawn-exec');
  });

  it('runs stage 1 by name, to exit 0', async () => {
    const run = harness.start(tour, { args: ['spawn-exec'], ipc: false });
    expect(await run.waitForExit({ timeout: 30_000 })).toEqual({ code: 0, signal: null });
    expect(run.stdout).toContain('stage 01-spawn-exec');
    expect(run.stdout).toMatch(/\[parent \d+\] done/);
  });
});

describe('workshop commands', () => {
  it('rejects a wrong exercise id with exit 2 and the valid ids', async () => {
    const run = harness.start(workshop, { args: ['verify', '99.9'], ipc: false });
    expect(await run.waitForExit()).toEqual({ code: 2, signal: null });
    expect(run.stderr).toContain("No exercise '99.9'");
    expect(run.stderr).toContain('01.1');
  });

  it('prints a hint', async () => {
    const run = harness.start(workshop, { args: ['hint', '01.1'], ipc: false });
    expect(await run.waitForExit()).toEqual({ code: 0, signal: null });
    expect(run.stdout).toContain('Hint for 01.1');
  });

  it('runs a spec against the solution and passes', async () => {
    const run = harness.start(workshop, { args: ['solution', '01.3'], ipc: false });
    expect(await run.waitForExit({ timeout: 60_000 })).toEqual({ code: 0, signal: null });
  });

  it('runs the same spec against the untouched starter and fails', async () => {
    const run = harness.start(workshop, { args: ['verify', '01.3'], ipc: false });
    expect(await run.waitForExit({ timeout: 60_000 })).toMatchObject({ code: 1 });
    expect(run.stdout).toContain('does not pass yet');
  });
});
