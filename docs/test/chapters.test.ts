/**
 * The hand-written pages: every stage has its chapter in both languages, every page exists in
 * both, and what the pages tell a reader to open or run exists.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stages as kitStages } from '@cluster-from-scratch/kit/stages';
import { describe, expect, it } from 'vitest';
import { homeFrontmatter } from '../.vitepress/home.ts';
import { siteStages } from '../.vitepress/stages.ts';
import { docsDir, repoRoot } from '../scripts/lib/paths.ts';

function pagesUnder(dir: string): string[] {
  const root = join(docsDir, dir);
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.md')) out.push(relative(root, full));
    }
  };
  walk(root);
  return out;
}

/** Pages written by hand (the rest come from scripts: the guide, modern-node, benchmarks). */
const written = (lang: 'en' | 'zh') =>
  pagesUnder(lang)
    .filter((p) => !['reading-guide.md', 'modern-node.md', 'benchmarks.md'].includes(p))
    .map((p) => `${lang}/${p}`);

const read = (path: string) => readFileSync(join(docsDir, path), 'utf8');

/** Body prose only: no frontmatter (the home page's cards), headings, fenced blocks or code. */
function prose(markdown: string): string {
  return markdown
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/^#.*$/gm, ' ')
    .replace(/`[^`\n]*`/g, ' ');
}

describe('chapters and pages', () => {
  it('the site lists the same stages as kit/src/stages.ts', () => {
    expect(siteStages.map((s) => [s.number, s.slug])).toEqual(
      kitStages.map((s) => [s.number, s.slug]),
    );
  });

  it('every stage has its chapter in English and in Chinese', () => {
    const missing = siteStages
      .flatMap((s) => [`en/stages/${s.slug}.md`, `zh/stages/${s.slug}.md`])
      .filter((p) => !existsSync(join(docsDir, p)));
    expect(missing).toEqual([]);
  });

  it('every page exists in both languages', () => {
    const en = pagesUnder('en');
    const zh = pagesUnder('zh');
    expect(
      en.filter((p) => !zh.includes(p)),
      'English pages with no Chinese page',
    ).toEqual([]);
    expect(
      zh.filter((p) => !en.includes(p)),
      'Chinese pages with no English page',
    ).toEqual([]);
    for (const page of [
      'index.md',
      'reading-guide.md',
      'modern-node.md',
      'benchmarks.md',
      'glossary.md',
      'lab.md',
    ]) {
      expect(en, `en/${page}`).toContain(page);
    }
  });

  it('every file the written pages name exists', () => {
    const absent: string[] = [];
    for (const page of [...written('en'), ...written('zh')]) {
      for (const m of read(page).matchAll(/`((?:packages|kit|bench|lab)\/[\w./-]+\.\w+)`/g)) {
        if (!existsSync(join(repoRoot, m[1]!))) absent.push(`${page}: ${m[1]}`);
      }
    }
    expect(absent).toEqual([]);
  });

  it('every command the written pages give runs something that exists', () => {
    const bad: string[] = [];
    for (const page of [...written('en'), ...written('zh')]) {
      const text = read(page);
      for (const m of text.matchAll(/npm start -- (\d)\b/g)) {
        const stage = siteStages.find((s) => s.number === Number(m[1]));
        const demo = stage && join(repoRoot, 'packages', stage.slug, 'demos', 'main.ts');
        if (!demo || !existsSync(demo)) bad.push(`${page}: ${m[0]} (no demos/main.ts)`);
      }
      for (const m of text.matchAll(
        /(?:npx tsx|node --import tsx) ((?:packages|kit|bench|lab)\/[\w./-]+)/g,
      )) {
        if (!existsSync(join(repoRoot, m[1]!))) bad.push(`${page}: ${m[0]}`);
      }
      for (const m of text.matchAll(/npm (?:test|run \w+) -w @cluster-from-scratch\/([\w-]+)/g)) {
        const dir = ['kit', 'bench', 'lab', 'docs'].includes(m[1]!) ? m[1]! : `packages/${m[1]}`;
        if (!existsSync(join(repoRoot, dir, 'package.json'))) bad.push(`${page}: ${m[0]}`);
      }
      for (const m of text.matchAll(/npm run (?:verify|hint|solution) -- (\d\d)\.(\d+)/g)) {
        const stage = siteStages.find((s) => s.slug.startsWith(`${m[1]}-`));
        const file = stage && join(repoRoot, 'packages', stage.slug, 'exercises', 'exercises.json');
        const ids =
          file && existsSync(file)
            ? (JSON.parse(readFileSync(file, 'utf8')) as { id: string }[]).map((e) => e.id)
            : [];
        if (!ids.includes(`${m[1]}.${m[2]}`)) bad.push(`${page}: ${m[0]} (no such exercise)`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the home pages link to pages that exist', () => {
    const bad: string[] = [];
    for (const lang of ['en', 'zh'] as const) {
      const front = JSON.stringify(homeFrontmatter(lang));
      for (const m of front.matchAll(/"link":"([^"]+)"/g)) {
        const target = m[1]!.replace(/^\/zh\//, 'zh/').replace(/^\//, 'en/');
        const file = target.endsWith('/') ? `${target}index.md` : `${target}.md`;
        if (!existsSync(join(docsDir, file))) bad.push(`${lang} home: ${m[1]}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('no page has YAML frontmatter (the formatter would mangle it)', () => {
    const withFrontmatter = [
      ...pagesUnder('en').map((p) => `en/${p}`),
      ...pagesUnder('zh').map((p) => `zh/${p}`),
    ]
      .filter((p) => !p.endsWith('benchmarks.md'))
      .filter((p) => read(p).startsWith('---'));
    expect(withFrontmatter).toEqual([]);
  });

  it('gives the key terms in both languages the first time a written page uses them', () => {
    const terms: [string, string][] = [
      ['handle', '句柄'],
      ['thundering herd', '惊群'],
      ['orphan process', '孤儿进程'],
    ];
    const bad: string[] = [];
    for (const lang of ['en', 'zh'] as const) {
      for (const page of written(lang)) {
        const text = prose(read(page));
        for (const [en, zh] of terms) {
          const [term, other] = lang === 'en' ? [en, zh] : [zh, en];
          // (not inside a slug such as 04-handle-passing)
          const re = lang === 'en' ? new RegExp(`(?<![\\w-])${term}s?\\b`, 'i') : new RegExp(term);
          const at = text.search(re);
          if (at < 0) continue;
          const near = text.slice(Math.max(0, at - 80), at + term.length + 80);
          if (!near.toLowerCase().includes(other))
            bad.push(`${page}: first "${term}" without "${other}"`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('the glossary gives handle / 句柄, thundering herd / 惊群, orphan process / 孤儿进程', () => {
    for (const lang of ['en', 'zh'] as const) {
      const text = read(`${lang}/glossary.md`);
      for (const pair of [
        /\| handle\s+\| 句柄\s+\||\| 句柄\s+\| handle\s+\|/,
        /\| thundering herd\s+\| 惊群\s+\||\| 惊群\s+\| thundering herd\s+\|/,
        /\| orphan process\s+\| 孤儿进程\s+\||\| 孤儿进程\s+\| orphan process\s+\|/,
      ]) {
        expect(text, `${lang}/glossary.md`).toMatch(pair);
      }
    }
  });

  it("each built stage's README links to its chapter", () => {
    const bad: string[] = [];
    for (const s of siteStages) {
      const readme = join(repoRoot, 'packages', s.slug, 'README.md');
      if (!existsSync(readme)) continue;
      if (!readFileSync(readme, 'utf8').includes(`docs/en/stages/${s.slug}.md`)) {
        bad.push(`packages/${s.slug}/README.md does not link docs/en/stages/${s.slug}.md`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('keeps the dead-link check on (the build must fail on a dead link)', () => {
    expect(read('.vitepress/config.ts')).not.toMatch(/ignoreDeadLinks\s*:/);
  });

  it('says which chapters still give the plan', () => {
    const plans = siteStages
      .filter((s) =>
        /::: warning (The plan|计划)/.test(
          read(`en/stages/${s.slug}.md`) + read(`zh/stages/${s.slug}.md`),
        ),
      )
      .map((s) => s.slug);
    if (plans.length > 0)
      console.info(`chapters that give the plan, not the code yet: ${plans.join(', ')}`);
    // A plan chapter must say so in both languages.
    for (const slug of plans) {
      expect(read(`en/stages/${slug}.md`)).toContain('::: warning The plan');
      expect(read(`zh/stages/${slug}.md`)).toContain('::: warning 计划');
    }
  });
});
