/**
 * The watch loop takes a learner from 01.1 to 01.2 by saving the right change: driven here
 * without a terminal, on a scratch copy of the kit and stage 01 (the repository's own starters
 * are never touched), as a learner would: start it, read what it says, save, read again.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/stages.ts';
import { useHarness } from '../src/vitest-harness.ts';

const harness = useHarness();
const copy = mkdtempSync(join(tmpdir(), 'cfs-workshop-copy-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

/** kit + stage 01 + the root files they need; node_modules shared by a link. */
function scratchRepo(): void {
  for (const part of ['kit', 'packages/01-spawn-exec', 'package.json', 'tsconfig.base.json']) {
    cpSync(join(repoRoot, part), join(copy, part), {
      recursive: true,
      filter: (src) => !src.includes('node_modules'),
    });
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(copy, 'node_modules'));
  // A repository of its own, so "not started" (the starter as committed) means what it says.
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: copy,
      stdio: 'ignore',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'w',
        GIT_AUTHOR_EMAIL: 'w@localhost',
        GIT_COMMITTER_NAME: 'w',
        GIT_COMMITTER_EMAIL: 'w@localhost',
      },
    });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'starters');
}

describe('npm run workshop -- --watch', () => {
  it('shows 01.1 and why it fails; after the right change is saved it passes and moves on to 01.2', async () => {
    scratchRepo();
    const loop = harness.start(join(copy, 'kit/bin/workshop.ts'), {
      args: ['list', '--watch'],
      ipc: false,
      cwd: copy,
    });
    await loop.waitForLine(/━━ 01\.1 — /, {
      what: 'the loop to show exercise 01.1',
      timeout: 90_000,
    });
    await loop.waitForLine(/edit packages\/01-spawn-exec\/exercises\/output-collector\.ts/);
    await loop.waitForLine(/TODO\(exercise 01\.1\)/, { what: "01.1's task, from its TODO block" });
    await loop.waitForLine(/✘ 01\.1: \S/, {
      what: "01.1's first failing expectation",
      timeout: 90_000,
    });
    await loop.waitForLine(/waiting for you to save output-collector\.ts/);

    // The right change: what the solution has (this file needs no imports of its own).
    const solution = readFileSync(
      join(copy, 'packages/01-spawn-exec/src/output-collector.ts'),
      'utf8',
    );
    writeFileSync(join(copy, 'packages/01-spawn-exec/exercises/output-collector.ts'), solution);

    await loop.waitForLine(/✔ 01\.1 passes/, {
      what: '01.1 to pass after the save',
      timeout: 90_000,
    });
    await loop.waitForLine(/━━ 01\.2 — /, { what: 'the loop to move on to 01.2', timeout: 90_000 });
    expect(loop.stdout).not.toMatch(/━━ 01\.3/);
    // Longer than the waits above put together, so a slow step fails with its own message.
  }, 400_000);
});
