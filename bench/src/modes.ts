/**
 * The mode registry: every way this project can put N workers behind one port.
 *
 *   mode id ──▶ { server script, args for N workers, who accepts connections }
 *
 * Every script serves kit's hello-world app on 127.0.0.1:0, reports
 * { port, primaryPid, workerPids } over IPC once all workers listen, and ends on SIGTERM.
 * A stage that is not built yet has no script: its modes are skipped with a note, so the
 * benchmarks run from the first day and fill in as the stages land.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const own = (file: string) => fileURLToPath(new URL(`./servers/${file}`, import.meta.url));
const stage = (slug: string, file: string) => join(repo, 'packages', slug, file);

/**
 * Who takes connections off the listening socket:
 * - single: one process, no cluster at all (the baseline)
 * - round-robin: only the primary accepts, and hands each connection to the next worker
 * - shared-socket: every worker accepts on one shared socket; the kernel wakes them all
 * - per-connection: the stage 04 primary accepts and passes each socket itself
 * - proxy: the primary accepts and relays bytes to workers on ports of their own
 */
export type AcceptModel = 'single' | 'round-robin' | 'shared-socket' | 'per-connection' | 'proxy';

export interface Mode {
  id: string;
  /** Short label for tables and charts. */
  label: string;
  /** Where it comes from: 'node' for node:cluster, or the stage number. */
  source: 'node' | 'baseline' | '03' | '04' | '05' | '06';
  accept: AcceptModel;
  /** Candidate scripts, first that exists wins (stages may settle on one name later). */
  scripts: string[];
  /** Files that must exist for the mode to run at all (the library a fallback script loads). */
  requires?: string[];
  args(workers: number): string[];
  /** Fixed worker count (the single process ignores --workers). */
  fixedWorkers?: number;
}

export const MODES: readonly Mode[] = [
  {
    id: 'single',
    label: 'one process',
    source: 'baseline',
    accept: 'single',
    scripts: [own('single.ts')],
    args: () => [],
    fixedWorkers: 1,
  },
  {
    id: 'node-rr',
    label: 'node:cluster RR',
    source: 'node',
    accept: 'round-robin',
    scripts: [own('node-cluster.ts')],
    args: (n) => ['--workers', String(n), '--policy', 'rr'],
  },
  {
    id: 'node-none',
    label: 'node:cluster NONE',
    source: 'node',
    accept: 'shared-socket',
    scripts: [own('node-cluster.ts')],
    args: (n) => ['--workers', String(n), '--policy', 'none'],
  },
  {
    id: 's03-proxy',
    label: '03 proxy',
    source: '03',
    accept: 'proxy',
    scripts: [stage('03-proxy-ports', 'src/serve.ts')],
    // --quiet: no narration; the proxy prints nothing per connection anyway (only with --trace).
    args: (n) => ['--workers', String(n), '--quiet'],
  },
  {
    id: 's04-shared',
    label: '04 shared socket',
    source: '04',
    accept: 'shared-socket',
    scripts: [stage('04-handle-passing', 'src/serve-shared.ts')],
    args: (n) => ['--workers', String(n)],
  },
  {
    id: 's04-passing',
    label: '04 per-connection',
    source: '04',
    accept: 'per-connection',
    scripts: [stage('04-handle-passing', 'src/serve-per-connection.ts')],
    args: (n) => ['--workers', String(n)],
  },
  {
    id: 's05-supervisor',
    label: '05 supervisor',
    source: '05',
    accept: 'shared-socket',
    scripts: [stage('05-auto-restart', 'src/serve.ts')],
    args: (n) => ['--workers', String(n)],
  },
  // Stage 06: its own serve script once it has one; until then (and for the node side of the
  // pairs, so both sides run the same program) bench's node-cluster.ts with --impl.
  ...(['rr', 'none'] as const).flatMap((policy): Mode[] => {
    const scripts = [
      stage('06-round-robin-cluster', 'src/serve.ts'),
      stage('06-round-robin-cluster', 'demos/serve.ts'),
      own('node-cluster.ts'),
    ];
    const requires = [stage('06-round-robin-cluster', 'src/index.ts')];
    const name = policy === 'rr' ? 'RR' : 'NONE';
    return [
      {
        id: `s06-${policy}`,
        label: `clone ${name}`,
        source: '06',
        accept: policy === 'rr' ? 'round-robin' : 'shared-socket',
        scripts,
        requires,
        args: (n) => ['--workers', String(n), '--impl', 'clone', '--policy', policy, '--quiet'],
      },
      {
        id: `s06-node-${policy}`,
        label: `node:cluster ${name}`,
        source: '06',
        accept: policy === 'rr' ? 'round-robin' : 'shared-socket',
        scripts,
        requires,
        args: (n) => ['--workers', String(n), '--impl', 'node', '--policy', policy, '--quiet'],
      },
    ];
  }),
];

export function findMode(id: string): Mode {
  const mode = MODES.find((m) => m.id === id);
  if (!mode) {
    throw new Error(`unknown mode '${id}'; known modes: ${MODES.map((m) => m.id).join(', ')}`);
  }
  return mode;
}

/** The script to run for `mode`, or undefined when its stage has not provided one yet. */
export function scriptOf(mode: Mode): string | undefined {
  return mode.scripts.find((file) => existsSync(file));
}

/** Splits `ids` into modes that can run now and notes for the ones that cannot. */
export function availableModes(ids: readonly string[]): {
  modes: Mode[];
  skipped: { mode: string; reason: string }[];
} {
  const modes: Mode[] = [];
  const skipped: { mode: string; reason: string }[] = [];
  for (const id of ids) {
    const mode = findMode(id);
    const missing = (mode.requires ?? []).filter((file) => !existsSync(file));
    if (missing.length > 0) {
      skipped.push({
        mode: id,
        reason: `stage ${mode.source} is not built yet (no ${missing.map(repoRelative).join(', ')})`,
      });
    } else if (scriptOf(mode)) modes.push(mode);
    else
      skipped.push({
        mode: id,
        reason: `stage ${mode.source} has no server script yet (looked for ${mode.scripts
          .map((s) => s.slice(repo.length))
          .join(', ')})`,
      });
  }
  return { modes, skipped };
}

export function repoRelative(file: string): string {
  return file.startsWith(repo) ? file.slice(repo.length) : file;
}

/** What each mode ran, for the JSON: the script (repo-relative) and its arguments. */
export function describeModes(
  modes: readonly Mode[],
  workers: number,
): { id: string; label: string; script: string; args: string[] }[] {
  return modes.map((mode) => ({
    id: mode.id,
    label: mode.label,
    script: repoRelative(scriptOf(mode) ?? '(none)'),
    args: mode.args(mode.fixedWorkers ?? workers),
  }));
}
