/**
 * The flags that let a child Node process run TypeScript.
 *
 * A known trap: `fork(file, { execArgv: [...] })` *replaces* the parent's execArgv, so a child
 * started that way silently loses the tsx loader and dies on its first `import type`. The
 * harness therefore always passes the loader explicitly, as an absolute URL so it resolves
 * from any working directory.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** file:// URL of tsx's ESM loader (what `node --import tsx` would load). */
export const tsxLoaderUrl = pathToFileURL(
  require.resolve('tsx', { paths: [process.cwd(), import.meta.dirname] }),
).href;

/** Node flags that make a child understand .ts files. */
export function tsxExecArgv(): string[] {
  return ['--import', tsxLoaderUrl];
}

/** True when this process already runs with a TypeScript loader (started by tsx or the harness). */
export function hasTsxLoader(execArgv = process.execArgv): boolean {
  return execArgv.some((arg) => arg.includes('tsx'));
}

/**
 * execArgv for a child that must run TypeScript: the caller's own flags plus the loader if
 * they lack it. Use this instead of a bare array when overriding `execArgv` in `fork`.
 */
export function withTsxLoader(execArgv: string[] = []): string[] {
  return hasTsxLoader(execArgv) ? execArgv : [...tsxExecArgv(), ...execArgv];
}
