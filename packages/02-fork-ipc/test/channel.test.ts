/**
 * What the channel is: a connected pair of Unix domain stream sockets, found by the child
 * through NODE_CHANNEL_FD — and any program that follows the convention can use it.
 */
import { canInspect, type FdFacts } from '@cluster-from-scratch/02-fork-ipc';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { request } from '../src/endpoint.ts';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
// The Unix socket table is Linux's (/proc/net/unix); a Mac, or CFS_PLATFORM=portable, skips these
// with the reason below rather than passing them.
const onLinux = canInspect;
const OFF_LINUX = 'needs Linux: the kernel view comes from /proc/self/fd and /proc/net/unix';

interface ChannelReport {
  childReport: {
    pid: number;
    channel: FdFacts & { serialization: string };
    channelFdProperty: number;
    envInProcess: string | null;
    channelConstructor: string;
    channelIsStream: boolean;
    channelIsEmitter: boolean;
    grandchild: { channelFd: string; fd3: string };
  };
  parentFd: number;
  parentEnd: FdFacts;
  childEndSeenFromParent: FdFacts;
  shellPipe: string;
  ssLine: string | null;
}

describe('the channel as the kernel sees it', () => {
  const harness = useHarness();
  let r: ChannelReport;

  beforeAll(async () => {
    if (!onLinux) return;
    const primary = harness.start(fixture('channel-facts.ts'));
    r = await primary.waitForMessage<ChannelReport>(() => true, { what: 'the channel facts' });
    await primary.waitForExit();
  });

  it('a1-18 / a4-04: NODE_CHANNEL_FD leads to a Unix domain stream socket (Windows half not checkable here)', ({
    skip,
  }) => {
    skip(!onLinux, OFF_LINUX);
    const { channel } = r.childReport;
    expect(channel.fd).toBe(3);
    expect(channel.link).toMatch(/^socket:\[\d+\]$/);
    expect(channel.unix).toMatchObject({ type: 'SOCK_STREAM', state: 'connected' });
    expect(r.childReport.channelFdProperty).toBe(3);
  });

  it('a2-12 (wrong): it is a socket at both ends, not a pipe like the shell | operator', ({
    skip,
  }) => {
    skip(!onLinux, OFF_LINUX);
    expect(r.parentEnd.kind).toBe('socket');
    expect(r.parentEnd.unix).toMatchObject({ type: 'SOCK_STREAM', state: 'connected' });
    // Two sockets (two inodes), one per end; one descriptor at each end carries both directions.
    expect(r.parentEnd.inode).not.toBe(r.childReport.channel.inode);
    expect(r.childEndSeenFromParent.inode).toBe(r.childReport.channel.inode);
    // What a pipe really looks like to the same readlink:
    expect(r.shellPipe).toMatch(/^pipe:\[\d+\]$/);
    // ss, where installed, shows the two ends as each other's peer: u_str ESTAB.
    if (r.ssLine !== null) expect(r.ssLine).toMatch(/^u_str\s+ESTAB/);
  });

  it('a4-05 (loose): nothing listens — a connected pair is made before the child starts', ({
    skip,
  }) => {
    skip(!onLinux, OFF_LINUX);
    for (const end of [r.parentEnd, r.childReport.channel]) {
      expect(end.unix?.listening).toBe(false);
      expect(end.unix?.path).toBe(''); // unnamed: nothing to connect() to
      expect(end.unix?.state).toBe('connected');
    }
  });

  it('a4-06: the child learns the fd from NODE_CHANNEL_FD, which Node then removes from process.env', ({
    skip,
  }) => {
    skip(!onLinux, OFF_LINUX);
    expect(r.childReport.channel.fd).toBe(3); // from /proc/self/environ
    expect(r.childReport.channel.serialization).toBe('json');
    expect(r.childReport.envInProcess).toBeNull();
  });

  it('a4-07 (loose): two-way, but process.channel is a Control (an EventEmitter), not a stream', ({
    skip,
  }) => {
    skip(!onLinux, OFF_LINUX);
    expect(r.childReport.channelConstructor).toBe('Control');
    expect(r.childReport.channelIsStream).toBe(false);
    expect(r.childReport.channelIsEmitter).toBe(true);
  });

  it('a2-13 (loose): the channel is handed down at spawn, and not further: a grandchild has none', ({
    skip,
  }) => {
    skip(!onLinux, OFF_LINUX);
    expect(r.childReport.grandchild).toEqual({ channelFd: 'unset', fd3: 'closed' });
  });
});

describe('a program that is not Node speaks the protocol by hand', () => {
  const harness = useHarness();

  const startShell = () =>
    harness.startCommand('sh', [new URL(fixture('by-hand.sh')).pathname], {
      ipc: true,
      name: 'by-hand.sh',
    });

  it('a4-08 / a4-06: a sh child writes JSON lines to NODE_CHANNEL_FD and reads ours', async () => {
    const sh = startShell();
    const hello = await sh.waitForMessage<{ hello: string; pid: number; fd: string; mode: string }>(
      (m) => (m as { hello?: string }).hello !== undefined,
      { what: 'the hello line written by sh' },
    );
    expect(hello).toEqual({ hello: 'from sh', pid: sh.pid, fd: '3', mode: 'json' });
    sh.send({ n: 1, text: 'hi sh' });
    const echo = await sh.waitForMessage((m) => 'echo' in (m as object), { what: 'the echo' });
    expect(echo).toEqual({ echo: { n: 1, text: 'hi sh' } });
  });

  it('our RPC layer works against it: the sh child answers a request by matching the seq', async () => {
    const sh = startShell();
    await sh.waitForMessage((m) => 'hello' in (m as object), { what: 'hello from sh' });
    const [a, b] = await Promise.all([
      request(sh.process, 'ping', { from: 'test' }, { timeout: 10_000 }),
      request(sh.process, 'ping', null, { timeout: 10_000 }),
    ]);
    expect(a).toBe(`pong from sh ${sh.pid}`);
    expect(b).toBe(`pong from sh ${sh.pid}`);
    // The envelopes were internal on our side: only the hello reached 'message'.
    expect(sh.messages).toHaveLength(1);
    // Closing our end ends the sh loop (read hits end-of-file).
    sh.process.disconnect();
    expect(await sh.waitForExit()).toEqual({ code: 0, signal: null });
  });
});
