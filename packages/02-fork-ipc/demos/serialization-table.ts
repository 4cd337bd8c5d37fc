/**
 * Measures what survives `serialization: 'json'` and `'advanced'` and prints the table.
 *
 *   npx tsx packages/02-fork-ipc/demos/serialization-table.ts          print it
 *   npx tsx packages/02-fork-ipc/demos/serialization-table.ts --write  rewrite the README's table
 *
 * test/messages.test.ts measures again and fails if the README's table differs. The table is in
 * English in either language: it is the README's table, cell for cell.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inLanguage } from '@cluster-from-scratch/kit/language';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { measure, renderTable, withTable } from '../src/serialization.ts';
import en from './messages/en.ts';
import zh from './messages/zh.ts';

const m = inLanguage({ en, zh }).serialization;
const say = narrator('primary');
say(m.forkingReceivers);
const table = renderTable({ json: await measure('json'), advanced: await measure('advanced') });
console.log(`\n${table}\n`);
if (process.argv.includes('--write')) {
  const readme = fileURLToPath(new URL('../README.md', import.meta.url));
  writeFileSync(readme, withTable(readFileSync(readme, 'utf8'), table));
  say(m.readmeRewritten);
}
