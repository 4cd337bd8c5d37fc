/**
 * Measures what survives `serialization: 'json'` and `'advanced'` and prints the table.
 *
 *   npx tsx packages/02-fork-ipc/demos/serialization-table.ts          print it
 *   npx tsx packages/02-fork-ipc/demos/serialization-table.ts --write  rewrite the README's table
 *
 * test/messages.test.ts measures again and fails if the README's table differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { measure, renderTable, withTable } from '../src/serialization.ts';

const say = narrator('primary');
say("forking a receiver with serialization 'json', then one with 'advanced'");
const table = renderTable({ json: await measure('json'), advanced: await measure('advanced') });
console.log(`\n${table}\n`);
if (process.argv.includes('--write')) {
  const readme = fileURLToPath(new URL('../README.md', import.meta.url));
  writeFileSync(readme, withTable(readFileSync(readme, 'utf8'), table));
  say('README.md table rewritten');
}
