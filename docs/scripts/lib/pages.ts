/**
 * One call from CLAIMS.md and the packages to the finished pages, for the CLI and the tests.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readClaims } from './claims.ts';
import { buildModel, type Model } from './model.ts';
import { claimsPath, docsDir, repoRoot } from './paths.ts';
import { type Page, renderPages } from './render.ts';
import { scanStages } from './scan.ts';

export function currentModel(): Model {
  return buildModel(readClaims(claimsPath()), scanStages());
}

/**
 * The repository's formatter (biome, which `npm test` runs over every markdown file) decides
 * how a table is padded; the pages go through it so that they are committed already formatted.
 */
export function formatMarkdown(path: string, content: string): string {
  const biome = join(repoRoot, 'node_modules', '.bin', 'biome');
  if (!existsSync(biome)) throw new Error(`biome not found at ${biome}: run npm install first`);
  return execFileSync(biome, ['format', `--stdin-file-path=${join(docsDir, path)}`], {
    input: content,
    encoding: 'utf8',
    cwd: repoRoot,
    maxBuffer: 64 * 1024 * 1024,
  });
}

export function currentPages(model: Model = currentModel()): Page[] {
  return renderPages(model).map((page) => ({
    path: page.path,
    content: formatMarkdown(page.path, page.content),
  }));
}
