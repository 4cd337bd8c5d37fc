/**
 * throng 5, a small cluster manager, on node:cluster and on the clone: it forks its workers,
 * they serve on one port, a worker killed with SIGKILL is replaced (throng forks on cluster's
 * 'disconnect'), and SIGTERM to the primary ends every process.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { requestOnce } from '../../demos/pm2/sequential-load.ts';
import { impls, noneAlive } from '../differential.ts';
import { needInstalled, startProgram } from './run-program.ts';

needInstalled('throng');
const harness = useHarness();

async function servedBy(port: number, count: number): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < count; i++) {
    const answer = await requestOnce(port, 10_000);
    expect(answer, `request ${i + 1}`).toMatchObject({ ok: true });
    pids.add(answer.servedBy as number);
  }
  return pids;
}

describe.each(impls)('throng 5 on %s', (impl) => {
  it('forks 2 workers that serve one port, replaces a SIGKILLed one, ends on SIGTERM', async () => {
    const app = startProgram(harness, 'throng.cjs', impl);
    const [, implJson] = await app.waitForLine(/^impl (.*)$/, {
      what: `throng's primary (${impl})`,
    });
    expect(JSON.parse(implJson as string)).toEqual({ clone: impl === 'clone' });
    const listening = async (what: string) => {
      const [, json] = await app.waitForLine(/^listening (.*)$/, { what, timeout: 30_000 });
      return JSON.parse(json as string) as { pid: number; port: number };
    };
    const first = [await listening('worker 1 to listen'), await listening('worker 2 to listen')];
    const port = first[0]?.port as number;
    expect(first[1]?.port).toBe(port);
    const firstPids = first.map((w) => w.pid);
    expect(await servedBy(port, 4)).toEqual(new Set(firstPids));

    const [victim, survivor] = firstPids as [number, number];
    process.kill(victim, 'SIGKILL');
    const replacement = await listening('the replacement of the killed worker to listen');
    expect(replacement.port).toBe(port);
    expect(firstPids).not.toContain(replacement.pid);
    expect(await servedBy(port, 4)).toEqual(new Set([survivor, replacement.pid]));

    app.kill('SIGTERM');
    expect(await app.waitForExit({ what: 'throng to end after SIGTERM' })).toMatchObject({
      signal: null,
    });
    await noneAlive([...firstPids, replacement.pid], "throng's workers");
  });
});
