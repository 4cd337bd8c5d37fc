/**
 * Every component that narrates keeps one catalogue per language: `messages/en.ts` and, beside
 * it, `messages/zh.ts`. This test finds every such pair in the repository and checks that the
 * two have exactly the same keys, at every depth, and that a message that takes arguments
 * takes the same number in both. A key missing in one language would print `undefined` to a
 * reader; the type of zh.ts catches most of that at typecheck, this catches the rest (and a
 * catalogue someone forgot to type).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

function findEnglishCatalogues(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findEnglishCatalogues(path, found);
    else if (name === 'en.ts' && dir.endsWith(`${'/'}messages`)) found.push(path);
  }
  return found;
}

/** Every key path of a catalogue with what sits there: 'text', or 'function/<arity>'. */
function shape(value: unknown, path = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'function') out.set(path, `function/${value.length}`);
  else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) {
      for (const [p, kind] of shape(inner, path ? `${path}.${key}` : key)) out.set(p, kind);
    }
  } else if (Array.isArray(value)) out.set(path, `list/${value.length}`);
  else out.set(path, typeof value);
  return out;
}

const catalogues = findEnglishCatalogues(root);

describe('message catalogues', () => {
  it('are found (one per narrating component)', () => {
    expect(catalogues.length).toBeGreaterThan(0);
  });

  for (const enPath of catalogues) {
    const zhPath = enPath.replace(/en\.ts$/, 'zh.ts');
    it(`${relative(root, enPath)} and zh.ts have the same keys`, async () => {
      const en = (await import(pathToFileURL(enPath).href)).default;
      const zh = (await import(pathToFileURL(zhPath).href)).default;
      const enShape = shape(en);
      const zhShape = shape(zh);
      const missingInZh = [...enShape.keys()].filter((k) => !zhShape.has(k));
      const missingInEn = [...zhShape.keys()].filter((k) => !enShape.has(k));
      expect({ missingInZh, missingInEn }).toEqual({ missingInZh: [], missingInEn: [] });
      for (const [key, kind] of enShape)
        expect(`${key}: ${zhShape.get(key)}`).toBe(`${key}: ${kind}`);
      // A Chinese catalogue that is a copy of the English one passes the key check; it must
      // actually say something in Chinese.
      const zhText = JSON.stringify(zh, (_k, v) => (typeof v === 'function' ? String(v) : v));
      expect(/[\u4e00-\u9fff]/.test(zhText)).toBe(true);
    });
  }
});
