/**
 * Writes the "Serving modes" page (en/ and zh/) from kit's catalogue of serving modes.
 * `npm run pages` runs it after write-pages.ts.
 *
 *   tsx scripts/write-modes.ts           write the pages
 *   tsx scripts/write-modes.ts --check   write nothing; exit 1 if a page is out of date
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { modesPage } from './lib/modes-page.ts';
import { docsDir } from './lib/paths.ts';

const check = process.argv.includes('--check');
let stale = 0;
for (const lang of ['en', 'zh'] as const) {
  const page = modesPage(lang);
  const file = join(docsDir, page.path);
  if (existsSync(file) && readFileSync(file, 'utf8') === page.content) continue;
  stale++;
  if (check)
    console.error(`${page.path} is out of date: run npm run pages -w @cluster-from-scratch/docs`);
  else {
    writeFileSync(file, page.content);
    console.log(`wrote ${page.path}`);
  }
}
if (check && stale > 0) process.exit(1);
