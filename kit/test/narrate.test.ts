/**
 * The narrator names each line's process in the chosen language: the role words come from the
 * kit's catalogue, the pid and ids stay, and a role the catalogue does not know prints as given.
 */
import { describe, expect, it } from 'vitest';
import { roleInLanguage, workerRole } from '../src/narrate.ts';
import { useHarness } from '../src/vitest-harness.ts';

const harness = useHarness();
const fixture = new URL('./fixtures/narrate-roles.ts', import.meta.url);

describe('narrator roles', () => {
  it('translates each role word and keeps ids, addresses and unknown words', () => {
    expect(roleInLanguage('primary', 'zh')).toBe('主进程');
    expect(roleInLanguage(workerRole(2), 'zh')).toBe('工作进程 2');
    expect(roleInLanguage('host 127.0.1.1 primary', 'zh')).toBe('主机 127.0.1.1 主进程');
    expect(roleInLanguage('primary (crash-loop supervisor)', 'zh')).toBe(
      '主进程 (crash-loop supervisor)',
    );
    expect(roleInLanguage('gatekeeper 3', 'zh')).toBe('gatekeeper 3');
    // Inherited object keys are not roles.
    expect(roleInLanguage('constructor', 'zh')).toBe('constructor');
    expect(roleInLanguage(workerRole(2), 'en')).toBe('worker 2');
  });

  it.each([
    ['zh', ['[主进程 PID] here', '[工作进程 2 PID] here', '[gatekeeper PID] here']],
    ['en', ['[primary PID] here', '[worker 2 PID] here', '[gatekeeper PID] here']],
  ])('a process started with CFS_LANG=%s prefixes its lines so', async (lang, expected) => {
    const run = harness.start(fixture, {
      args: ['primary', workerRole(2), 'gatekeeper'],
      env: { CFS_LANG: lang },
      ipc: false,
    });
    expect(await run.waitForExit()).toEqual({ code: 0, signal: null });
    expect(run.lines.filter(Boolean)).toEqual(
      expected.map((line) => line.replace('PID', String(run.pid))),
    );
  });
});
