/**
 * How the real-program tests start a program nobody here wrote for the clone: plain Node,
 * no loader, on node:cluster ('node') or with the register entry in NODE_OPTIONS ('clone'), the
 * way a reader would run any tool on the clone. A tool that is not installed fails the test
 * file with one line saying which, never a skip.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ManagedChild, ProcessHarness } from '@cluster-from-scratch/kit/harness';
import { type Impl, packageDir, REGISTER } from '../../demos/pm2/pm2-cli.ts';

export function program(file: string): string {
  return fileURLToPath(new URL(`../fixtures/real-programs/${file}`, import.meta.url));
}

/** Throws `<name> is not installed …` for the first package that cannot be resolved. */
export function needInstalled(...names: string[]): void {
  const require = createRequire(import.meta.url);
  for (const name of names) {
    try {
      require.resolve(name);
    } catch {
      throw new Error(`${name} is not installed (a devDependency of stage 06): run npm ci`);
    }
  }
}

export function startProgram(
  harness: ProcessHarness,
  file: string,
  impl: Impl,
  env: Record<string, string> = {},
): ManagedChild {
  const inherited = process.env.NODE_OPTIONS ?? '';
  return harness.startCommand(process.execPath, [program(file)], {
    cwd: packageDir,
    env: {
      ...env,
      NODE_OPTIONS: impl === 'clone' ? `${inherited} --require ${REGISTER}`.trim() : inherited,
    },
    name: `${file} (${impl})`,
  });
}
