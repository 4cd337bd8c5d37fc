/**
 * The per-Node-line verdicts, for both pages: one row per claim whose test recorded what it
 * saw (kit/src/line-observations.ts), one column per recorded line.
 *
 *   docs/data/node-lines/v20.20.2.json ─┐
 *   docs/data/node-lines/v24.22.3.json ─┼─▶ | claim | v20.20.2 | v22.23.5 | v24.22.3 | v26.12.1 | changed in |
 *   …                                   ─┘
 *
 * The files are written by `npm run record:line -- <line>` after a green run on that line,
 * never by hand, so the table says only what a test saw.
 */
import { join } from 'node:path';
import { type LineRecord, readLineRecords } from '@cluster-from-scratch/kit/line-observations';
import { type NodeChange, nodeChanges, nodeSince } from '@cluster-from-scratch/kit/node-lines';
import type { Lang } from './i18n.ts';
import { docsDir } from './paths.ts';

export const lineRecordsDir = join(docsDir, 'data', 'node-lines');

export function lineRecords(): LineRecord[] {
  return readLineRecords(lineRecordsDir);
}

const verdictZh: Record<string, string> = {
  holds: '成立',
  dated: '过时',
  wrong: '错误',
  loose: '不严谨',
};

/** The section, or nothing when no line was recorded. */
export function lineVerdictSection(
  records: LineRecord[],
  lang: Lang,
  link: (id: string) => string,
  cell: (text: string) => string,
): string[] {
  if (records.length === 0) return [];
  const t = (en: string, zh: string) => (lang === 'en' ? en : zh);
  const claims = [...new Set(records.flatMap((r) => r.observations.map((o) => o.claim)))].sort();
  const lines = [
    `## ${t('By Node line', '按 Node 版本线')}`,
    '',
    t(
      `Some claims are true on one Node line and not on another. Their tests assert what each line does, and record it: the table below comes from those runs (\`npm run record:line -- <line>\` writes \`docs/data/node-lines/<version>.json\` after a green run), on ${records.map((r) => r.node).join(', ')}. Each cell is the verdict on that line and what the test saw; *dated* in a later column means the article was right for its Node, and for the lines before, and no longer is.`,
      `有些论断在一个 Node 版本线上成立，在另一个上不成立。它们的测试断言每个版本线的实际行为，并把看到的记录下来：下表来自这些运行（\`npm run record:line -- <版本线>\` 在全部通过后写出 \`docs/data/node-lines/<版本>.json\`），覆盖 ${records.map((r) => r.node).join('、')}。每格是该版本线上的结论和测试看到的内容；较新一列中的“过时”表示文章对它所用的 Node 以及之前的版本线是对的，如今不再成立。`,
    ),
    '',
    `| ${t('Claim', '论断')} | ${records.map((r) => r.node).join(' | ')} | ${t('Changed in', '变化始于')} |`,
    `| --- | ${records.map(() => '---').join(' | ')} | --- |`,
  ];
  for (const claim of claims) {
    const cells = records.map((r) => {
      const o = r.observations.find((x) => x.claim === claim);
      if (!o) return '–';
      const v = lang === 'en' ? o.verdict : (verdictZh[o.verdict] ?? o.verdict);
      return `**${v}**: ${cell(o.seen)}`;
    });
    const change = records.flatMap((r) => r.observations).find((o) => o.claim === claim)?.change;
    const since = change
      ? `${cell(nodeSince(change))} (${cell((nodeChanges[change] as NodeChange).upstream ?? '')})`
      : '–';
    lines.push(`| ${link(claim)} | ${cells.join(' | ')} | ${since} |`);
  }
  lines.push('');
  return lines;
}
