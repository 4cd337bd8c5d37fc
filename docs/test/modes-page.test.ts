/**
 * The "Serving modes" page is what kit's catalogue says now, in both languages: a mode added
 * to kit/src/modes.ts fails this test until `npm run pages -w @cluster-from-scratch/docs` has
 * written it onto the page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVING_MODES } from '@cluster-from-scratch/kit/modes';
import { describe, expect, it } from 'vitest';
import { modesPage } from '../scripts/lib/modes-page.ts';
import { docsDir } from '../scripts/lib/paths.ts';

describe('the serving modes page', () => {
  for (const lang of ['en', 'zh'] as const) {
    it(`${lang}: the committed page is the one the catalogue writes, and names every mode`, () => {
      const page = modesPage(lang);
      const committed = readFileSync(join(docsDir, page.path), 'utf8');
      expect(committed, 'run npm run pages -w @cluster-from-scratch/docs').toBe(page.content);
      for (const mode of SERVING_MODES) {
        expect(committed).toContain(`\`${mode.id}\``);
        expect(committed).toContain(mode.label[lang]);
        expect(committed).toContain(mode.program);
      }
    });
  }
});
