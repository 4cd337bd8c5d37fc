/**
 * What a scenario is, what it gets to run with, and the JSON it leaves behind.
 *
 *   main ──ctx { quick, repeats, harness, progress }──▶ scenario.run()
 *        ◀── ScenarioResult (raw runs + summary) ──── written to results/<name>.json
 *   scenario.terminal(result)        tables and per-worker bars for the terminal
 *   scenario.docs(result, 'en'|'zh') a section of the benchmarks page + its SVG charts
 *
 * The docs page is rebuilt from the JSON files alone, so running one scenario refreshes the
 * page without losing the sections of the others.
 */

import { cpus, release } from 'node:os';
import type { ProcessHarness } from '@cluster-from-scratch/kit/harness';
import type { LinuxOnlyView } from '@cluster-from-scratch/kit/platform';
import { freshLoad } from './load.ts';
import { availableModes, type Mode } from './modes.ts';
import type { Progress } from './progress.ts';
import { type RunningServer, startServer, stopServer } from './server.ts';

export type Lang = 'en' | 'zh';

export interface Machine {
  cpus: number;
  cpuModel: string;
  node: string;
  platform: string;
  kernel: string;
}

export function machine(): Machine {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    kernel: release(),
  };
}

export interface RunContext {
  quick: boolean;
  repeats: number;
  harness: ProcessHarness;
  /** Modes asked for on the command line (--modes), replacing a scenario's own list. */
  modes?: string[];
  progress: (total: number) => Progress;
  signal: AbortSignal;
}

export interface Skipped {
  mode: string;
  reason: string;
}

export interface ServerNote {
  mode: string;
  workers: number;
  /** Ended by itself with code 0 after SIGTERM. */
  clean: boolean;
  detail: string;
}

export interface ScenarioResult<Run = unknown, Summary = unknown> {
  schema: 1;
  scenario: string;
  title: string;
  quick: boolean;
  command: string;
  startedAt: string;
  durationMs: number;
  machine: Machine;
  settings: Record<string, unknown>;
  skipped: Skipped[];
  /** Servers that did not end cleanly on SIGTERM (the harness killed them). */
  unclean: ServerNote[];
  runs: Run[];
  summary: Summary;
}

export interface DocsSection {
  markdown: string;
  charts: { name: string; svg: string }[];
}

/** A docs section: the markdown, then every chart under it (each an SVG per language). */
export function docsSection(md: readonly string[], charts: DocsSection['charts'], lang: Lang) {
  const images = charts.flatMap((c) => [`![${c.name}](/bench/${c.name}.${lang}.svg)`, '']);
  return { markdown: [...md, ...images].join('\n'), charts };
}

export interface Scenario<Run = unknown, Summary = unknown> {
  name: string;
  title: string;
  /** Part of `npm run bench` with no scenario named. */
  inDefault: boolean;
  /**
   * A view of the kernel the scenario cannot do without (herd: wake-up counts). Where the
   * platform layer lacks it, the scenario is not run and says so in one line.
   */
  needsLinuxView?: LinuxOnlyView;
  run(
    ctx: RunContext,
  ): Promise<
    Omit<
      ScenarioResult<Run, Summary>,
      'schema' | 'command' | 'machine' | 'startedAt' | 'durationMs' | 'quick'
    >
  >;
  terminal(result: ScenarioResult<Run, Summary>): string;
  docs(result: ScenarioResult<Run, Summary>, lang: Lang): DocsSection;
}

/** Starts `mode`, warms it up, runs `body`, stops it; notes a server that did not end cleanly. */
export async function withServer<T>(
  ctx: RunContext,
  mode: Mode,
  workers: number,
  unclean: ServerNote[],
  body: (server: RunningServer) => Promise<T>,
): Promise<T> {
  const server = await startServer(ctx.harness, mode, workers);
  try {
    // First requests pay for JIT and lazy module loading in every process: keep them out of the
    // figures. Fresh connections so every worker gets some.
    await freshLoad({ port: server.port, requests: ctx.quick ? 12 : 120, concurrency: 4 });
    return await body(server);
  } finally {
    const stop = await stopServer(server);
    if (!stop.clean) unclean.push({ mode: mode.id, workers, clean: false, detail: stop.detail });
  }
}

/** One server run of a plan: which mode, how many workers, which repeat, what the progress says. */
export interface Step<Tag = undefined> {
  mode: Mode;
  workers: number;
  /** Repeat number (or pair number: whatever the plan counts in). */
  repeat: number;
  /** What the progress line says for this step. */
  what: string;
  /** What else the scenario wants to know about this step (scaling: setup or pair). */
  tag: Tag;
}

/**
 * The usual plan: repeat by repeat, and within a repeat every worker count and every mode in
 * turn (A B C … A B C …), so a slow moment of the machine hits all modes alike.
 */
export function alternatingPlan(
  ctx: RunContext,
  modes: readonly Mode[],
  workerCounts: readonly number[],
  describe: (mode: Mode, workers: number) => string = (mode, workers) =>
    `${mode.label} ×${workers}`,
): Step[] {
  const steps: Step[] = [];
  for (let repeat = 1; repeat <= ctx.repeats; repeat++) {
    for (const workers of workerCounts) {
      for (const mode of modes) {
        // The single process has one worker, whatever the scenario asks for.
        if (mode.fixedWorkers !== undefined && mode.fixedWorkers !== workers) continue;
        steps.push({
          mode,
          workers,
          repeat,
          what: `repeat ${repeat}: ${describe(mode, workers)}`,
          tag: undefined,
        });
      }
    }
  }
  return steps;
}

/** What a scenario's measure() gets for one step: the server is up and warmed up. */
export interface Measuring<Tag, Prep> extends Step<Tag> {
  server: RunningServer;
  ctx: RunContext;
  progress: Progress;
  prep: Prep;
}

/**
 * A scenario that starts servers: it says which modes, in what plan, and what it measures per
 * server; serverScenario() does the rest, the same way for every scenario:
 *
 *   available modes (the others skipped, with the reason) → prepare() → plan → for each step:
 *   progress line, start the server through the harness, warm up, measure(), SIGTERM it
 *   (noting one that does not end cleanly) → summarise(runs) → the JSON's fields
 *
 * main.ts owns the harness and calls stopAll() in its finally, so a failure halfway leaves
 * nothing running.
 */
export interface ServerScenarioSpec<Run, Summary, Tag = undefined, Prep = undefined> {
  name: string;
  title: string;
  inDefault: boolean;
  needsLinuxView?: LinuxOnlyView;
  /** The modes it runs unless --modes names others, in the order of its tables. */
  modes: readonly string[];
  /** Runs once before the first server (herd: can perf count accept calls here?). */
  prepare?(ctx: RunContext): Promise<Prep>;
  /** The steps, given the modes that can run; alternatingPlan() unless a scenario needs more. */
  plan(ctx: RunContext, modes: readonly Mode[]): Step<Tag>[];
  /** What one server run measures: zero or more runs for the JSON. */
  measure(run: Measuring<Tag, Prep>): Promise<Run[]>;
  settings(info: { ctx: RunContext; modes: readonly Mode[]; prep: Prep }): Record<string, unknown>;
  summarise(runs: Run[], prep: Prep): Summary;
  terminal(result: ScenarioResult<Run, Summary>): string;
  docs(result: ScenarioResult<Run, Summary>, lang: Lang): DocsSection;
}

export function serverScenario<Run, Summary, Tag = undefined, Prep = undefined>(
  spec: ServerScenarioSpec<Run, Summary, Tag, Prep>,
): Scenario<Run, Summary> {
  return {
    name: spec.name,
    title: spec.title,
    inDefault: spec.inDefault,
    needsLinuxView: spec.needsLinuxView,
    terminal: (result) => spec.terminal(result),
    docs: (result, lang) => spec.docs(result, lang),
    async run(ctx) {
      const { modes, skipped } = availableModes(ctx.modes ?? spec.modes);
      const prep = (spec.prepare ? await spec.prepare(ctx) : undefined) as Prep;
      const steps = spec.plan(ctx, modes);
      const progress = ctx.progress(steps.length);
      const runs: Run[] = [];
      const unclean: ServerNote[] = [];
      for (const step of steps) {
        checkAborted(ctx.signal);
        progress.step(step.what);
        const measured = await withServer(ctx, step.mode, step.workers, unclean, (server) =>
          spec.measure({ ...step, server, ctx, progress, prep }),
        );
        runs.push(...measured);
      }
      progress.finish();
      return {
        scenario: spec.name,
        title: spec.title,
        settings: spec.settings({ ctx, modes, prep }),
        skipped,
        unclean,
        runs,
        summary: spec.summarise(runs, prep),
      };
    },
  };
}

/** Throws when Ctrl-C asked to stop, so the scenario unwinds through its finally blocks. */
export function checkAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Error('interrupted');
}
