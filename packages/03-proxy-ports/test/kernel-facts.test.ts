/**
 * What the kernel allows: port sharing between independent processes, SO_REUSEADDR's real
 * job, and the descriptor limit Node actually runs with.
 */

import { connect } from 'node:net';
import { observe } from '@cluster-from-scratch/kit/line-observations';
import { nodeHas } from '@cluster-from-scratch/kit/node-lines';
import { platformName, socketsOn, TCP_STATES } from '@cluster-from-scratch/kit/platform';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { fixture } from './support.ts';

type ListenReport = { type: 'listening'; port: number } | { type: 'listen-failed'; code: string };

describe('one port, independent processes', () => {
  const harness = useHarness();

  function listener(args: string[]) {
    const child = harness.start(fixture('listener.ts'), { args });
    const report = child.waitForMessage<ListenReport>(() => true, {
      what: 'the listen outcome',
    });
    return { child, report };
  }

  it('a3-14 / a4-14 (wrong): SO_REUSEADDR never lets a second independent process listen on the port; reusePort: true on both sockets does, from Node 22.12 / 23.1', async () => {
    const first = await listener(['listen', '0', 'reuse-port']).report;
    expect(first.type).toBe('listening');
    const port = (first as { port: number }).port;

    // SO_REUSEADDR (which libuv sets on every TCP socket) is not enough, on every line.
    const plain = await listener(['listen', String(port)]).report;
    expect(plain).toMatchObject({ type: 'listen-failed', code: 'EADDRINUSE' });

    // SO_REUSEPORT is: but only when every socket on the port asked for it. Node 20 has no
    // reusePort option (it is silently ignored), so there the second socket fails the same way.
    const withReusePort = await listener(['listen', String(port), 'reuse-port']).report;
    if (nodeHas('reusePort')) expect(withReusePort).toMatchObject({ type: 'listening', port });
    else expect(withReusePort).toMatchObject({ type: 'listen-failed', code: 'EADDRINUSE' });
    observe(
      'a3-14',
      'wrong',
      nodeHas('reusePort')
        ? 'SO_REUSEADDR alone: EADDRINUSE; two sockets with reusePort: true both listen (SO_REUSEPORT)'
        : 'SO_REUSEADDR alone: EADDRINUSE; reusePort: true is ignored, EADDRINUSE too',
      'reusePort',
    );
  });

  it('a3-14: a socket that did not ask for reusePort keeps the port to itself, on every line', async () => {
    const first = await listener(['listen', '0']).report;
    const port = (first as { port: number }).port;
    const joiner = await listener(['listen', String(port), 'reuse-port']).report;
    expect(joiner).toMatchObject({ type: 'listen-failed', code: 'EADDRINUSE' });
  });

  it('what SO_REUSEADDR does do: a new server may listen on a port whose last connection is still in TIME_WAIT', async ({
    skip,
  }) => {
    // A socket in TIME_WAIT belongs to no process: /proc/net/tcp lists it, lsof (the portable
    // view, a Mac's) cannot.
    skip(platformName !== 'linux-proc', 'needs Linux: only /proc/net/tcp lists TIME_WAIT sockets');
    const { child, report } = listener(['close-first']);
    const first = await report;
    const port = (first as { port: number }).port;
    // Connect; the server ends the connection first, so its end goes through TIME_WAIT.
    await new Promise<void>((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.on('error', reject);
      socket.on('close', () => resolve());
      socket.resume();
    });
    await child.waitForExit();
    const timeWait = socketsOn(port, TCP_STATES.TIME_WAIT);
    expect(timeWait.length).toBeGreaterThan(0); // 06 = TIME_WAIT, held for 60 s
    // Node (libuv) sets SO_REUSEADDR before bind, so this is allowed despite the TIME_WAIT.
    const again = await listener(['listen', String(port)]).report;
    expect(again).toEqual({ type: 'listening', port });
  });

  it('a1-23 (loose): 1024 is a shell soft limit; Node raises its soft fd limit to the hard limit at start', async ({
    skip,
  }) => {
    skip(process.platform !== 'linux', 'needs Linux: the limits are read from /proc/self/limits');
    const script = [
      'ulimit -Sn 1024',
      "grep 'open files' /proc/self/limits",
      `exec "${process.execPath}" -e "process.stdout.write(require('fs').readFileSync('/proc/self/limits','utf8').split('\\n').find(l => l.startsWith('Max open files')))"`,
    ].join(' && ');
    const sh = harness.startCommand('sh', ['-c', script]);
    expect(await sh.waitForExit()).toEqual({ code: 0, signal: null });
    const [shell, node] = sh.stdout
      .trim()
      .split('\n')
      .map((line) =>
        line
          .split(/\s{2,}/)
          .slice(1, 3)
          .map(Number),
      );
    expect(shell?.[0]).toBe(1024); // the shell (and grep) run with soft limit 1024
    expect(node?.[0]).toBe(node?.[1]); // node: soft == hard
    expect(node?.[1]).toBe(shell?.[1]); // the hard limit is the one the shell had
  });
});
