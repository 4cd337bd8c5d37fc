/**
 * One socket, not many: what the kernel shows when the listening handle is passed around.
 */
import { freshConnections, tally } from '@cluster-from-scratch/kit/http-load';
import { listFds } from '@cluster-from-scratch/kit/platform';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { listenerView } from '../src/inspect.ts';
import { fixture, script, startServer } from './helpers.ts';

describe('one listening socket, shared by handle passing', () => {
  const harness = useHarness();

  it("a1-26: a worker receives a net.Server that is already listening on the primary's port", async () => {
    const { report } = await startServer(harness, fixture('primary.ts'), ['--workers', '2']);
    expect(report.attached).toHaveLength(2);
    for (const attached of report.attached ?? []) {
      expect(report.workerPids).toContain(attached.pid);
      expect(attached.listening).toBe(true);
      expect(attached.port).toBe(report.port);
    }
  });

  it('a3-11, a4-15, a3-15, a4-13: every process holds a descriptor for the same socket inode, and the port has one LISTEN entry', async () => {
    const { report } = await startServer(harness, fixture('primary.ts'), [
      '--mode',
      'shared-primary-serves',
      '--workers',
      '2',
    ]);
    const pids = [report.primaryPid, ...report.workerPids];
    const view = listenerView(report.port, pids);
    // One socket: one LISTEN entry in /proc/net/tcp for the port…
    expect(view.listenInodes).toHaveLength(1);
    const [inode] = view.listenInodes;
    // …and each of the three processes has a descriptor pointing at that very inode. The fd
    // numbers are each process's own business (a3-15, a4-13): the inode is what is shared.
    for (const holder of view.holders) {
      expect(holder.fds).toHaveLength(1);
      const fd = holder.fds[0];
      expect(listFds(holder.pid).get(fd as number)).toBe(`socket:[${inode}]`);
    }
  });

  it('a3-13, a4-12: after sending, the primary closes its copy; the workers alone hold the socket and answer every connection', async () => {
    const { report } = await startServer(harness, fixture('primary.ts'), ['--workers', '2']);
    const view = listenerView(report.port, [report.primaryPid, ...report.workerPids]);
    expect(view.listenInodes).toHaveLength(1);
    const [primary, ...workers] = view.holders;
    expect(primary?.fds).toEqual([]);
    for (const worker of workers) expect(worker.fds).toHaveLength(1);

    const results = await freshConnections({ port: report.port, requests: 30, concurrency: 3 });
    const { workers: served, failed } = tally(results);
    expect(failed).toBe(0);
    expect(served.reduce((sum, w) => sum + w.connections, 0)).toBe(30);
    for (const w of served) expect(report.workerPids).toContain(w.pid);
  });

  it('a3-14, a4-14: the workers share the port without EADDRINUSE, yet an independent listener gets it, with or without reusePort: SO_REUSEADDR is not the reason', async () => {
    const { report } = await startServer(harness, script('serve-shared.ts'), ['--workers', '2']);
    for (const extra of [[], ['--reuse-port']]) {
      const other = harness.start(fixture('independent-listen.ts'), {
        args: ['--port', String(report.port), ...extra],
      });
      const { code } = await other.waitForMessage<{ code: string }>(() => true, {
        what: 'the independent listener to report',
      });
      expect(code).toBe('EADDRINUSE');
      await other.waitForExit();
    }
    // Meanwhile the workers, which received the socket rather than making their own, share it.
    const view = listenerView(report.port, report.workerPids);
    expect(view.listenInodes).toHaveLength(1);
    for (const worker of view.holders) expect(worker.fds).toHaveLength(1);
  });
});
