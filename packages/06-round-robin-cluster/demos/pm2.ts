/**
 * Stage 06 demo: "how does PM2 implement cluster mode?" (a2's opening question), answered by
 * running PM2 7 on our clone and looking at the running system.
 *
 *   npm start -- 6 --pm2           (or: npx tsx packages/06-round-robin-cluster/demos/pm2.ts)
 *   … --lang zh                    narrated in 简体中文
 *
 *   demo ──▶ pm2 start app.cjs -i 2 ──▶ PM2 daemon (cluster primary, on the clone)
 *                                          ├─ cluster.fork() ─▶ worker ─▶ app.cjs listen(0)
 *                                          └─ cluster.fork() ─▶ worker ─▶ app.cjs listen(0)
 *   then: who holds the LISTEN socket (/proc), the clone's own trace in PM2's log files,
 *   requests, pm2 reload under a sequential load (lost requests counted), kill -9 of a worker,
 *   pm2 kill; and the same reload on node:cluster to compare.
 *
 * Ends by itself in under a minute; every PM2 process is ended by pid at the end, also when a
 * step fails (PM2's daemon leaves our process group, so the group kill would miss it).
 */
import { readFileSync } from 'node:fs';
import { ProcessHarness } from '@cluster-from-scratch/kit/harness';
import { inLanguage } from '@cluster-from-scratch/kit/language';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import {
  listeningInodes,
  readCmdline,
  readEnviron,
  readStat,
  socketInodes,
} from '@cluster-from-scratch/kit/platform';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';
import en from './messages/en.ts';
import zh from './messages/zh.ts';
import { endPm2OnSignals, type Impl, Pm2, pm2Bin, REGISTER } from './pm2/pm2-cli.ts';
import {
  describeErrors,
  requestOnce,
  sequentialLoad,
  untilEachServes,
} from './pm2/sequential-load.ts';

const m = inLanguage({ en, zh }).pm2;
const say = narrator('demo');
const harness = new ProcessHarness();
endPm2OnSignals(harness); // PM2's daemon is not in our process group
const pm2Version = JSON.parse(
  readFileSync(new URL('../package.json', `file://${pm2Bin()}`), 'utf8'),
).version as string;

/** PM2's log lines (its own, without the timestamp), from line `from` on. */
function pm2LogLines(pm2: Pm2, from: number): string[] {
  return pm2
    .daemonLog()
    .split('\n')
    .slice(from)
    .flatMap((line) => {
      const match = /PM2 log: (.*)$/.exec(line);
      return match ? [match[1] as string] : [];
    });
}

/**
 * What one process traced (NODE_DEBUG=cfs-06 prints `CFS-06 <pid>: …` on its stderr), from
 * PM2's log files: the daemon's stderr is PM2_HOME/pm2.log, a worker's is pm2.log until PM2's
 * container redirects it to logs/<app>-error-<id>.log.
 */
function traceOf(pm2: Pm2, pid: number): string[] {
  const logs = [pm2.daemonLog(), readFileSync(`${pm2.home}/logs/app-error-0.log`, 'utf8')];
  const prefix = `CFS-06 ${pid}: `;
  return logs
    .join('\n')
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length));
}

/** pm2 reload under a sequential fresh-connection load; says what it lost. */
async function reloadUnderLoad(pm2: Pm2, port: number, impl: Impl): Promise<void> {
  say(m.reloading);
  const logFrom = pm2.daemonLog().split('\n').length - 1;
  const load = sequentialLoad(port, { answerWithinMs: 3000 });
  await pm2.reload();
  const tally = await load.stop();
  say(m.reloadSteps);
  for (const line of pm2LogLines(pm2, logFrom)) console.log(m.traceLine(line));
  say(m.lost(m.impl[impl], tally.lost, tally.sent, describeErrors(tally.errors) || m.none));
}

async function onTheClone(): Promise<void> {
  const pm2 = new Pm2(harness, 'clone');
  try {
    say(m.intro(pm2Version, m.impl.clone));
    say(m.registerEntry(REGISTER));
    await pm2.start(undefined, 2, { NODE_DEBUG: 'cfs-06' });
    const daemon = pm2.daemonPid();
    say(m.started(daemon, readCmdline(daemon)));
    const workers = await pm2.onlinePids();
    for (const pid of workers) {
      const mark = `CFS_UNIQUE_ID=${readEnviron(pid).get('CFS_UNIQUE_ID')}`;
      say(m.worker(pid, readStat(pid)?.ppid, mark));
    }
    const port = await pm2.port();
    const listening = listeningInodes(port);
    const holders = [daemon, ...workers].filter((pid) =>
      socketInodes(pid).some((inode) => listening.includes(inode)),
    );
    say(m.holder(port, holders.join(', ')));
    await untilEachServes(port, workers); // 'online' comes before 'listening'
    for (let n = 1; n <= 4; n++) say(m.served(n, (await requestOnce(port, 10_000)).servedBy));

    // How PM2 forks and serves through cluster, in the clone's own trace.
    say(m.workerTrace(workers[0] as number));
    for (const line of traceOf(pm2, workers[0] as number).slice(0, 4))
      console.log(m.traceLine(line));
    say(m.daemonTrace(daemon));
    const daemonTrace = traceOf(pm2, daemon);
    const firstReply = daemonTrace.find((line) => line.includes('"ack":1'));
    const firstNewconn = daemonTrace.find((line) => line.includes('"act":"newconn"'));
    for (const line of [firstReply, firstNewconn]) if (line) console.log(m.traceLine(line));

    await reloadUnderLoad(pm2, port, 'clone');

    const before = await pm2.onlinePids();
    const victim = before[0] as number;
    say(m.sigkill(victim));
    process.kill(victim, 'SIGKILL');
    const replacement = await pollUntil(
      async () => (await pm2.onlinePids()).find((pid) => !before.includes(pid)),
      { what: `PM2 to replace worker ${victim}`, timeout: 45_000 },
    );
    await untilEachServes(port, [...before.slice(1), replacement]);
    say(m.replaced(victim, replacement));

    say(m.killing);
    await pm2.kill();
    await pollUntil(() => pm2.processes().length === 0 && listeningInodes(port).length === 0, {
      what: "PM2's processes to end after pm2 kill",
    });
    say(m.nothingLeft(port));
  } finally {
    await pm2.dispose();
  }
}

async function onNodeCluster(): Promise<void> {
  const pm2 = new Pm2(harness, 'node');
  try {
    say(m.sameOnNode);
    await pm2.start();
    await reloadUnderLoad(pm2, await pm2.port(), 'node');
    await pm2.kill();
  } finally {
    await pm2.dispose();
  }
}

try {
  await onTheClone();
  await onNodeCluster();
  say(m.why);
  say(m.stage05);
  say(m.done);
} finally {
  await harness.stopAll();
}
