/**
 * line-observations: what a test saw Node do, written down per Node line, for the docs.
 *
 * Some of the articles' claims are true on one Node line and false on another. The test of
 * such a claim asserts what the running line does, and also calls `observe()` with the verdict
 * that follows from what it saw. When CFS_OBSERVATIONS_FILE is set (`npm run record:line`
 * does it), each call appends one JSON line there; otherwise it does nothing.
 *
 *   test on Node 24 ─ observe('a1-51', 'dated', 'key of a fixed port: null:P:4:undefined')
 *        │ (appended, one line per call)
 *        ▼
 *   npm run record:line -- 24 ─▶ docs/data/node-lines/v24.22.3.json
 *        ▼
 *   docs generator ─▶ "Modern Node differs": one column per recorded line
 *
 * So the per-version verdicts on the docs pages come from runs, never from a hand-typed table.
 */
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeChangeName } from './node-lines.ts';

/** The same words CLAIMS.md uses for a claim's truth. */
export type Verdict = 'holds' | 'dated' | 'wrong' | 'loose';

export interface Observation {
  claim: string;
  verdict: Verdict;
  /** What was seen, in a few words a reader can check against the test. */
  seen: string;
  /** The change in kit/src/node-lines.ts that makes this claim's truth depend on the line. */
  change?: NodeChangeName;
}

export function observe(
  claim: string,
  verdict: Verdict,
  seen: string,
  change?: NodeChangeName,
): void {
  const file = process.env.CFS_OBSERVATIONS_FILE;
  if (!file) return;
  const line: Observation & { node: string } = {
    claim,
    verdict,
    seen,
    ...(change ? { change } : {}),
    node: process.version,
  };
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}

/** One recorded line: the exact version it ran on and a verdict per claim. */
export interface LineRecord {
  node: string;
  observations: Observation[];
}

/** Reads the lines appended during a run; refuses a mix of Node versions. */
export function readObservations(file: string): LineRecord {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const parsed = lines.map((line) => JSON.parse(line) as Observation & { node: string });
  const versions = new Set(parsed.map((o) => o.node));
  if (versions.size !== 1) {
    throw new Error(
      `observations from ${versions.size} Node versions in ${file}: ${[...versions]}`,
    );
  }
  const byClaim = new Map<string, Observation>();
  for (const { claim, verdict, seen, change } of parsed) {
    const earlier = byClaim.get(claim);
    if (earlier && (earlier.verdict !== verdict || earlier.seen !== seen)) {
      throw new Error(
        `two different observations of ${claim}: ${JSON.stringify([earlier, { verdict, seen }])}`,
      );
    }
    byClaim.set(claim, { claim, verdict, seen, ...(change ? { change } : {}) });
  }
  const observations = [...byClaim.values()].sort((a, b) => a.claim.localeCompare(b.claim));
  return { node: [...versions][0] ?? '', observations };
}

/** Every committed record, oldest line first. */
export function readLineRecords(dir: string): LineRecord[] {
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  const records = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as LineRecord);
  const major = (r: LineRecord) => Number(/^v(\d+)/.exec(r.node)?.[1] ?? 0);
  return records.sort((a, b) => major(a) - major(b));
}
