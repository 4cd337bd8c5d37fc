/**
 * The page script's own parts, on small inputs: reading CLAIMS.md rows, finding claim ids in
 * test titles, matching README rows to article sections.
 */
import { describe, expect, it } from 'vitest';
import { parseClaims } from '../scripts/lib/claims.ts';
import { rowNamesSection } from '../scripts/lib/model.ts';
import { cell } from '../scripts/lib/render.ts';
import { demoCommand, idsIn, parseReadme, testTitles } from '../scripts/lib/scan.ts';

const table = (rows: string) => `# Claims

## a1-process-management.md (2018, cites Node v10.14.2)

| id | section | claim | stage | verdict | what Node 20 actually does |
| --- | --- | --- | --- | --- | --- |
${rows}

## Corrections the project must show
- **a1-14 (dated)**: prose that is not a table row
`;

describe('parseClaims', () => {
  it('reads rows, sections in order, and an escaped pipe inside a cell', () => {
    const articles = parseClaims(
      table(
        [
          '| a1-14 | exec/execFile | maxBuffer is 200*1024 | 01 | dated | 1024*1024 since v12 |',
          '| a1-21 | 利用fork实现…模型 | EADDRINUSE | 03 | holds | a \\| b |',
          '| a1-29 | 利用fork实现…模型 | Windows | 04 | not checkable here | Linux only |',
        ].join('\n'),
      ),
    );
    expect(articles).toHaveLength(1);
    const [a1] = articles;
    expect(a1!.file).toBe('a1-process-management.md');
    expect(a1!.note).toBe('2018, cites Node v10.14.2');
    expect(a1!.sections).toEqual(['exec/execFile', '利用fork实现…模型']);
    expect(a1!.claims.map((c) => [c.id, c.stage, c.verdict])).toEqual([
      ['a1-14', '01', 'dated'],
      ['a1-21', '03', 'holds'],
      ['a1-29', '04', 'not checkable here'],
    ]);
    expect(a1!.claims[1]!.today).toBe('a | b');
  });

  it('names the line of a row it cannot read', () => {
    expect(() => parseClaims(table('| a1-14 | s | c | 07 | dated | x |'))).toThrow(
      /line 7: stage "07"/,
    );
    expect(() => parseClaims(table('| a1-14 | s | c | 01 | maybe | x |'))).toThrow(
      /line 7: verdict "maybe"/,
    );
    expect(() => parseClaims(table('| a1-14 | s | c | 01 | dated |'))).toThrow(
      /line 7: expected 6 cells/,
    );
    expect(() => parseClaims(table('| a2-01 | s | c | 01 | dated | x |'))).toThrow(
      /a2-01 is listed under a1/,
    );
    expect(() => parseClaims('# nothing here\n')).toThrow(/no article tables/);
  });
});

describe('testTitles', () => {
  it('finds ids in it/test/describe titles, with modifiers and wrapped arguments', () => {
    const source = [
      "// it('a1-99: a comment is not a test')",
      "it('a1-21: second listener gets EADDRINUSE', async () => {});",
      'it(',
      "  'a3-14, a4-14: SO_REUSEADDR does not share a port, it\\'s the socket',",
      '  async () => {},',
      ');',
      "it.skipIf(!hasProcfs())('a2-12: the channel is a socket', () => {});",
      `describe.each(impls)(\`a3-21: exit event (${['$', '{name}'].join('')})\`, () => {});`,
      "both('a5-18: ids start at 1', async (impl) => {});",
      "expect(x).toBe('a1-05');",
      "it('plain title without an id', () => {});",
      "test.todo('a4-22: keep-alive')",
    ].join('\n');
    const refs = testTitles(source, 'x.test.ts');
    const placeholder = ['$', '{name}'].join('');
    expect(refs.map((r) => [r.ids.join(' '), r.line, r.kind])).toEqual([
      ['a1-21', 2, 'test'],
      ['a3-14 a4-14', 4, 'test'],
      ['a2-12', 7, 'test'],
      ['a3-21', 8, 'describe'],
      ['a5-18', 9, 'test'],
      ['a4-22', 12, 'test'],
    ]);
    expect(refs[1]!.title).toBe(
      "a3-14, a4-14: SO_REUSEADDR does not share a port, it's the socket",
    );
    expect(refs[3]!.title).toBe(`a3-21: exit event (${placeholder})`);
  });

  it('extracts each id once, sorted', () => {
    expect(idsIn('a2-13 and a2-12, again a2-12; not a1-1 or ba1-21x')).toEqual(['a2-12', 'a2-13']);
  });
});

describe('README rows and sections', () => {
  it('matches abbreviated headings in parts, ignoring spaces and backticks', () => {
    expect(
      rowNamesSection('a1 利用fork实现`master-worker`模型 → src/x.ts', '利用fork实现…模型'),
    ).toBe(true);
    expect(rowNamesSection('a3 master 关闭自动关闭 worker', 'master 关闭自动关闭…')).toBe(true);
    expect(rowNamesSection('a1 模型 利用fork实现', '利用fork实现…模型')).toBe(false);
    expect(rowNamesSection('a4 事件', '事件')).toBe(true);
    expect(rowNamesSection('a5-cluster-fork-internals.md, 两种逻辑', 'Fork')).toBe(false);
  });

  it('reads the Read along rows: article carried down, files that exist, demo commands', () => {
    const readme = [
      '# 01-spawn-exec',
      'a1-14 is mentioned up here',
      '## Read along',
      '| article | section | our file |',
      '| --- | --- | --- |',
      '| a1-process-management.md | exec/execFile | `src/exec-file.ts`, `src/missing.ts` |',
      '| | spawn | `demos/main.ts` |',
      '## Modern Node differs',
      '- a1-14 (dated): 1 MiB',
    ].join('\n');
    const dir = new URL('../../packages/01-spawn-exec', import.meta.url).pathname;
    const { refs, readAlong } = parseReadme(readme, 'packages/01-spawn-exec/README.md', dir, 1);
    expect(refs.map((r) => [r.line, r.heading])).toEqual([
      [2, ''],
      [9, 'Modern Node differs'],
    ]);
    // The header row is not a row; the article carries down to the row that leaves it out.
    expect(readAlong.map((r) => r.article)).toEqual(['a1', 'a1']);
    const [first, second] = readAlong;
    // The locator is the article and section columns, not the whole row.
    expect(first!.locator).toBe('a1-process-management.md exec/execFile');
    expect(second!.locator).toBe(' spawn');
    expect(second!.demos).toEqual(['npm start -- 1']);
    // Only files that exist are named; which exist depends on the stage, so check the shape.
    expect(first!.sources.every((s) => s.startsWith('packages/01-spawn-exec/src/'))).toBe(true);
    expect(first!.sources).not.toContain('packages/01-spawn-exec/src/missing.ts');
    expect(second!.sources).toEqual([]);
  });

  it('turns demo files into the commands a reader types', () => {
    expect(demoCommand(4, 'packages/04-handle-passing/demos/main.ts')).toBe('npm start -- 4');
    expect(demoCommand(4, 'packages/04-handle-passing/demos/herd.ts')).toBe(
      'npx tsx packages/04-handle-passing/demos/herd.ts',
    );
    expect(demoCommand(6, 'packages/06-round-robin-cluster/demos/hello-world.mjs')).toBe(
      'node --import tsx packages/06-round-robin-cluster/demos/hello-world.mjs',
    );
  });

  it('escapes markdown emphasis in table cells', () => {
    expect(cell('200*1024 and 200*1024, _handle, `code`')).toBe(
      '200\\*1024 and 200\\*1024, \\_handle, \\`code\\`',
    );
  });

  it('escapes table cells: pipes, HTML, Vue interpolation and attribute braces', () => {
    expect(cell('a | b <script> {{ x }} & y')).toBe(
      'a \\| b &lt;script&gt; &#123;&#123; x &#125;&#125; &amp; y',
    );
  });
});
