/**
 * `npm run bench`: run the scenarios, print tables and bars, write JSON, rebuild the docs page.
 *
 *   parse the command line (cli.ts)
 *   for each scenario:
 *     harness = new ProcessHarness()        every server goes through it
 *     try   result = scenario.run(ctx)      progress on stderr while it runs
 *     finally harness.stopAll()             nothing outlives a scenario, failed or not
 *     print scenario.terminal(result); write results/<scenario>.json
 *   rebuild docs/{en,zh}/benchmarks.md and docs/public/bench/*.svg from the JSON files
 *
 * Ctrl-C stops between steps and still ends every process; a second Ctrl-C ends at once.
 */

import { fileURLToPath } from 'node:url';
import { ProcessHarness } from '@cluster-from-scratch/kit/harness';
import { available, commandLine } from '@cluster-from-scratch/kit/modes';
import { hasLinuxView, needsLinux } from '@cluster-from-scratch/kit/platform';
import { CliError, parseCli, USAGE } from './cli.ts';
import { MODES, repoRelative } from './modes.ts';
import { Progress } from './progress.ts';
import { writeDocsPages } from './report/page.ts';
import { writeResult } from './report/results.ts';
import { machine, type Scenario, type ScenarioResult } from './scenario.ts';
import { SCENARIOS } from './scenarios/index.ts';

const benchDir = fileURLToPath(new URL('../', import.meta.url));
const docsDir = fileURLToPath(new URL('../../docs/', import.meta.url));

async function main(argv: readonly string[]): Promise<number> {
  const names = SCENARIOS.map((s) => s.name);
  let options: ReturnType<typeof parseCli>;
  try {
    options = parseCli(
      argv,
      names,
      MODES.map((m) => m.id),
    );
  } catch (error) {
    if (error instanceof CliError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    console.log(USAGE);
    console.log(`scenarios: ${names.join(', ')} (default: ${defaults().join(', ')})`);
    return 0;
  }
  if (options.list) {
    printModes();
    return 0;
  }
  const chosen: Scenario[] = options.docsOnly
    ? []
    : options.scenarios.length
      ? SCENARIOS.filter((s) => options.scenarios.includes(s.name))
      : SCENARIOS.filter((s) => s.inDefault);
  const outDir = options.outDir ?? `${benchDir}results${options.quick ? '/quick' : ''}`;

  const abort = new AbortController();
  let harness: ProcessHarness | undefined;
  const onSignal = () => {
    if (abort.signal.aborted) {
      // Second Ctrl-C: do not wait for the step to finish.
      void (harness?.stopAll() ?? Promise.resolve()).then(() => process.exit(130));
      return;
    }
    console.error('\nstopping after this step (Ctrl-C again to stop now)…');
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let failures = 0;
  const command = `npm run bench -- ${argv.join(' ')}`.replace(/ -- $/, '');
  for (const scenario of chosen) {
    if (abort.signal.aborted) break;
    console.log(`\n━━ ${scenario.name}: ${scenario.title}${options.quick ? ' (quick)' : ''}`);
    if (scenario.needsLinuxView && !hasLinuxView(scenario.needsLinuxView)) {
      console.log(needsLinux(scenario.needsLinuxView));
      continue;
    }
    harness = new ProcessHarness();
    const startedAt = new Date();
    const t0 = performance.now();
    let result: ScenarioResult | undefined;
    try {
      const partial = await scenario.run({
        quick: options.quick,
        repeats: options.repeats ?? (options.quick ? 1 : 3),
        harness,
        modes: options.modes,
        progress: (total) => new Progress(scenario.name, total),
        signal: abort.signal,
      });
      result = {
        schema: 1,
        quick: options.quick,
        command,
        startedAt: startedAt.toISOString(),
        durationMs: performance.now() - t0,
        machine: machine(),
        ...partial,
      } as ScenarioResult;
    } catch (error) {
      failures++;
      if (abort.signal.aborted) console.error(`\n${scenario.name}: interrupted, nothing written`);
      else console.error(`\n${scenario.name} failed: ${(error as Error).stack ?? error}`);
    } finally {
      const survivors = await harness.stopAll();
      for (const s of survivors) {
        failures++;
        console.error(`still running after ${scenario.name}: pid ${s.pid} ${s.cmdline}`);
      }
    }
    if (!result) continue;
    for (const s of result.skipped) console.log(`  skipped ${s.mode}: ${s.reason}`);
    for (const u of result.unclean) {
      console.log(`  note: ${u.mode} ×${u.workers} did not end cleanly on SIGTERM (${u.detail})`);
    }
    console.log(`\n${scenario.terminal(result)}`);
    const file = writeResult(outDir, result);
    console.log(`\n  → ${repoRelative(file)}`);
  }

  if (options.docs && !abort.signal.aborted) {
    const written = writeDocsPages(outDir, docsDir, SCENARIOS);
    console.log(
      `\ndocs: ${written.pages.map(repoRelative).join(', ')} and ${written.charts.length} charts in docs/public/bench/`,
    );
  }
  return abort.signal.aborted ? 130 : failures > 0 ? 1 : 0;
}

function defaults(): string[] {
  return SCENARIOS.filter((s) => s.inDefault).map((s) => s.name);
}

function printModes(): void {
  for (const mode of MODES) {
    const here = available(mode.serving);
    const { program, args } = commandLine(mode.serving, 2, { quiet: true });
    console.log(
      `  ${mode.id.padEnd(15)} ${mode.label.padEnd(20)} ${here.ok ? `${program} ${args.join(' ')}` : `(skipped: ${here.reason})`}`,
    );
  }
}

process.exitCode = await main(process.argv.slice(2));
