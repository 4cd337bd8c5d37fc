/**
 * src/serve.ts as the tests start it: its ready report, and "every process it named is gone".
 * The same for both engines: the report names the proxy's processes in `enginePids`.
 */
import type { ProcessHarness } from '@cluster-from-scratch/kit/harness';
import { isAlive, readCmdline } from '@cluster-from-scratch/kit/platform';
import { isReadyMessage } from '@cluster-from-scratch/kit/server-ready';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';

export const SERVE = new URL('../../src/serve.ts', import.meta.url);

export interface FrontReady {
  port: number;
  primaryPid: number;
  workerPids: number[];
  hosts: {
    address: string;
    port: number;
    primaryPid: number;
    workerPids: number[];
    kind: string;
  }[];
  engine: 'nginx' | 'haproxy';
  enginePids: number[];
  nginx?: { masterPid: number; workerPids: number[]; dir: string };
  haproxy?: { pid: number; dir: string; socket: string };
}

/** serve.ts with `args` (and --quiet), and its ready report. */
export async function startServe(harness: ProcessHarness, args: string[], runId: string) {
  const serve = harness.start(SERVE, {
    args: [...args, '--quiet'],
    env: { CFS_RUN_ID: runId },
  });
  const ready = await serve.waitForMessage<FrontReady>(isReadyMessage, {
    what: `the ready report of serve.ts ${args.join(' ')}`,
    timeout: 60_000,
  });
  return { serve, ready };
}

/** Waits until every proxy and host process the report names has ended; names any left. */
export async function everyProcessGone(ready: FrontReady, what: string): Promise<void> {
  const everyPid = [
    ...ready.enginePids,
    ...ready.hosts.flatMap((h) => [h.primaryPid, ...h.workerPids]),
  ];
  await pollUntil(() => everyPid.every((pid) => !isAlive(pid)), { what, timeout: 30_000 }).catch(
    (error: Error) => {
      const left = everyPid.filter(isAlive).map((pid) => `${pid} ${readCmdline(pid)}`);
      throw new Error(`${error.message}\nstill running:\n  ${left.join('\n  ')}`);
    },
  );
}
