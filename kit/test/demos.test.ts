/**
 * `npm run demos` (kit/bin/demos.ts) on stage 01, in Chinese: it runs the demo, judges it and
 * prints the summary; a stage it does not know is refused with exit 2.
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from '../src/vitest-harness.ts';

const harness = useHarness();
const runner = new URL('../bin/demos.ts', import.meta.url);

describe('npm run demos', () => {
  it('runs stage 01 in Chinese, judges it ok and exits 0', async () => {
    const run = harness.start(runner, {
      args: ['--lang', 'zh', '--stage', '1', '--quiet'],
      ipc: false,
    });
    const status = await run.waitForExit({ timeout: 60_000 }).catch(async (error) => {
      // The runner ends its demos' process groups on SIGTERM; a SIGKILL would orphan them.
      run.kill('SIGTERM');
      await run.waitForExit();
      throw error;
    });
    expect(status).toEqual({ code: 0, signal: null });
    const row = run.lines.find((line) => line.startsWith('| 01-spawn-exec/demos/main.ts |'));
    const cells = row?.split('|').map((cell) => cell.trim());
    // | demo | language | exit | seconds | lines | narrated | in Chinese | verdict |
    expect(cells?.[2]).toBe('zh');
    expect(cells?.[3]).toBe('0');
    const narrated = Number(cells?.[6]);
    expect(narrated).toBeGreaterThan(10);
    expect(Number(cells?.[7])).toBe(narrated);
    expect(harness.markedPids()).toEqual([]);
    // Longer than the wait above, so a slow demo is stopped by the runner's SIGTERM, not cut off.
  }, 120_000);

  it('refuses a stage it does not know with exit 2', async () => {
    const run = harness.start(runner, { args: ['--stage', '9'], ipc: false });
    expect(await run.waitForExit()).toEqual({ code: 2, signal: null });
    expect(run.stderr).toContain('--stage 9');
  });
});
