/**
 * Claims (CLAIMS.md) × stages (the scan) → what the reading guide shows.
 *
 *   article section ──► stage(s), source files, demo commands, claim ids
 *   claim id        ──► verdict, tests whose titles name it (or the README line), status
 *
 * Status of a claim:
 *   tested   a test title in packages/*\/test names the id
 *   readme   no test, but a stage README names the id (the rows that cannot be run here)
 *   pending  neither, and the claim's stage has no tests yet (not built)
 *   missing  neither, and the claim's stage is built: a gap the docs test reports
 */
import { type Article, allClaims, type Claim, isDifference } from './claims.ts';
import type { DemoRef, ReadAlongRow, ReadmeRef, StageScan, TestRef } from './scan.ts';

export type Status = 'tested' | 'readme' | 'pending' | 'missing';

export interface ClaimRow {
  claim: Claim;
  tests: TestRef[];
  demos: DemoRef[];
  readme: ReadmeRef[];
  status: Status;
}

export interface SectionRow {
  article: string;
  section: string;
  stages: string[];
  sources: string[];
  /** where the source list came from */
  sourcesFrom: 'read-along' | 'tests' | 'none';
  demos: string[];
  claimIds: string[];
  /** every stage of the section has its code (a README or sources): an empty cell means none */
  written: boolean;
}

export interface Model {
  articles: Article[];
  stages: StageScan[];
  claims: ClaimRow[];
  sections: SectionRow[];
  /** ids named in test titles that CLAIMS.md does not list */
  unknownIds: { id: string; test: TestRef }[];
}

function norm(text: string): string {
  return text.toLowerCase().replace(/[`*_\s"'「」《》]/g, '');
}

/** Does a README row name this section? Headings abbreviated with … match in parts, in order. */
export function rowNamesSection(rowText: string, section: string): boolean {
  // The article's file name is not a heading: "a5-cluster-fork-internals.md" must not name "Fork".
  const row = norm(rowText.replace(/\ba[1-5]-[a-z0-9-]+\.md\b/gi, ' '));
  const parts = norm(section)
    .split('…')
    .filter((p) => p.length > 0);
  if (parts.length === 0) return false;
  let from = 0;
  for (const part of parts) {
    const at = row.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

function stageOf(stages: StageScan[], stage: string): StageScan | undefined {
  return stages.find((s) => s.slug.startsWith(`${stage}-`));
}

const headingRank = (heading: string) =>
  /modern node/i.test(heading) ? 0 : /read along/i.test(heading) ? 2 : 1;

export function buildModel(articles: Article[], stages: StageScan[]): Model {
  const tests = stages.flatMap((s) => s.tests);
  const demos = stages.flatMap((s) => s.demos);
  const readmeRefs = stages.flatMap((s) => s.readmeRefs);
  const known = new Set(allClaims(articles).map((c) => c.id));

  const claims: ClaimRow[] = allClaims(articles).map((claim) => {
    const own = stageOf(stages, claim.stage);
    const ownReadme = own?.readme;
    const claimTests = tests.filter((t) => t.ids.includes(claim.id));
    const claimDemos = demos.filter((d) => d.ids.includes(claim.id));
    const readme = readmeRefs
      .filter((r) => r.ids.includes(claim.id))
      .sort(
        (a, b) =>
          Number(b.file === ownReadme) - Number(a.file === ownReadme) ||
          headingRank(a.heading) - headingRank(b.heading) ||
          a.file.localeCompare(b.file) ||
          a.line - b.line,
      );
    const status: Status =
      claimTests.length > 0
        ? 'tested'
        : readme.length > 0
          ? 'readme'
          : own?.built
            ? 'missing'
            : 'pending';
    return { claim, tests: claimTests, demos: claimDemos, readme, status };
  });

  // Which article sections each Read along row names. A row may say "same section" (or 同上):
  // it then names what the row above it named.
  const rowSections = new Map<ReadAlongRow, string[]>();
  for (const stage of stages) {
    let previous: { article: string | undefined; keys: string[] } = {
      article: undefined,
      keys: [],
    };
    for (const row of stage.readAlong) {
      const article = articles.find((a) => a.id === row.article);
      let keys: string[] = [];
      if (article) {
        const named = article.sections.filter((s) => rowNamesSection(row.locator, s));
        // A row naming "利用fork实现…模型" also contains "fork": keep only the most specific.
        const specific = named.filter(
          (s) => !named.some((o) => o !== s && norm(o).includes(norm(s))),
        );
        keys = specific.map((s) => `${article.id} ${s}`);
        if (
          keys.length === 0 &&
          previous.article === article.id &&
          /same (section|heading)|as above|同上|同一节/i.test(row.locator)
        ) {
          keys = previous.keys;
        }
      }
      rowSections.set(row, keys);
      previous = { article: row.article, keys };
    }
  }

  const sections: SectionRow[] = articles.flatMap((article) =>
    article.sections.map((section) => {
      const rows = claims.filter(
        (c) => c.claim.article === article.id && c.claim.section === section,
      );
      const stageIds = [...new Set(rows.map((r) => r.claim.stage))].sort();

      // 1. what the stage READMEs' "Read along" rows say about this section
      // (any stage's README may map the section: 01 points at its fork for a1 · fork, a 02 claim)
      const along = stages.flatMap((s) =>
        s.readAlong.filter((row) => rowSections.get(row)?.includes(`${article.id} ${section}`)),
      );
      let sources = [...new Set(along.flatMap((r) => r.sources))];
      let sourcesFrom: SectionRow['sourcesFrom'] = sources.length > 0 ? 'read-along' : 'none';
      // 2. otherwise the src files the proving tests import (through their fixtures)
      if (sources.length === 0) {
        const fromTests = new Set<string>();
        for (const row of rows) {
          for (const t of row.tests) {
            const scan = stages.find((s) => s.testSources.has(t.file));
            for (const src of scan?.testSources.get(t.file) ?? []) fromTests.add(src);
          }
        }
        sources = [...fromTests].sort();
        if (sources.length > 0) sourcesFrom = 'tests';
      }

      const alongStages = stages
        .filter((s) => s.readAlong.some((r) => along.includes(r)))
        .map((s) => s.slug.slice(0, 2));
      const sectionStages = [...new Set([...stageIds, ...alongStages])].sort();
      const scans = sectionStages
        .map((id) => stageOf(stages, id))
        .filter((s): s is StageScan => s !== undefined);

      // The stages' main demos (the tour of each idea), then the demos the READMEs name for this
      // section, then any demo whose source names one of its claims.
      const demoCommands = [
        ...new Set([
          ...scans.filter((s) => s.mainDemo !== undefined).map((s) => `npm start -- ${s.number}`),
          ...along.flatMap((r) => r.demos),
          ...rows.flatMap((r) => r.demos.map((d) => d.command)),
        ]),
      ];
      return {
        article: article.id,
        section,
        stages: sectionStages,
        sources,
        sourcesFrom,
        demos: demoCommands,
        claimIds: rows.map((r) => r.claim.id),
        written: scans.every((s) => s.readme !== undefined || s.srcFiles.length > 0),
      };
    }),
  );

  const unknownIds = tests.flatMap((test) =>
    test.ids.filter((id) => !known.has(id)).map((id) => ({ id, test })),
  );
  return { articles, stages, claims, sections, unknownIds };
}

export function differences(model: Model): ClaimRow[] {
  return model.claims.filter((c) => isDifference(c.claim.verdict));
}
