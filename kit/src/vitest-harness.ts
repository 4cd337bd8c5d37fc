/**
 * `useHarness()` for vitest files. Teardown kills everything the tests started and fails if
 * anything survives, so a leak is reported by the test that caused it, not found later.
 *
 * By default teardown runs after every test. With `{ scope: 'file' }` it runs once after the
 * whole file, for suites that start a fixture in `beforeAll` and ask it many questions.
 */
import { afterAll, afterEach } from 'vitest';
import { ProcessHarness } from './harness.ts';

export function useHarness(options: { scope?: 'test' | 'file' } = {}): ProcessHarness {
  const harness = new ProcessHarness();
  const teardown = options.scope === 'file' ? afterAll : afterEach;
  teardown(async () => {
    const survivors = await harness.stopAll();
    if (survivors.length > 0) {
      throw new Error(
        `processes still alive after teardown:\n${survivors.map((s) => `  pid ${s.pid}: ${s.cmdline}`).join('\n')}`,
      );
    }
  });
  return harness;
}
