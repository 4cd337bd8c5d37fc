/**
 * Writes the reading guide and the "Modern Node differs" page (en/ and zh/) from
 * ../shared/articles/CLAIMS.md and what the stages hold now (test titles, demos, READMEs).
 * `npm run build` runs it before `vitepress build`; `npm run pages` runs it alone.
 *
 *   tsx scripts/write-pages.ts           write the pages, print a coverage summary
 *   tsx scripts/write-pages.ts --check   write nothing; exit 1 if a page is out of date
 *
 * Without CLAIMS.md the committed pages are kept (and the reason printed), so the site still
 * builds; --check and a missing page are errors then.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { currentModel, currentPages } from './lib/pages.ts';
import { claimsMissingMessage, docsDir } from './lib/paths.ts';

const check = process.argv.includes('--check');
const pagePaths = [
  'en/reading-guide.md',
  'zh/reading-guide.md',
  'en/modern-node.md',
  'zh/modern-node.md',
];

const missing = claimsMissingMessage();
if (missing) {
  const absent = pagePaths.filter((p) => !existsSync(join(docsDir, p)));
  console.error(missing);
  if (check || absent.length > 0) {
    if (absent.length > 0) console.error(`Pages that do not exist yet: ${absent.join(', ')}`);
    process.exit(1);
  }
  console.error('Keeping the committed pages as they are.');
  process.exit(0);
}

const model = currentModel();
const stale: string[] = [];
for (const page of currentPages(model)) {
  const file = join(docsDir, page.path);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (before === page.content) continue;
  stale.push(page.path);
  if (!check) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, page.content);
  }
}

const counts = { tested: 0, readme: 0, pending: 0, missing: 0 };
for (const c of model.claims) counts[c.status]++;
console.log(
  `claims: ${model.claims.length} · shown by a test ${counts.tested} · README only ${counts.readme} · not yet covered ${counts.pending} · uncovered ${counts.missing}`,
);
const uncovered = model.claims.filter((c) => c.status === 'missing').map((c) => c.claim.id);
if (uncovered.length > 0)
  console.log(`uncovered (stage built, nothing names them): ${uncovered.join(' ')}`);
for (const u of model.unknownIds) {
  console.log(`unknown claim id ${u.id} in ${u.test.file}:${u.test.line} "${u.test.title}"`);
}
if (check) {
  if (stale.length > 0) {
    console.error(
      `out of date: ${stale.join(', ')} (run npm run pages -w @cluster-from-scratch/docs)`,
    );
    process.exit(1);
  }
  console.log('pages up to date');
} else {
  console.log(stale.length > 0 ? `wrote ${stale.join(', ')}` : 'pages already up to date');
}
