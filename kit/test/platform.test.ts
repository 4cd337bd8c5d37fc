/**
 * The platform layer's two implementations answer the same questions alike.
 *
 * On Linux both run side by side against the same live process: /proc (linux-proc.ts) is the
 * reference, ps and lsof (portable.ts, what a Mac uses) must agree with it. So the portable
 * view is proven on this machine even though no Mac is; CFS_PLATFORM=portable then makes the
 * whole suite use it.
 */
import { spawnSync } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { addressFromProc, linuxProc } from '../src/platform/linux-proc.ts';
import { parseCpuTime, parseEnvironmentText, portable } from '../src/platform/portable.ts';
import { TCP_STATES } from '../src/platform/types.ts';
import { listeningInodes, memoryKb, onLoopback, platformName } from '../src/platform.ts';
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

describe("/proc/net/tcp's addresses", () => {
  it("reads the kernel's little-endian hex as the addresses a reader writes", () => {
    expect(addressFromProc('0100007F')).toBe('127.0.0.1');
    expect(addressFromProc('0101007F')).toBe('127.0.1.1');
    expect(addressFromProc('00000000')).toBe('0.0.0.0');
    expect(addressFromProc('00000000000000000000000000000000')).toBe('::');
    expect(addressFromProc('00000000000000000000000001000000')).toBe('::1');
    expect(addressFromProc('0000000000000000FFFF00000100007F')).toBe('::ffff:127.0.0.1');
    expect(addressFromProc('B80D0120000000000000000001000000')).toBe('2001:db8::1');
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
          .map(({ localAddress, localPort, remotePort, state, inode }) => ({
            localAddress,
            localPort,
            remotePort,
            state,
            inode,
          }))
          .sort((a, b) => a.inode - b.inode);
      };
      const fromLsof = mine(portable.tcpSockets());
      expect(fromLsof).toEqual(mine(linuxProc.tcpSockets()));
      expect(fromLsof.every((e) => e.localAddress === '127.0.0.1')).toBe(true);
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

/**
 * One port number, two sockets: the kernel hands a port that is listening on 127.0.0.1 to a
 * listener on 127.0.1.1 as well (stage 07's hosts bind such addresses, often beside the
 * other stages' tests). Counting by port alone then finds two listeners where a test made one.
 */
describe.skipIf(!onLinux)(
  'a port number alone does not name a socket — needs Linux (all of 127.0.0.0/8 answers on lo)',
  () => {
    async function bothListeners(view: typeof linuxProc) {
      const ours = createServer();
      const other = createServer();
      try {
        await new Promise<void>((resolve) => ours.listen(0, '127.0.0.1', resolve));
        const port = (ours.address() as AddressInfo).port;
        await new Promise<void>((resolve, reject) => {
          other.once('error', reject);
          other.listen(port, '127.0.1.1', resolve);
        });
        const onPort = view
          .tcpSockets()
          .filter((s) => s.state === TCP_STATES.LISTEN && s.localPort === port);
        expect(onPort.map((s) => s.localAddress).sort()).toEqual(['127.0.0.1', '127.0.1.1']);
        expect(onPort.filter(onLoopback)).toHaveLength(1);
        expect(listeningInodes(port)).toHaveLength(1);
      } finally {
        ours.close();
        other.close();
      }
    }

    it('/proc lists both listeners with their address; listeningInodes() keeps the one on 127.0.0.1', () =>
      bothListeners(linuxProc));

    it.skipIf(!hasLsof)('lsof lists both too, with the same addresses (needs lsof)', () =>
      bothListeners(portable),
    );
  },
);

describe('memory of a process (smaps_rollup)', () => {
  it.runIf(platformName === 'linux-proc')(
    'gives PSS and RSS in kB for a live process, PSS at most RSS; nothing for a dead pid',
    () => {
      const own = memoryKb(process.pid);
      expect(own?.rssKb).toBeGreaterThan(1024);
      expect(own?.pssKb).toBeGreaterThan(0);
      expect(own!.pssKb).toBeLessThanOrEqual(own!.rssKb);
      expect(memoryKb(2 ** 22 + 1)).toBeUndefined();
    },
  );

  // ps and lsof know no PSS: with the portable view (a Mac, or CFS_PLATFORM=portable) the answer
  // is "unknown", never a made-up figure.
  it.runIf(platformName === 'portable')('is unknown with the portable view', () => {
    expect(memoryKb(process.pid)).toBeUndefined();
  });
});
