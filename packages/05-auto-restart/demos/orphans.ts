/**
 * Orphans: `npx tsx packages/05-auto-restart/demos/orphans.ts`
 *
 *   1. the egg-cluster agent problem: a plain forked child outlives its SIGKILLed parent
 *   2. the fix: the same child, leaving on IPC 'disconnect'
 *   3. the supervisor: kill -9 the primary, and its workers go by themselves
 *
 * This process only watches (it is the "demo"): it starts each family in a process group of
 * its own, kills the parent, and looks at the survivors in /proc. It ends every process it
 * started, orphans included, before it exits.
 */
import { fileURLToPath } from 'node:url';
import { ProcessHarness } from '@cluster-from-scratch/kit/harness';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { isAlive, readStat } from '@cluster-from-scratch/kit/platform';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';
import { m } from '../src/messages/index.ts';

const say = narrator('demo');
const o = m.orphans;
const harness = new ProcessHarness();
const parentScript = new URL('./programs/parent.ts', import.meta.url);
const agentScript = fileURLToPath(new URL('./programs/agent.ts', import.meta.url));
process.on('SIGINT', () => void harness.stopAll().then(() => process.exit(0)));
process.on('SIGTERM', () => void harness.stopAll().then(() => process.exit(0)));

function step(title: string): void {
  console.log(`\n── ${title}`);
}

async function agentFamily(mode: string) {
  const parent = harness.start(parentScript, { args: [agentScript, mode], stdio: 'inherit' });
  const family = await parent.waitForMessage<{ pid: number; parentPid: number }>(undefined, {
    what: `the ${mode} agent to start`,
  });
  say(o.agentForked(family.parentPid, family.pid, mode));
  say(`kill -9 ${family.parentPid}`);
  parent.kill('SIGKILL');
  await pollUntil(() => !isAlive(family.parentPid), { what: 'the parent to die' });
  return family;
}

step(o.agentStep);
const orphan = await agentFamily('timer');
// The kernel hands an orphan to its new parent as the old one exits; wait for that to show
// rather than read the parent field in the middle of it.
await pollUntil(() => !isAlive(orphan.pid) || readStat(orphan.pid)?.ppid !== orphan.parentPid, {
  what: 'the orphan to be adopted',
});
const adopted = readStat(orphan.pid)?.ppid;
say(isAlive(orphan.pid) ? o.stillRunning(orphan.pid, adopted) : o.goneUnexpectedly(orphan.pid));
say(o.byHand(orphan.pid));
process.kill(orphan.pid, 'SIGKILL');

step(o.fixStep);
const guarded = await agentFamily('exit-on-disconnect');
await pollUntil(() => !isAlive(guarded.pid), { what: 'the agent to leave' });
say(o.agentLeft(guarded.pid));

step(o.supervisorStep);
const serve = harness.start(new URL('../src/serve.ts', import.meta.url), {
  args: ['--workers', '2'],
  stdio: 'inherit',
});
const { primaryPid, workerPids } = await serve.waitForMessage<{
  primaryPid: number;
  workerPids: number[];
}>((m) => typeof m === 'object' && m !== null && 'workerPids' in m, { what: 'serve.ts to start' });
say(o.killPrimary(primaryPid, workerPids));
serve.kill('SIGKILL');
await pollUntil(() => workerPids.every((pid) => !isAlive(pid)), { what: 'the workers to exit' });
say(o.workersGone(workerPids));

const left = await harness.stopAll();
say(left.length === 0 ? o.nothingLeft : o.leftRunning(JSON.stringify(left)));
