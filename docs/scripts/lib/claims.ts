/**
 * CLAIMS.md → a list of claims, grouped by article.
 *
 *   ## a1-process-management.md (2018, cites Node v10.14.2)     ← an article
 *   | id | section | claim | stage | verdict | what Node 20 actually does |
 *   | a1-14 | exec/execFile | maxBuffer defaults to … | 01 | dated | the default has been … |
 *
 * Anything the parser does not understand in a claim row is an error that names the line: a
 * guide built from a half-read table would look complete and be wrong.
 */
import { readFileSync } from 'node:fs';

export const verdicts = ['holds', 'dated', 'wrong', 'loose', 'not checkable here'] as const;
export type Verdict = (typeof verdicts)[number];

export interface Claim {
  id: string;
  /** 'a1' … 'a5' */
  article: string;
  /** the article's heading, a short locator (often Chinese) */
  section: string;
  /** the claim, paraphrased in English */
  claim: string;
  /** '01' … '06' */
  stage: string;
  verdict: Verdict;
  /** what Node 20 does, as CLAIMS.md records it */
  today: string;
}

export interface Article {
  id: string;
  file: string;
  /** the note after the file name: year, Node version */
  note: string;
  /** sections in the order their first claim appears */
  sections: string[];
  claims: Claim[];
}

export const claimIdPattern = /\ba[1-5]-\d{2}\b/g;

export function isDifference(verdict: Verdict): boolean {
  return verdict === 'dated' || verdict === 'wrong' || verdict === 'loose';
}

function cells(line: string): string[] {
  // Split on pipes that are not escaped; drop the empty first and last cell.
  const parts = line.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
  return parts.slice(1, -1);
}

export function parseClaims(text: string): Article[] {
  const articles: Article[] = [];
  let current: Article | undefined;
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const where = `CLAIMS.md line ${index + 1}`;
    const heading = /^## (a[1-5])-([\w-]+\.md)\s*(?:\((.*)\))?\s*$/.exec(line);
    if (heading) {
      current = {
        id: heading[1]!,
        file: `${heading[1]}-${heading[2]}`,
        note: heading[3] ?? '',
        sections: [],
        claims: [],
      };
      articles.push(current);
      return;
    }
    if (line.startsWith('## ')) {
      current = undefined;
      return;
    }
    if (!/^\|\s*a[1-5]-\d{2}\s*\|/.test(line)) return;
    if (!current) throw new Error(`${where}: a claim row outside an article's table`);
    const row = cells(line);
    if (row.length !== 6) throw new Error(`${where}: expected 6 cells, found ${row.length}`);
    const [id, section, claim, stage, verdict, today] = row as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (!id.startsWith(`${current.id}-`)) {
      throw new Error(`${where}: claim ${id} is listed under ${current.file}`);
    }
    if (!/^0[1-6]$/.test(stage)) throw new Error(`${where}: stage "${stage}" is not 01…06`);
    if (!(verdicts as readonly string[]).includes(verdict)) {
      throw new Error(`${where}: verdict "${verdict}" is not one of ${verdicts.join(', ')}`);
    }
    if (current.claims.some((c) => c.id === id)) throw new Error(`${where}: ${id} listed twice`);
    if (!current.sections.includes(section)) current.sections.push(section);
    current.claims.push({
      id,
      article: current.id,
      section,
      claim,
      stage,
      verdict: verdict as Verdict,
      today,
    });
  });
  if (articles.length === 0) throw new Error('CLAIMS.md: no article tables found');
  return articles;
}

export function readClaims(path: string): Article[] {
  return parseClaims(readFileSync(path, 'utf8'));
}

export function allClaims(articles: Article[]): Claim[] {
  return articles.flatMap((a) => a.claims);
}
