import { fileURLToPath } from 'node:url';
import type { ManagedChild, ProcessHarness } from '@cluster-from-scratch/kit/harness';
import { freshConnections } from '@cluster-from-scratch/kit/http-load';
import { canCountWakeUps } from '@cluster-from-scratch/kit/platform';
import { tsxExecArgv } from '@cluster-from-scratch/kit/tsx-loader';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { listenerView } from '../src/inspect.ts';
import { ownListeners } from '../src/reuse-port-inspect.ts';
import { canOwnNetworkNamespace, reusePortSupported } from '../src/reuse-port-support.ts';
import { countBy, type Report, script, startServer, wakeUps } from './helpers.ts';

const supported = reusePortSupported();
const line = `Node ${process.versions.node}`;

interface StrangerReport {
  pid: number;
  port: number;
  code: string;
}

/** Starts a process that shares nothing with anyone and listens with reusePort on `port`. */
async function stranger(harness: ProcessHarness, port: number): Promise<StrangerReport> {
  const child = harness.start(script('reuse-port-stranger.ts'), {
    args: ['--port', String(port), '--quiet'],
  });
  return child.waitForMessage<StrangerReport>((m) => (m as StrangerReport)?.code !== undefined, {
    what: `the stranger's listen({ port: ${port}, reusePort: true }) to succeed or fail`,
  });
}

/** What src/reuse-port-stuck.ts reports (or, on a line without reusePort, its error). */
interface StuckReport {
  error?: string;
  queued: number;
  answeredWhileStuck: number;
  answeredBy: Record<number, number>;
  reset: number;
  failedOtherwise: number;
  migrateReq: number;
  stuckPid: number;
  otherPid: number;
}

function stuckReport(child: ManagedChild, what: string): Promise<StuckReport> {
  return child.waitForMessage<StuckReport>((m) => (m as { type?: string })?.type === 'report', {
    what,
    timeout: 30_000,
  });
}

/**
 * Starts the stuck-worker program in a network namespace of its own (`unshare -n`), with
 * loopback up and net.ipv4.tcp_migrate_req set there: the host's setting is never touched.
 */
function stuckInOwnNetns(harness: ProcessHarness, migrateReq: 0 | 1, args: string[]) {
  const setup = `ip link set lo up && sysctl -qw net.ipv4.tcp_migrate_req=${migrateReq} && exec "$0" "$@"`;
  return harness.startCommand(
    'unshare',
    [
      '-n',
      'sh',
      '-c',
      setup,
      process.execPath,
      ...tsxExecArgv(),
      fileURLToPath(script('reuse-port-stuck.ts')),
      ...args,
    ],
    { ipc: true, name: `reuse-port-stuck.ts (own netns, tcp_migrate_req=${migrateReq})` },
  );
}

/** Can this run make a network namespace of its own and set the sysctl in it? Tried once. */
const ownNetns = canOwnNetworkNamespace();
const netnsNote = ownNetns
  ? 'in a network namespace of its own'
  : "SKIPPED: changing the sysctl needs a network namespace of the test's own (root with CAP_SYS_ADMIN, unshare, ip, a kernel with tcp_migrate_req: 5.14+)";

/**
 * Starts mode 'reuse-port'. Where the line cannot do it, asserts how it refuses (exit 1, the
 * version named) and returns undefined.
 */
async function startReusePortMode(
  harness: ProcessHarness,
  workers: number,
): Promise<Report | undefined> {
  if (supported) {
    return (
      await startServer(harness, script('serve-reuse-port.ts'), ['--workers', String(workers)])
    ).report;
  }
  const child = harness.start(script('serve-reuse-port.ts'), {
    args: ['--workers', String(workers)],
  });
  expect(await child.waitForExit()).toEqual({ code: 1, signal: null });
  expect(child.stderr).toMatch(/needs Node 22\.12\.0 .*this is Node 20.*EADDRINUSE/s);
  return undefined;
}

describe(`many sockets on one port: reusePort (${line}: ${supported ? 'supported' : 'ignored'})`, () => {
  const harness = useHarness();

  it('two processes that share nothing listen on one port with reusePort, each with a socket of its own, and both get connections (on 20: EADDRINUSE)', async () => {
    const first = await stranger(harness, 0);
    expect(first.code).toBe('LISTENING');
    const second = await stranger(harness, first.port);
    if (!supported) {
      // Node 20 drops the option: the second bind() is an ordinary one, and the port is taken.
      expect(second.code).toBe('EADDRINUSE');
      return;
    }
    expect(second.code).toBe('LISTENING');
    // Two LISTEN entries for one port, one inode per process: nothing is shared but the number.
    expect(listenerView(first.port, []).listenInodes).toHaveLength(2);
    const [a, b] = ownListeners(first.port, [first.pid, second.pid]);
    expect(a?.inodes).toHaveLength(1);
    expect(b?.inodes).toHaveLength(1);
    expect(a?.inodes[0]).not.toBe(b?.inodes[0]);

    const results = await freshConnections({ port: first.port, requests: 40, concurrency: 4 });
    expect(results.every((r) => r.ok)).toBe(true);
    const counts = countBy(
      results.map((r) => r.servedBy),
      [first.pid, second.pid],
    );
    expect([...counts.values()].reduce((x, y) => x + y)).toBe(40);
    // A hash of 40 different client ports lands on both: all on one has odds of 2^-39.
    for (const count of counts.values()) expect(count).toBeGreaterThan(0);
  });

  it('no herd: a connection wakes only the worker whose socket it was hashed to (on 20: the mode refuses to start)', async ({
    skip,
  }) => {
    skip(!canCountWakeUps, 'needs Linux: wake-ups are counted in /proc/<pid>/status');
    const report = await startReusePortMode(harness, 2);
    if (!report) return;
    const connections = 6;
    const calm = await wakeUps(report, connections);
    // The other worker sleeps on a socket of its own, whose queue stayed empty. (The shared
    // socket of distribution.test.ts woke every bystander for every connection.) Counted as
    // connections that woke it at all: a process can wake for reasons of its own (a late
    // start-up task, a busy machine), and one such burst is not a connection waking it.
    expect(calm.bystandersWoken).toBeLessThanOrEqual(connections / 2);
  });

  it('the hash ignores load: a stuck worker keeps receiving its share, and those clients wait in its own queue until it runs again (on 20: the mode refuses to start)', async () => {
    const child = harness.start(script('reuse-port-stuck.ts'), {
      args: ['--end-with', 'continue', '--connections', '40', '--quiet'],
    });
    const r = await stuckReport(child, 'the stuck-worker run to report');
    if (!supported) {
      expect(r.error).toBe('ReusePortUnsupportedError');
      return;
    }
    // Some clients were hashed to the stopped worker: the kernel did not steer them away…
    expect(r.queued).toBeGreaterThan(0);
    expect(r.answeredWhileStuck + r.queued).toBe(40);
    // …and they were answered by that very worker once it ran again, not by the idle one.
    expect(r.answeredBy[r.stuckPid]).toBe(r.queued);
    expect(r.answeredBy[r.otherPid]).toBe(r.answeredWhileStuck);
    expect(r.reset).toBe(0);
    await child.waitForExit();
  });

  it(`a dying worker's queued clients are reset, as many as waited in its own queue (${ownNetns ? 'in a network namespace of its own, tcp_migrate_req=0' : 'in this network namespace, as its tcp_migrate_req says'}; on 20: the mode refuses to start)`, async () => {
    const args = ['--end-with', 'kill', '--connections', '40', '--quiet'];
    const child = ownNetns
      ? stuckInOwnNetns(harness, 0, args)
      : harness.start(script('reuse-port-stuck.ts'), { args });
    const r = await stuckReport(child, 'the killed-worker run to report');
    if (!supported) {
      expect(r.error).toBe('ReusePortUnsupportedError');
      return;
    }
    expect(r.queued).toBeGreaterThan(0);
    expect(r.failedOtherwise).toBe(0);
    if (r.migrateReq === 1) {
      // Only possible without root, on a host that set it: then nobody is lost.
      expect(r.reset).toBe(0);
    } else {
      // Exactly the clients that waited in the dead worker's accept queue, no more, no fewer.
      expect(r.reset).toBe(r.queued);
      expect(r.answeredBy[r.otherPid]).toBe(r.answeredWhileStuck);
    }
    await child.waitForExit();
  });

  it.skipIf(!ownNetns)(
    `with net.ipv4.tcp_migrate_req=1 the dying worker's queued clients move to a sibling and none is reset (${netnsNote}; on 20: the mode refuses to start)`,
    async () => {
      const child = stuckInOwnNetns(harness, 1, [
        '--end-with',
        'kill',
        '--connections',
        '40',
        '--quiet',
      ]);
      const r = await stuckReport(child, 'the killed-worker run (tcp_migrate_req=1) to report');
      if (!supported) {
        expect(r.error).toBe('ReusePortUnsupportedError');
        return;
      }
      expect(r.migrateReq).toBe(1);
      expect(r.queued).toBeGreaterThan(0);
      expect(r.reset).toBe(0);
      // Every client, the ones that waited in the dead worker's queue included, answered by the other.
      expect(r.answeredBy[r.otherPid]).toBe(40);
      await child.waitForExit();
    },
  );

  it('any process of the same user can join the group and take a share of the connections (on 20: EADDRINUSE)', async () => {
    const report = await startReusePortMode(harness, 2);
    if (!report) {
      const first = await stranger(harness, 0);
      expect((await stranger(harness, first.port)).code).toBe('EADDRINUSE');
      return;
    }
    const thief = await stranger(harness, report.port);
    // Not forked, not asked, no handle received: it set SO_REUSEPORT, it is the same user.
    expect(thief.code).toBe('LISTENING');
    const results = await freshConnections({ port: report.port, requests: 60, concurrency: 3 });
    expect(results.every((r) => r.ok)).toBe(true);
    const counts = countBy(
      results.map((r) => r.servedBy),
      [...report.workerPids, thief.pid],
    );
    // One socket of three: about a third. More than none is the point.
    expect(counts.get(thief.pid)).toBeGreaterThan(0);
    expect([...counts.values()].reduce((x, y) => x + y)).toBe(60);
  });

  it("stage 04's one shared socket and the per-connection primary answer a reusePort stranger EADDRINUSE: their socket has no SO_REUSEPORT", async () => {
    for (const mode of ['serve-shared.ts', 'serve-per-connection.ts']) {
      const { report } = await startServer(harness, script(mode), ['--workers', '2']);
      expect((await stranger(harness, report.port)).code).toBe('EADDRINUSE');
    }
  });
});
