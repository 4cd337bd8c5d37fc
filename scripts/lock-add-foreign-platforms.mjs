// The npm registry this project installs from serves only this platform's builds of biome and
// turbo, so `npm install` writes a lock file without the other platforms' optional packages,
// and `npm ci` then refuses the lock as "out of sync". This adds those entries (name, version,
// os, cpu, optional) so the lock is complete; npm skips them on other platforms anyway.
// Run after `npm install` changes the lock: node scripts/lock-add-foreign-platforms.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const firstMatch = (name, table, fallback) =>
  table.find(([pattern]) => pattern.test(name))?.[1] ?? fallback;
const platformOf = (name) => ({
  os: [
    firstMatch(
      name,
      [
        [/darwin/, 'darwin'],
        [/win32|windows/, 'win32'],
        [/android/, 'android'],
      ],
      'linux',
    ),
  ],
  cpu: [
    firstMatch(
      name,
      [
        [/arm64/, 'arm64'],
        [/ia32/, 'ia32'],
        [/arm/, 'arm'],
      ],
      'x64',
    ),
  ],
  ...(/musl/.test(name) ? { libc: ['musl'] } : {}),
});
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  if (!/node_modules\/(@biomejs\/biome|turbo)$/.test(path)) continue;
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    if (lock.packages[key]) continue;
    lock.packages[key] = { version, ...platformOf(dep), dev: entry.dev, optional: true };
    added++;
  }
}
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} foreign-platform entries`);
