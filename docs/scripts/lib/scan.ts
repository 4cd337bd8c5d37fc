/**
 * What the stages hold right now: their tests (and the claim ids in the test titles), their
 * demos, their sources, and the README lines that mention a claim or map an article section to
 * a file.
 *
 *   packages/NN-slug/test/**\/*.test.ts   it('a1-21: …')        → TestRef  (claim ids a1-21)
 *   packages/NN-slug/demos/*.ts           // shows a2-12         → DemoRef  (claim ids a2-12)
 *   packages/NN-slug/README.md            ## Read along rows     → ReadAlongRow (article, files)
 *                                         any line with an id    → ReadmeRef
 *
 * The scan reads files as text; it never imports or runs the stages.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { siteStages } from '../../.vitepress/stages.ts';
import { claimIdPattern } from './claims.ts';
import { packagesDir, rel, repoRoot } from './paths.ts';

export interface TestRef {
  /** repo-relative path of the test file */
  file: string;
  /** the title as written in the source (template placeholders kept as ${…}) */
  title: string;
  line: number;
  ids: string[];
  kind: 'test' | 'describe';
}

export interface DemoRef {
  file: string;
  command: string;
  ids: string[];
}

export interface ReadmeRef {
  file: string;
  line: number;
  text: string;
  ids: string[];
  /** the README section (## heading) the line sits under */
  heading: string;
}

export interface ReadAlongRow {
  line: number;
  /** 'a1' … 'a5', from this row or the rows above it */
  article: string | undefined;
  text: string;
  /** the part of the row that names the article section (its section column, or the line's head) */
  locator: string;
  /** repo-relative source files the row names that exist */
  sources: string[];
  /** demo commands for the demo files the row names that exist */
  demos: string[];
}

export interface StageScan {
  number: number;
  slug: string;
  dir: string;
  readme: string | undefined;
  srcFiles: string[];
  demoFiles: string[];
  mainDemo: string | undefined;
  testFiles: string[];
  /** a stage counts as built (for claim coverage) once its test/ directory holds *.test.ts */
  built: boolean;
  tests: TestRef[];
  demos: DemoRef[];
  readmeRefs: ReadmeRef[];
  readAlong: ReadAlongRow[];
  /** src files each test file reaches through its imports and fixtures */
  testSources: Map<string, string[]>;
}

function walk(dir: string, accept: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full, accept));
    else if (accept(name)) out.push(full);
  }
  return out;
}

export function idsIn(text: string): string[] {
  return [...new Set(text.match(claimIdPattern) ?? [])].sort();
}

/**
 * `npm start -- N` for a stage's main demo, `npx tsx <path>` for any other TypeScript demo, and
 * `node --import tsx <path>` for a plain JavaScript one (the way a user's own program runs).
 */
export function demoCommand(stageNumber: number, file: string): string {
  if (file.endsWith('/demos/main.ts')) return `npm start -- ${stageNumber}`;
  return /\.(mjs|cjs|js)$/.test(file) ? `node --import tsx ${file}` : `npx tsx ${file}`;
}

// Comments and string literals, in one pass, so that an apostrophe in a comment does not start a
// string. Template literals with nested templates are rare in test titles and not handled.
const tokenPattern =
  /\/\/[^\n]*|\/\*[\s\S]*?\*\/|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g;

// it( / test( / describe( with any chain of modifiers: it.skipIf(!hasProcfs())( , describe.each(x)(
const calleePattern =
  /(?:^|[^\w$.])(it|test|describe)((?:\.\w+(?:\((?:[^()]|\([^()]*\))*\))?)*)\s*\(\s*$/;

// a bare function call (not a method like .toBe( ), for a stage's own test helper
const helperPattern = /(?:^|[^\w$.])(?!expect\b)[A-Za-z_$][\w$]*\s*\(\s*$/;

function unquote(token: string): string {
  return token.slice(1, -1).replace(/\\(['"`\\])/g, '$1');
}

export function testTitles(source: string, file: string): TestRef[] {
  const refs: TestRef[] = [];
  for (const match of source.matchAll(tokenPattern)) {
    const token = match[0];
    if (token.startsWith('/')) continue;
    const title = unquote(token);
    const ids = idsIn(title);
    if (ids.length === 0) continue;
    const start = match.index;
    const before = source.slice(Math.max(0, start - 300), start);
    if (!/\(\s*$/.test(before)) continue;
    const callee = calleePattern.exec(before);
    // A helper of the stage's own (e.g. a differential `both('a3-21: …', …)`) counts when the
    // title starts with a claim id, as the house rule names tests.
    if (!callee && !(/^\s*a[1-5]-\d{2}\b/.test(title) && helperPattern.test(before))) continue;
    refs.push({
      file,
      title,
      line: source.slice(0, start).split('\n').length,
      ids,
      kind: callee?.[1] === 'describe' ? 'describe' : 'test',
    });
  }
  return refs;
}

const sourcePathPattern =
  /(?:packages\/\d\d-[a-z-]+\/)?(?:src|demos|test|exercises)\/[\w./-]+\.(?:ts|mts|mjs|js|json)/g;

function resolveNamedPath(stageDir: string, named: string): string | undefined {
  const full = named.startsWith('packages/') ? join(repoRoot, named) : join(stageDir, named);
  return existsSync(full) ? rel(full) : undefined;
}

function articleIn(text: string): string | undefined {
  const file = /\b(a[1-5])-[a-z][a-z0-9-]*\.md/.exec(text);
  if (file) return file[1];
  const bare = /(?:^|[^\w-])(a[1-5])(?![\w-])/.exec(text);
  return bare?.[1];
}

export function parseReadme(
  text: string,
  file: string,
  stageDir: string,
  stageNumber: number,
): { refs: ReadmeRef[]; readAlong: ReadAlongRow[] } {
  const refs: ReadmeRef[] = [];
  const readAlong: ReadAlongRow[] = [];
  let heading = '';
  let article: string | undefined;
  let inFence = false;
  // Columns of the current table that locate an article section ("article section", "section").
  let locatorColumns: number[] | undefined;
  let tableHeader: string[] | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    if (line.trimStart().startsWith('```')) inFence = !inFence;
    if (!inFence && /^## /.test(line)) {
      heading = line.slice(3).trim();
      article = undefined;
      tableHeader = undefined;
      locatorColumns = undefined;
      return;
    }
    const ids = idsIn(line);
    if (ids.length > 0) refs.push({ file, line: index + 1, text: line.trim(), ids, heading });
    if (inFence || !/^read along/i.test(heading)) return;
    const trimmed = line.trim();
    if (trimmed === '') {
      tableHeader = undefined;
      locatorColumns = undefined;
      return;
    }
    const isTable = trimmed.startsWith('|');
    if (isTable && /^\|[\s:|-]+\|$/.test(trimmed)) {
      // The separator: the row above was the header.
      const header = tableHeader ?? [];
      const found = header
        .map((h, i) => (/article|section|heading|章节|文章|标题/i.test(h) ? i : -1))
        .filter((i) => i >= 0);
      locatorColumns = found.length > 0 ? found : [0];
      readAlong.pop();
      return;
    }
    const cellsOf = (row: string) =>
      row
        .replace(/^\||\|$/g, '')
        .split(/(?<!\\)\|/)
        .map((c) => c.trim());
    let locator: string;
    if (isTable) {
      const rowCells = cellsOf(trimmed);
      if (locatorColumns === undefined) {
        // A new table: its header row. The article carried down from rows above ends here.
        tableHeader = rowCells;
        article = undefined;
      }
      locator = (locatorColumns ?? [0]).map((i) => rowCells[i] ?? '').join(' ');
    } else {
      locator = trimmed.split(/→|->|:|—|\(|`/)[0] ?? trimmed;
    }
    article = articleIn(line) ?? article;
    const named = [...new Set(line.match(sourcePathPattern) ?? [])];
    const paths = named
      .map((p) => resolveNamedPath(stageDir, p))
      .filter((p): p is string => p !== undefined);
    readAlong.push({
      line: index + 1,
      article,
      text: trimmed,
      locator,
      sources: paths.filter((p) => !p.includes('/demos/') && !p.includes('/test/')),
      demos: paths.filter((p) => p.includes('/demos/')).map((p) => demoCommand(stageNumber, p)),
    });
  });
  return { refs, readAlong };
}

const importPattern =
  /(?:from\s+|import\s*\(\s*|new URL\(\s*)['"]([^'"]+)['"]|['"](@cluster-from-scratch\/\d\d-[a-z-]+(?:\/[\w./-]+)?)['"]/g;

/** src files a file reaches: direct imports of src/, and fixtures (one level down). */
function reachedSources(file: string, depth = 0, seen = new Set<string>()): string[] {
  if (seen.has(file) || !existsSync(file)) return [];
  seen.add(file);
  const out = new Set<string>();
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(importPattern)) {
    const spec = m[1] ?? m[2]!;
    let target: string | undefined;
    if (spec.startsWith('.')) target = resolve(dirname(file), spec);
    else if (spec.startsWith('@cluster-from-scratch/')) {
      const [, pkg, sub] = /^@cluster-from-scratch\/(\d\d-[a-z-]+)(?:\/(.+))?$/.exec(spec) ?? [];
      if (pkg)
        target = join(packagesDir, pkg, 'src', sub ? `${sub.replace(/\.ts$/, '')}.ts` : 'index.ts');
    }
    if (!target || !existsSync(target)) continue;
    if (/\/packages\/\d\d-[a-z-]+\/src\//.test(target)) out.add(rel(target));
    else if (depth < 2 && /\/(fixtures|helpers?)\//.test(target)) {
      for (const s of reachedSources(target, depth + 1, seen)) out.add(s);
    }
  }
  return [...out].sort();
}

export function scanStage(number: number, slug: string): StageScan {
  const dir = join(packagesDir, slug);
  const readmePath = join(dir, 'README.md');
  const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : undefined;
  const srcFiles = walk(join(dir, 'src'), (n) => /\.(ts|mts)$/.test(n)).map(rel);
  const demoFiles = walk(join(dir, 'demos'), (n) => /\.(ts|mts|mjs)$/.test(n)).map(rel);
  const testPaths = walk(join(dir, 'test'), (n) => n.endsWith('.test.ts'));
  const testFiles = testPaths.map(rel);
  const tests = testPaths.flatMap((p) => testTitles(readFileSync(p, 'utf8'), rel(p)));
  const demos = demoFiles
    .map((f) => ({
      file: f,
      command: demoCommand(number, f),
      ids: idsIn(readFileSync(join(repoRoot, f), 'utf8')),
    }))
    .filter((d) => d.ids.length > 0);
  const parsed = readme
    ? parseReadme(readme, rel(readmePath), dir, number)
    : { refs: [], readAlong: [] };
  const testSources = new Map(testPaths.map((p) => [rel(p), reachedSources(p)] as const));
  const mainDemo = demoFiles.find((f) => f.endsWith('/demos/main.ts'));
  return {
    number,
    slug,
    dir,
    readme: readme === undefined ? undefined : rel(readmePath),
    srcFiles,
    demoFiles,
    mainDemo,
    testFiles,
    built: testFiles.length > 0,
    tests,
    demos,
    readmeRefs: parsed.refs,
    readAlong: parsed.readAlong,
    testSources,
  };
}

export function scanStages(): StageScan[] {
  return siteStages.map((s) => scanStage(s.number, s.slug));
}
