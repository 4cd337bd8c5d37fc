/**
 * What a rolling reload loses, side by side, under the same load: PM2 7's `pm2 reload` on
 * node:cluster and on our clone, each with the app as it is (SIGINT kills it) and with an app
 * that closes its server on SIGINT, and stage 05's supervisor's reload().
 *
 *   npx tsx packages/06-round-robin-cluster/demos/reload-losses.ts [--rounds 3] [--lang zh]
 *
 *   per round, in a rotating order:   start a sequential load (one request at a time, each on a
 *   ┌ pm2 reload (node:cluster) ┐     new connection, unanswered after 5 s = lost) ─▶ reload
 *   │ pm2 reload (clone)        │     the 2 workers ─▶ stop the load ─▶ lost / sent
 *   └ stage 05 reload()         ┘
 *   then one table: lost / sent per round, and in total, per contender.
 *
 * Each contender is started once and reloaded once per round. With one request in flight at a
 * time, a reload of 2 workers can lose at most 2: the table shows how many it does lose.
 * Every process started here is ended at the end, also on failure.
 */
import { parseArgs } from 'node:util';
import { Supervisor } from '@cluster-from-scratch/05-auto-restart';
import { ProcessHarness } from '@cluster-from-scratch/kit/harness';
import { inLanguage, withoutLanguageArgument } from '@cluster-from-scratch/kit/language';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import en from './messages/en.ts';
import zh from './messages/zh.ts';
import { endPm2OnSignals, Pm2 } from './pm2/pm2-cli.ts';
import { describeErrors, type LoadTally, sequentialLoad } from './pm2/sequential-load.ts';

const m = inLanguage({ en, zh }).reloadLosses;
const say = narrator('demo');

interface Contender {
  name: string;
  start(): Promise<number>;
  reload(): Promise<unknown>;
  stop(): Promise<void>;
  results: LoadTally[];
}

function pm2On(
  harness: ProcessHarness,
  impl: 'node' | 'clone',
  name: string,
  appEnv: Record<string, string> = {},
): Contender {
  const pm2 = new Pm2(harness, impl);
  return {
    name,
    results: [],
    async start() {
      await pm2.start(undefined, 2, appEnv);
      return pm2.port();
    },
    reload: () => pm2.reload(),
    async stop() {
      await pm2.kill().catch(() => undefined);
      await pm2.dispose();
    },
  };
}

function stage05(): Contender {
  const supervisor = new Supervisor({ workers: 2 });
  return {
    name: m.stage05,
    results: [],
    start: async () => (await supervisor.start()).port,
    reload: () => supervisor.reload(),
    stop: () => supervisor.stop(),
  };
}

const { values } = parseArgs({
  args: withoutLanguageArgument(process.argv.slice(2)),
  options: { rounds: { type: 'string', default: '3' } },
});
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20) {
  console.error(m.badRounds(String(values.rounds)));
  process.exit(2);
}

const harness = new ProcessHarness();
endPm2OnSignals(harness); // PM2's daemon is not in our process group
const contenders = [
  pm2On(harness, 'node', m.pm2Node),
  pm2On(harness, 'clone', m.pm2Clone),
  pm2On(harness, 'node', m.pm2NodeClosing, { CLOSE_ON_SIGINT: '1' }),
  pm2On(harness, 'clone', m.pm2CloneClosing, { CLOSE_ON_SIGINT: '1' }),
  stage05(),
];
try {
  say(m.intro(process.version, rounds));
  const ports = new Map<Contender, number>();
  for (const c of contenders) ports.set(c, await c.start());
  for (let round = 1; round <= rounds; round++) {
    // rotate the order, so no contender always goes first on a machine that warms up
    const order = contenders.map((_, i) => contenders[(i + round - 1) % contenders.length]);
    for (const c of order as Contender[]) {
      const load = sequentialLoad(ports.get(c) as number);
      await c.reload();
      const tally = await load.stop();
      c.results.push(tally);
      say(m.round(round, c.name, tally.lost, tally.sent, describeErrors(tally.errors) || m.none));
    }
  }
  console.log(`\n${m.heading}`);
  for (const c of contenders) {
    const lost = c.results.reduce((sum, r) => sum + r.lost, 0);
    const sent = c.results.reduce((sum, r) => sum + r.sent, 0);
    const perRound = c.results.map((r) => `${r.lost}/${r.sent}`).join('  ');
    console.log(`  ${c.name.padEnd(44)} ${perRound.padEnd(36)} ${lost}/${sent}`);
  }
} finally {
  for (const c of contenders) await c.stop().catch(() => undefined);
  await harness.stopAll();
}
