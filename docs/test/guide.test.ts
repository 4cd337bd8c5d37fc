/**
 * Keeps the reading guide and "Modern Node differs" honest:
 *   - the committed pages are what the script would write now (rebuilt in memory, compared);
 *   - every claim id of CLAIMS.md is on the guide, in both languages;
 *   - every source file, demo command, test and README line the pages name exists;
 *   - every claim of a built stage (test/ holds tests) is shown by a test or a README line.
 * Claims of stages with no tests yet are "not yet covered" and do not fail the suite.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { allClaims, isDifference } from '../scripts/lib/claims.ts';
import { claimZh, todayZh } from '../scripts/lib/i18n.ts';
import type { Model } from '../scripts/lib/model.ts';
import { currentModel, currentPages } from '../scripts/lib/pages.ts';
import { claimsMissingMessage, docsDir, repoRoot } from '../scripts/lib/paths.ts';
import { testTitles } from '../scripts/lib/scan.ts';

const missing = claimsMissingMessage();
if (missing) console.warn(`skipping the reading guide checks:\n${missing}`);

const langs = ['en', 'zh'] as const;
const generated = langs.flatMap((l) => [`${l}/reading-guide.md`, `${l}/modern-node.md`]);

function page(path: string): string {
  const file = join(docsDir, path);
  if (!existsSync(file))
    throw new Error(`${path} does not exist: run npm run pages -w @cluster-from-scratch/docs`);
  return readFileSync(file, 'utf8');
}

/** Undo render.ts's cell(): the text as it was before escaping. */
function uncell(text: string): string {
  return text
    .replace(/\\([*_~`[\]])/g, '$1')
    .replace(/\\\|/g, '|')
    .replace(/&#123;/g, '{')
    .replace(/&#125;/g, '}')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe.skipIf(missing !== undefined)('reading guide', () => {
  let model: Model;
  beforeAll(() => {
    model = currentModel();
  });

  it('the committed pages are up to date with CLAIMS.md and the stages', () => {
    const stale = currentPages(model)
      .filter((p) => !existsSync(join(docsDir, p.path)) || page(p.path) !== p.content)
      .map((p) => p.path);
    expect(
      stale,
      'out of date: run npm run pages -w @cluster-from-scratch/docs and commit',
    ).toEqual([]);
  });

  it('names every claim id of CLAIMS.md, in both languages', () => {
    for (const lang of langs) {
      const text = page(`${lang}/reading-guide.md`);
      const absent = model.claims
        .map((c) => c.claim.id)
        .filter((id) => !text.includes(`<span id="${id}">`));
      expect(absent, `${lang}/reading-guide.md lacks these claims`).toEqual([]);
    }
  });

  it('lists every dated, wrong and loose claim on "Modern Node differs", in both languages', () => {
    const differing = model.claims
      .filter((c) => isDifference(c.claim.verdict))
      .map((c) => c.claim.id);
    expect(differing.length).toBeGreaterThan(0);
    for (const lang of langs) {
      const text = page(`${lang}/modern-node.md`);
      const absent = differing.filter((id) => !text.includes(`<span id="${id}">`));
      expect(absent, `${lang}/modern-node.md lacks these claims`).toEqual([]);
    }
  });

  it('every source file, README and test file the pages name exists', () => {
    const absent: string[] = [];
    for (const path of generated) {
      for (const m of page(path).matchAll(/`(packages\/[\w./-]+\.\w+)`/g)) {
        if (!existsSync(join(repoRoot, m[1]!))) absent.push(`${path}: ${m[1]}`);
      }
    }
    expect(absent).toEqual([]);
  });

  it('every demo command the pages name runs an existing demo', () => {
    const bad: string[] = [];
    for (const path of generated) {
      const text = page(path);
      for (const m of text.matchAll(/`npm start -- (\d)`/g)) {
        const stage = model.stages.find((s) => s.number === Number(m[1]));
        if (!stage || !existsSync(join(stage.dir, 'demos', 'main.ts')))
          bad.push(`${path}: ${m[0]}`);
      }
      for (const m of text.matchAll(/`(?:npx tsx|node --import tsx) ([^`]+)`/g)) {
        if (!existsSync(join(repoRoot, m[1]!))) bad.push(`${path}: ${m[0]}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('every test the pages name exists under that title, and its title names the claim', () => {
    const bad: string[] = [];
    let checked = 0;
    for (const path of generated) {
      for (const line of page(path).split('\n')) {
        const id = /<span id="(a[1-5]-\d{2})">/.exec(line)?.[1];
        if (!id) continue;
        for (const m of line.matchAll(/`(packages\/[^`]+\.test\.ts)` “(.*?)”(?=<br>|\s+\|)/g)) {
          checked++;
          const file = join(repoRoot, m[1]!);
          const title = uncell(m[2]!);
          const titles = existsSync(file) ? testTitles(readFileSync(file, 'utf8'), m[1]!) : [];
          if (!titles.some((t) => t.title === title))
            bad.push(`${path}: ${m[1]} has no test “${title}”`);
          if (!title.includes(id))
            bad.push(`${path}: “${title}” is listed for ${id} but does not name it`);
        }
      }
    }
    expect(bad).toEqual([]);
    const tested = model.claims.filter((c) => c.status === 'tested').length;
    if (tested > 0) expect(checked).toBeGreaterThan(0);
  });

  it('every README line the pages cite names its claim', () => {
    const bad: string[] = [];
    for (const path of generated) {
      for (const line of page(path).split('\n')) {
        const id = /<span id="(a[1-5]-\d{2})">/.exec(line)?.[1];
        if (!id) continue;
        for (const m of line.matchAll(/`(packages\/[^`]+README\.md)` (?:line |第 )(\d+)/g)) {
          const file = join(repoRoot, m[1]!);
          const text = existsSync(file)
            ? readFileSync(file, 'utf8').split('\n')[Number(m[2]) - 1]
            : undefined;
          if (!text?.includes(id)) bad.push(`${path}: ${m[1]} line ${m[2]} does not name ${id}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('covers every claim of every built stage by a test title or a README line', () => {
    const pending = model.claims.filter((c) => c.status === 'pending');
    if (pending.length > 0) {
      const byStage = new Map<string, string[]>();
      for (const c of pending)
        byStage.set(c.claim.stage, [...(byStage.get(c.claim.stage) ?? []), c.claim.id]);
      console.info(
        `not yet covered (stage has no tests yet): ${[...byStage].map(([s, ids]) => `${s}: ${ids.length}`).join(', ')}`,
      );
    }
    const uncovered = model.claims
      .filter((c) => c.status === 'missing')
      .map((c) => `${c.claim.id} (stage ${c.claim.stage}, ${c.claim.verdict})`);
    expect(uncovered, 'claims of built stages that no test title or README line names').toEqual([]);
  });

  it('test titles name only claim ids that CLAIMS.md lists', () => {
    expect(model.unknownIds.map((u) => `${u.id} in ${u.test.file}:${u.test.line}`)).toEqual([]);
  });

  it("has a Chinese paraphrase for every claim, and today's behaviour for every difference", () => {
    const claims = allClaims(model.articles);
    expect(claims.filter((c) => !claimZh[c.id]).map((c) => c.id)).toEqual([]);
    expect(
      claims.filter((c) => isDifference(c.verdict) && !todayZh[c.id]).map((c) => c.id),
    ).toEqual([]);
  });
});
