/**
 * The stages, in order. The tour, the workshop, the demo runner and the docs checks read
 * this list. A stage counts as built when its main demo exists. Titles and goals live in the
 * kit's catalogues (messages/en.ts, messages/zh.ts) and are read in the chosen language.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { inLanguage } from './language.ts';
import en, { type KitMessages } from './messages/en.ts';
import zh from './messages/zh.ts';

export const repoRoot = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');

export interface Stage {
  number: number;
  slug: StageSlug;
  /** In the chosen language (kit/src/messages). */
  readonly title: string;
  /** What the stage proves, in the chosen language. */
  readonly goal: string;
  /**
   * The demos besides main.ts that end by themselves, with the arguments they are run with
   * (`npm run demos` runs them after main.ts). Servers that wait for Ctrl-C and `--serve`
   * modes are not listed; each stage's README says how to run those.
   */
  extraDemos: ExtraDemo[];
}

export interface ExtraDemo {
  /** The file in the stage's demos/ folder. */
  file: string;
  args: string[];
}

export type StageSlug = keyof KitMessages['stages'];

function stage(number: number, slug: StageSlug, extraDemos: ExtraDemo[] = []): Stage {
  return {
    number,
    slug,
    get title() {
      return inLanguage({ en, zh }).stages[slug].title;
    },
    get goal() {
      return inLanguage({ en, zh }).stages[slug].goal;
    },
    extraDemos,
  };
}

export const stages: Stage[] = [
  stage(1, '01-spawn-exec'),
  stage(2, '02-fork-ipc', [{ file: 'serialization-table.ts', args: [] }]),
  stage(3, '03-proxy-ports', [
    { file: 'dead-worker.ts', args: [] },
    { file: 'fd-cost.ts', args: [] },
  ]),
  stage(4, '04-handle-passing', [{ file: 'reuse-port.ts', args: [] }]),
  stage(5, '05-auto-restart', [{ file: 'orphans.ts', args: [] }]),
  stage(6, '06-round-robin-cluster', [
    { file: 'reuse-port-exit.ts', args: ['--rounds', '1'] },
    { file: 'pm2.ts', args: [] },
    // Sessions that stick (docs/en/sticky-sessions.md): the failure, then one way out.
    { file: 'sticky-sessions.ts', args: ['--way', 'plain', '--clients', '8'] },
    { file: 'sticky-sessions.ts', args: ['--way', 'sticky', '--clients', '8'] },
    // …and stage 04's per-connection primary choosing by client address
    {
      file: 'sticky-sessions.ts',
      args: ['--way', 'per-connection-by-address', '--clients', '8', '--sources', '8'],
    },
  ]),
  stage(7, '07-beyond-one-machine', [
    { file: 'haproxy.ts', args: [] },
    // Sticky sessions across hosts: nginx's hashes, then socket.io sessions counted.
    { file: 'sticky.ts', args: ['--socketio'] },
  ]),
  stage(8, '08-threads-one-port'),
];

export function stageDir(stage: Stage): string {
  return join(repoRoot, 'packages', stage.slug);
}

export function stageDemo(stage: Stage): string {
  return join(stageDir(stage), 'demos', 'main.ts');
}

/** Where each demo of a stage lives: main.ts first, then the extra ones. */
export function stageDemos(stage: Stage): { name: string; script: string; args: string[] }[] {
  const folder = dirname(stageDemo(stage));
  return [
    { name: `${stage.slug}/demos/main.ts`, script: stageDemo(stage), args: [] },
    ...stage.extraDemos.map((d) => ({
      name: `${stage.slug}/demos/${d.file}${d.args.length ? ` ${d.args.join(' ')}` : ''}`,
      script: join(folder, d.file),
      args: d.args,
    })),
  ];
}

export function isBuilt(stage: Stage): boolean {
  return existsSync(stageDemo(stage));
}

/** Accepts 1, 01, 01-spawn-exec, spawn-exec. */
export function findStage(name: string): Stage | undefined {
  const wanted = name.trim().toLowerCase();
  return stages.find(
    (s) =>
      String(s.number) === wanted ||
      s.slug.slice(0, 2) === wanted ||
      s.slug === wanted ||
      s.slug.slice(3) === wanted,
  );
}

export function validStageNames(): string {
  return stages
    .map((s) => `${s.number} | ${s.slug.slice(0, 2)} | ${s.slug} | ${s.slug.slice(3)}`)
    .join('\n  ');
}
