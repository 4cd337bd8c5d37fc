/**
 * `npm start`: the stage tour.
 *
 *   npm start              list the stages; on a terminal, pick one
 *   npm start -- 3         run stage 3's main demo (also 03, 03-proxy-ports, proxy-ports)
 *   npm start -- 3 --serve keep a server demo up for curl until Ctrl-C
 *   npm start -- --lang zh 简体中文 (also the default in a zh locale); the demo narrates alike,
 *                          as it inherits CFS_LANG
 *
 * The demo runs as a child in its own process group. Ctrl-C here is passed on to it as
 * SIGINT so it can shut down in its own words; whatever is still alive after a grace period
 * is killed, so the tour never leaves a process behind.
 */
import { createInterface } from 'node:readline/promises';
import { ProcessHarness } from '../src/harness.ts';
import {
  inLanguage,
  languageOrExit,
  terminalColumns,
  withoutLanguageArgument,
} from '../src/language.ts';
import en from '../src/messages/en.ts';
import zh from '../src/messages/zh.ts';
import {
  findStage,
  isBuilt,
  type Stage,
  stageDemo,
  stages,
  validStageNames,
} from '../src/stages.ts';

// language() also writes CFS_LANG, so the demo started below narrates in the same language.
const m = inLanguage({ en, zh }, languageOrExit()).tour;

function printStages(): void {
  console.log(`${m.heading}\n`);
  const width = Math.max(terminalColumns(m.ready), terminalColumns(m.coming));
  for (const stage of stages) {
    const word = isBuilt(stage) ? m.ready : m.coming;
    const status = word + ' '.repeat(width - terminalColumns(word));
    console.log(`  ${stage.number}  ${stage.slug.padEnd(24)} [${status}] ${stage.title}`);
    console.log(`     ${stage.goal}`);
    if (isBuilt(stage)) console.log(`     ${m.run(`npm start -- ${stage.number}`)}`);
  }
  console.log(`\n${m.footer}`);
}

async function runDemo(stage: Stage, args: string[]): Promise<number> {
  if (!isBuilt(stage)) {
    const ready = stages
      .filter(isBuilt)
      .map((s) => s.number)
      .join(', ');
    console.error(m.notBuilt(stage.slug, ready));
    return 2;
  }
  console.log(`${m.starting(stage.slug, stage.title)}\n`);
  const harness = new ProcessHarness();
  const demo = harness.start(stageDemo(stage), {
    args,
    stdio: 'inherit',
    ipc: false,
    name: stage.slug,
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    void harness.stopAll({ signal, graceMs: 5000 });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const status = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve) => demo.process.on('exit', (code, signal) => resolve({ code, signal })),
  );
  // The demo is gone; make sure nothing it started outlives it.
  const survivors = await harness.stopAll();
  for (const s of survivors) console.error(m.leftRunning(s.pid, s.cmdline));
  if (stopping) return 0;
  return status.code ?? 1;
}

async function main(): Promise<number> {
  const [name, ...rest] = withoutLanguageArgument(process.argv.slice(2));
  if (name === undefined) {
    printStages();
    if (!process.stdin.isTTY || !process.stdout.isTTY) return 0;
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = (await rl.question(`\n${m.whichStage}`)).trim();
    rl.close();
    if (!answer) return 0;
    const picked = findStage(answer);
    if (!picked) {
      console.error(m.noStage(answer, validStageNames()));
      return 2;
    }
    return runDemo(picked, []);
  }
  const stage = findStage(name);
  if (!stage) {
    console.error(m.noStage(name, validStageNames()));
    return 2;
  }
  return runDemo(stage, rest);
}

process.exit(await main());
