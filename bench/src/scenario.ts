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
import { freshLoad } from './load.ts';
import type { Mode } from './modes.ts';
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

export interface Scenario<Run = unknown, Summary = unknown> {
  name: string;
  title: string;
  /** Part of `npm run bench` with no scenario named. */
  inDefault: boolean;
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

/**
 * Every run of a scenario in the order the benchmarks use: repeat by repeat, and within a
 * repeat every worker count and every mode in turn (A B C … A B C …), so a slow moment of the
 * machine hits all modes alike. Each run gets its server started, warmed up and stopped.
 */
export async function forEachServerRun(
  ctx: RunContext,
  plan: {
    modes: Mode[];
    workerCounts: number[];
    progress: Progress;
    unclean: ServerNote[];
    /** What the progress line says after "repeat N: "; defaults to "<mode> ×<workers>". */
    describe?: (mode: Mode, workers: number) => string;
  },
  body: (run: {
    repeat: number;
    workers: number;
    mode: Mode;
    server: RunningServer;
  }) => Promise<void>,
): Promise<void> {
  for (let repeat = 1; repeat <= ctx.repeats; repeat++) {
    for (const workers of plan.workerCounts) {
      for (const mode of plan.modes) {
        checkAborted(ctx.signal);
        // The single process has one worker, whatever the scenario asks for.
        if (mode.fixedWorkers !== undefined && mode.fixedWorkers !== workers) continue;
        const what = plan.describe?.(mode, workers) ?? `${mode.label} ×${workers}`;
        plan.progress.step(`repeat ${repeat}: ${what}`);
        await withServer(ctx, mode, workers, plan.unclean, (server) =>
          body({ repeat, workers, mode, server }),
        );
      }
    }
  }
}

/** Throws when Ctrl-C asked to stop, so the scenario unwinds through its finally blocks. */
export function checkAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Error('interrupted');
}
