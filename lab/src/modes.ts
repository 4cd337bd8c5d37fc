/**
 * The mode registry: every way the lab can put N workers behind one port, and where each
 * one's server program lives.
 *
 *   mode id ──▶ { which process accepts, candidate scripts (first that exists wins), args }
 *
 *   node-rr / node-none   node:cluster itself           (stage 06's script with --impl node,
 *                                                        so Node and the clone run one program)
 *   s03-proxy             the primary relays bytes      (stage 03)
 *   s04-shared            workers accept, one socket    (stage 04)
 *   s04-passing           the primary passes each socket (stage 04)
 *   s05-supervisor        shared socket + restarts      (stage 05: kill, rolling restart)
 *   s06-rr / s06-none     our clone of node:cluster     (stage 06 with --impl clone)
 *
 * Every script serves kit's hello app on 127.0.0.1:0, reports { port, primaryPid, workerPids }
 * over IPC once it is up, and ends on SIGTERM. The stages are written alongside the lab: a mode
 * whose script does not exist yet is listed, disabled, with a note saying what is missing, so
 * the lab works from the first stage that lands and fills in as the others do.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Who takes a new connection off the listening socket:
 * - round-robin: the primary accepts and hands the connection to the next worker
 * - proxy: the primary accepts and relays the bytes to a worker's own port
 * - per-connection: the primary accepts and passes the socket itself to a worker
 * - shared-socket: every worker accepts from one shared socket; the kernel picks who wins
 */
export type AcceptModel = 'round-robin' | 'proxy' | 'per-connection' | 'shared-socket';

/** How a connection reaches a worker, as the page draws it. */
export type Route = 'primary' | 'direct';

export function routeOf(accept: AcceptModel): Route {
  return accept === 'shared-socket' ? 'direct' : 'primary';
}

export interface ModeScript {
  file: string;
  args(workers: number): string[];
  /** Shown on the page when this candidate is the one in use. */
  note?: string;
}

export interface LabMode {
  id: string;
  label: string;
  source: 'node' | '03' | '04' | '05' | '06';
  accept: AcceptModel;
  /** One sentence for the page: who accepts, who serves. */
  explain: string;
  candidates: ModeScript[];
  /**
   * A supervisor: a killed worker is replaced, and SIGHUP is a rolling restart. Only stage 05
   * promises both; in the other modes a killed worker simply stays dead (or the stage replaces
   * it on its own, which the lab notices by watching the primary's children).
   */
  supervised: boolean;
}

const stage = (slug: string, file: string) => join(repoRoot, 'packages', slug, file);
const stage06 = ['src/serve.ts', 'demos/serve.ts', 'demos/server.ts'].map((f) =>
  stage('06-round-robin-cluster', f),
);

/** Stage 06's server: one script for node:cluster and the clone, chosen by --impl. */
function stage06Script(impl: 'node' | 'clone', policy: 'rr' | 'none'): ModeScript[] {
  return stage06.map((file) => ({
    file,
    args: (n) => ['--workers', String(n), '--impl', impl, '--policy', policy],
  }));
}

export const MODES: readonly LabMode[] = [
  {
    id: 'node-rr',
    label: 'node:cluster · round robin',
    source: 'node',
    accept: 'round-robin',
    explain:
      'Node itself, SCHED_RR: the primary accepts every connection and hands it to the next free worker.',
    candidates: stage06Script('node', 'rr'),
    supervised: false,
  },
  {
    id: 'node-none',
    label: 'node:cluster · SCHED_NONE',
    source: 'node',
    accept: 'shared-socket',
    explain:
      'Node itself, SCHED_NONE: every worker accepts from one shared socket and the kernel decides who wins.',
    candidates: stage06Script('node', 'none'),
    supervised: false,
  },
  {
    id: 's03-proxy',
    label: '03 · proxy',
    source: '03',
    accept: 'proxy',
    explain:
      'Stage 03: the primary accepts, opens a second connection to a worker on its own port and relays the bytes.',
    candidates: [
      {
        file: stage('03-proxy-ports', 'src/serve.ts'),
        args: (n) => ['--workers', String(n)],
      },
    ],
    supervised: false,
  },
  {
    id: 's04-shared',
    label: '04 · shared socket',
    source: '04',
    accept: 'shared-socket',
    explain:
      'Stage 04: the primary sends its listening socket to every worker; they all accept from it (the thundering herd).',
    candidates: [
      {
        file: stage('04-handle-passing', 'src/serve-shared.ts'),
        args: (n) => ['--workers', String(n)],
      },
    ],
    supervised: false,
  },
  {
    id: 's04-passing',
    label: '04 · per-connection passing',
    source: '04',
    accept: 'per-connection',
    explain:
      'Stage 04: the primary accepts each connection and sends the socket itself to a worker, in turn.',
    candidates: [
      {
        file: stage('04-handle-passing', 'src/serve-per-connection.ts'),
        args: (n) => ['--workers', String(n)],
      },
    ],
    supervised: false,
  },
  {
    id: 's05-supervisor',
    label: '05 · supervisor',
    source: '05',
    accept: 'shared-socket',
    explain:
      'Stage 05: workers accept from a shared socket; the supervisor replaces a worker that dies and restarts them one by one on SIGHUP.',
    candidates: [
      { file: stage('05-auto-restart', 'src/serve.ts'), args: (n) => ['--workers', String(n)] },
    ],
    supervised: true,
  },
  {
    id: 's06-rr',
    label: '06 · clone, round robin',
    source: '06',
    accept: 'round-robin',
    explain:
      'Our clone of node:cluster, SCHED_RR: the primary accepts and hands each connection to the next free worker.',
    candidates: stage06Script('clone', 'rr'),
    supervised: false,
  },
  {
    id: 's06-none',
    label: '06 · clone, SCHED_NONE',
    source: '06',
    accept: 'shared-socket',
    explain: 'Our clone of node:cluster, SCHED_NONE: the workers accept from one shared socket.',
    candidates: stage06Script('clone', 'none'),
    supervised: false,
  },
];

export const MIN_WORKERS = 1;
export const MAX_WORKERS = 8;

export function findMode(id: string): LabMode | undefined {
  return MODES.find((m) => m.id === id);
}

/** The candidate that will run, or undefined when none of its scripts exists yet. */
export function scriptOf(mode: LabMode): ModeScript | undefined {
  return mode.candidates.find((c) => existsSync(c.file));
}

export function repoRelative(file: string): string {
  return relative(repoRoot, file);
}

/** What the page needs to know about a mode: can it run, and if not, why not. */
export interface ModeStatus {
  id: string;
  label: string;
  source: LabMode['source'];
  accept: AcceptModel;
  route: Route;
  explain: string;
  supervised: boolean;
  enabled: boolean;
  /** The script that runs (repo-relative), when enabled. */
  script?: string;
  note?: string;
}

export function modeStatus(mode: LabMode): ModeStatus {
  const script = scriptOf(mode);
  const base = {
    id: mode.id,
    label: mode.label,
    source: mode.source,
    accept: mode.accept,
    route: routeOf(mode.accept),
    explain: mode.explain,
    supervised: mode.supervised,
  };
  if (!script) {
    const looked = [...new Set(mode.candidates.map((c) => repoRelative(c.file)))].join(', ');
    return {
      ...base,
      enabled: false,
      note: `stage ${mode.source === 'node' ? '06' : mode.source} has no server script yet (looked for ${looked})`,
    };
  }
  return { ...base, enabled: true, script: repoRelative(script.file), note: script.note };
}
