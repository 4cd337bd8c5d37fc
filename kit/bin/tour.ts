/**
 * `npm start`: the stage tour.
 *
 *   npm start              list the seven stages; on a terminal, pick one
 *   npm start -- 3         run stage 3's main demo (also 03, 03-proxy-ports, proxy-ports)
 *   npm start -- 3 --serve keep a server demo up for curl until Ctrl-C
 *
 * The demo runs as a child in its own process group. Ctrl-C here is passed on to it as
 * SIGINT so it can shut down in its own words; whatever is still alive after a grace period
 * is killed, so the tour never leaves a process behind.
 */
import { createInterface } from 'node:readline/promises';
import { ProcessHarness } from '../src/harness.ts';
import {
  findStage,
  isBuilt,
  type Stage,
  stageDemo,
  stages,
  validStageNames,
} from '../src/stages.ts';

function printStages(): void {
  console.log(
    'cluster-from-scratch: seven stages from spawn() to a clone of node:cluster, and nginx in front of several hosts\n',
  );
  for (const stage of stages) {
    const status = isBuilt(stage) ? 'ready ' : 'coming';
    console.log(`  ${stage.number}  ${stage.slug.padEnd(24)} [${status}] ${stage.title}`);
    console.log(`     ${stage.goal}`);
    if (isBuilt(stage)) console.log(`     run: npm start -- ${stage.number}`);
  }
  console.log('\nWorkshop: npm run workshop    Tests: npm test');
}

async function runDemo(stage: Stage, args: string[]): Promise<number> {
  if (!isBuilt(stage)) {
    console.error(
      `Stage ${stage.slug} is not built yet (coming). Ready stages: ${stages
        .filter(isBuilt)
        .map((s) => s.number)
        .join(', ')}`,
    );
    return 2;
  }
  console.log(`▶ stage ${stage.slug}: ${stage.title}\n`);
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
  for (const s of survivors) console.error(`left running by the demo: pid ${s.pid} ${s.cmdline}`);
  if (stopping) return 0;
  return status.code ?? 1;
}

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  if (name === undefined) {
    printStages();
    if (!process.stdin.isTTY || !process.stdout.isTTY) return 0;
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = (await rl.question('\nWhich stage? (number, Enter to quit) ')).trim();
    rl.close();
    if (!answer) return 0;
    const picked = findStage(answer);
    if (!picked) {
      console.error(`No stage '${answer}'. Valid names:\n  ${validStageNames()}`);
      return 2;
    }
    return runDemo(picked, []);
  }
  const stage = findStage(name);
  if (!stage) {
    console.error(`No stage '${name}'. Valid names:\n  ${validStageNames()}`);
    return 2;
  }
  return runDemo(stage, rest);
}

process.exit(await main());
