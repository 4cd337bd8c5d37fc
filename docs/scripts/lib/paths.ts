/**
 * Where things are. The docs package sits at <repo>/docs; the articles sit beside the repo, at
 * <repo>/../shared/articles (on this machine and in CI alike). CFS_ARTICLES_DIR overrides that.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const docsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const repoRoot = resolve(docsDir, '..');
export const packagesDir = join(repoRoot, 'packages');

export function articlesDir(): string {
  return process.env.CFS_ARTICLES_DIR
    ? resolve(process.env.CFS_ARTICLES_DIR)
    : resolve(repoRoot, '../shared/articles');
}

export function claimsPath(): string {
  return join(articlesDir(), 'CLAIMS.md');
}

/** Why the pages cannot be rebuilt, or undefined when CLAIMS.md is there. */
export function claimsMissingMessage(): string | undefined {
  const path = claimsPath();
  if (existsSync(path)) return undefined;
  return [
    `CLAIMS.md not found at ${path}.`,
    'The reading guide and the "Modern Node differs" page are built from it. Put the articles',
    'beside the repository (../shared/articles/CLAIMS.md relative to the repo root) or point',
    'CFS_ARTICLES_DIR at the folder that holds CLAIMS.md.',
  ].join('\n');
}

/** Repo-relative path with forward slashes, as the pages print it. */
export function rel(absolute: string): string {
  return absolute
    .slice(repoRoot.length + 1)
    .split('\\')
    .join('/');
}
