/**
 * The vitest configuration every stage shares.
 *
 * A normal run (`npm test`) takes test/**\/*.test.ts. Exercise specs (test/exercises/*.spec.ts)
 * run only when CFS_EXERCISE_TARGET says against what: the workshop commands and the
 * exercise check set it.
 */
import { basename, join } from 'node:path';
import { defineConfig } from 'vitest/config';

export function stageConfig(options: { testTimeout?: number } = {}) {
  const exercises = process.env.CFS_EXERCISE_TARGET !== undefined;
  const specs = process.env.CFS_EXERCISE_SPECS?.split(',').filter(Boolean);
  const reportFile =
    process.env.CFS_REPORT_FILE ??
    (process.env.CFS_REPORT_DIR
      ? join(process.env.CFS_REPORT_DIR, `${basename(process.cwd())}.json`)
      : undefined);
  return defineConfig({
    test: {
      include: exercises ? (specs ?? ['test/exercises/**/*.spec.ts']) : ['test/**/*.test.ts'],
      // Real processes: a test waits for events with its own loud timeouts, well inside this.
      testTimeout: options.testTimeout ?? 60_000,
      hookTimeout: 30_000,
      pool: 'forks',
      // Tests run in English whatever the reader's locale says (a zh_CN shell would otherwise
      // make every demo and fixture narrate in Chinese). A test that wants Chinese asks for it
      // with --lang zh or its own CFS_LANG, which win over this.
      env: { CFS_LANG: 'en' },
      // Two cores: running test files of one package side by side only adds noise.
      fileParallelism: false,
      // npm test asks for a JSON report per package so it can print one total at the end.
      reporters: reportFile ? ['default', 'json'] : ['default'],
      outputFile: reportFile ? { json: reportFile } : undefined,
    },
  });
}
