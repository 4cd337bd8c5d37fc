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

const say = narrator('demo');
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
  say(`parent pid ${family.parentPid} forked its agent, pid ${family.pid} (${mode})`);
  say(`kill -9 ${family.parentPid}`);
  parent.kill('SIGKILL');
  await pollUntil(() => !isAlive(family.parentPid), { what: 'the parent to die' });
  return family;
}

step('1. the egg-cluster agent problem (a2): child_process.fork, and nothing else');
const orphan = await agentFamily('timer');
const adopted = readStat(orphan.pid)?.ppid;
say(
  isAlive(orphan.pid)
    ? `the agent ${orphan.pid} is still running: an orphan, adopted by pid ${adopted}`
    : `the agent ${orphan.pid} is gone (unexpected here)`,
);
say(`nothing will ever stop it now; we do, by hand: kill -9 ${orphan.pid}`);
process.kill(orphan.pid, 'SIGKILL');

step("2. the fix: the agent leaves when its IPC channel closes ('disconnect')");
const guarded = await agentFamily('exit-on-disconnect');
await pollUntil(() => !isAlive(guarded.pid), { what: 'the agent to leave' });
say(`the agent ${guarded.pid} is gone: it noticed the channel close and exited`);

step('3. the supervisor: kill -9 the primary; every worker exits on its own');
const serve = harness.start(new URL('../src/serve.ts', import.meta.url), {
  args: ['--workers', '2'],
  stdio: 'inherit',
});
const { primaryPid, workerPids } = await serve.waitForMessage<{
  primaryPid: number;
  workerPids: number[];
}>((m) => typeof m === 'object' && m !== null && 'workerPids' in m, { what: 'serve.ts to start' });
say(`kill -9 ${primaryPid} (workers ${workerPids.join(', ')})`);
serve.kill('SIGKILL');
await pollUntil(() => workerPids.every((pid) => !isAlive(pid)), { what: 'the workers to exit' });
say(`workers ${workerPids.join(', ')}: all gone, none orphaned`);

const left = await harness.stopAll();
say(left.length === 0 ? 'nothing left running' : `left running: ${JSON.stringify(left)}`);
