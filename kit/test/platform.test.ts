/**
 * The platform layer's two implementations answer the same questions alike.
 *
 * On Linux both run side by side against the same live process: /proc (linux-proc.ts) is the
 * reference, ps and lsof (portable.ts, what a Mac uses) must agree with it. So the portable
 * view is proven on this machine even though no Mac is; CFS_PLATFORM=portable then makes the
 * whole suite use it.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { linuxProc } from '../src/platform/linux-proc.ts';
import { parseCpuTime, parseEnvironmentText, portable } from '../src/platform/portable.ts';
import { TCP_STATES } from '../src/platform/types.ts';
import { useHarness } from '../src/vitest-harness.ts';

const onLinux = process.platform === 'linux';
const hasLsof = spawnSync('lsof', ['-v']).error === undefined;

describe('the portable view reads ps and lsof output', () => {
  it('parses an environment that ps printed after a command line', () => {
    const env = parseEnvironmentText('CFS_RUN_ID=abc HOME=/root GREETING=hello there PATH=/bin');
    expect(Object.fromEntries(env)).toEqual({
      CFS_RUN_ID: 'abc',
      HOME: '/root',
      GREETING: 'hello there', // a space in a value cannot be told apart; it is kept with it
      PATH: '/bin',
    });
  });

  it("parses ps's CPU time in each platform's format into 1/100 s ticks", () => {
    expect(parseCpuTime('00:00:03')).toBe(300); // Linux procps: whole seconds
    expect(parseCpuTime('0:01.25')).toBe(125); // macOS: minutes:seconds.hundredths
    expect(parseCpuTime('1-02:03:04')).toBe((((24 + 2) * 60 + 3) * 60 + 4) * 100);
    expect(parseCpuTime('garbage')).toBeNaN();
  });
});

// Needs Linux: /proc is the reference the portable answers are compared with.
describe.skipIf(!onLinux || !hasLsof)(
  'portable (ps, lsof) and /proc agree on a live process — needs Linux and lsof',
  () => {
    const harness = useHarness({ scope: 'file' });

    async function holder() {
      const child = harness.start(new URL('./fixtures/socket-holder.ts', import.meta.url), {
        env: { CFS_PLATFORM_PROBE: 'marker-42' },
      });
      const report = await child.waitForMessage<{ port: number; clientPort: number; pid: number }>(
        () => true,
        {
          what: 'the socket holder to report its ports',
        },
      );
      return { child, ...report };
    }

    it('process state, parent, group, command line and environment', async () => {
      const { pid } = await holder();
      expect(portable.isAlive(pid)).toBe(true);
      expect(portable.readStat(pid)).toEqual(linuxProc.readStat(pid));
      expect(portable.readCmdline(pid)).toBe(linuxProc.readCmdline(pid));
      expect(portable.readEnviron(pid).get('CFS_PLATFORM_PROBE')).toBe('marker-42');
      const row = portable.processTable({ environment: true }).find((r) => r.pid === pid);
      expect(row?.environment?.get('CFS_PLATFORM_PROBE')).toBe('marker-42');
      expect(row?.command).toBe(linuxProc.readCmdline(pid));
      expect(portable.listPids()).toContain(pid);
    });

    it('every descriptor, and what it points at', async () => {
      const { pid } = await holder();
      const fromProc = linuxProc.listFds(pid);
      const fromLsof = portable.listFds(pid);
      const sorted = (fds: Map<number, string>) => [...fds].sort(([a], [b]) => a - b);
      expect(sorted(fromLsof)).toEqual(sorted(fromProc));
      // At least the IPC channel (a Unix socket), the listener and both ends of the connection.
      expect(
        [...fromLsof.values()].filter((t) => t.startsWith('socket:')).length,
      ).toBeGreaterThanOrEqual(4);
    });

    it('the TCP sockets: the listener and both ends of the connection, with ports and states', async () => {
      const { pid, port, clientPort } = await holder();
      const mine = (entries: ReturnType<typeof linuxProc.tcpSockets>) => {
        const held = new Set(
          [...linuxProc.listFds(pid).values()].map((t) =>
            Number(/^socket:\[(\d+)\]$/.exec(t)?.[1]),
          ),
        );
        return entries
          .filter((e) => held.has(e.inode))
          .map(({ localPort, remotePort, state, inode }) => ({
            localPort,
            remotePort,
            state,
            inode,
          }))
          .sort((a, b) => a.inode - b.inode);
      };
      const fromLsof = mine(portable.tcpSockets());
      expect(fromLsof).toEqual(mine(linuxProc.tcpSockets()));
      expect(fromLsof.map((e) => [e.state, e.localPort, e.remotePort]).sort()).toEqual(
        [
          [TCP_STATES.ESTABLISHED, clientPort, port],
          [TCP_STATES.ESTABLISHED, port, clientPort],
          [TCP_STATES.LISTEN, port, 0],
        ].sort(),
      );
    });

    it('CPU time, in the same ticks (ps rounds to what it prints)', async () => {
      const { pid } = await holder();
      const fromProc = linuxProc.cpuTicks(pid);
      const fromPs = portable.cpuTicks(pid);
      // procps prints whole seconds: the two agree to within one second.
      expect(Math.abs(fromPs - fromProc)).toBeLessThan(100);
    });

    it('a process that is gone: dead, no descriptors to list (an error, not an empty list)', async () => {
      const { child, pid } = await holder();
      child.kill('SIGKILL');
      await child.waitForExit();
      expect(portable.isAlive(pid)).toBe(false);
      expect(() => portable.listFds(pid)).toThrow(/gone/);
      expect(() => linuxProc.listFds(pid)).toThrow();
    });

    it('wake-ups (voluntary context switches) are a Linux-only view', () => {
      expect(portable.voluntaryContextSwitches).toBeUndefined();
      expect(linuxProc.voluntaryContextSwitches?.(process.pid)).toBeGreaterThan(0);
    });
  },
);
