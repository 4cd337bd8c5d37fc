/**
 * What the first article says about child processes, checked on this Node.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';

const harness = useHarness({ scope: 'file' });
// biome-ignore lint/suspicious/noExplicitAny: a bag of observations from the fixture
let facts: any;

beforeAll(async () => {
  const child = harness.start(new URL('./fixtures/facts.ts', import.meta.url));
  facts = await child.waitForMessage(() => true, { what: 'the observed facts', timeout: 30_000 });
});

describe('spawn', () => {
  it('a1-01: JavaScript runs on one thread, but the process has several', ({ skip }) => {
    skip(process.platform !== 'linux', 'needs Linux: threads are counted in /proc/self/task');
    expect(facts.threadsAtStart).toBeGreaterThan(1);
    expect(facts.threadsAfterIo).toBeGreaterThanOrEqual(facts.threadsAtStart);
  });

  it('a1-04: child_process exports seven creators, not four (the Sync variants too)', () => {
    expect(facts.exportedCreators.sort()).toEqual(
      ['exec', 'execFile', 'execFileSync', 'execSync', 'fork', 'spawn', 'spawnSync'].sort(),
    );
  });

  it("a1-05: events are spawn, exit, close (and error, disconnect, message) — there is no 'discount'", () => {
    expect(facts.lsEvents).toEqual(['spawn', 'exit(0,null)', 'close(0,null)']);
    expect(facts.missingEvents).toEqual(['error', 'close(-2,null)']);
    expect(facts.forkOurs.events).toEqual([
      'spawn',
      'message',
      'message',
      'disconnect',
      'exit(0,null)',
      'close(0,null)',
    ]);
    expect(JSON.stringify(facts)).not.toContain('discount');
  });

  it('a1-06: with stdio "pipe" the child has stdin/stdout/stderr streams; with "inherit" they are null', () => {
    expect(facts.streams.stdinWritable).toBe(true);
    expect(facts.streams.stdoutReadable).toBe(true);
    expect(facts.inheritStreams).toEqual({ stdin: null, stdout: null, stderr: null });
  });

  it("a1-07: a ChildProcess wraps libuv's process handle (process_wrap's Process)", () => {
    expect(facts.streams.handleClass).toBe('Process');
  });

  it("a1-08: 'close' receives the exit code (and the signal)", () => {
    expect(facts.closeArgs).toEqual([4, null]);
  });
});

describe('exec and execFile reduce to spawn', () => {
  it('a1-09: our exec calls our execFile with a shell, and spawns what Node’s exec spawns', () => {
    expect(facts.shells.ours).toEqual(facts.shells.node);
    expect(facts.shells.ours).toEqual({ file: '/bin/sh', args: ['/bin/sh', '-c', 'echo hi'] });
  });

  it('a1-11: execFile returns the ChildProcess that spawn made, running the file itself', () => {
    expect(facts.shells.execFileIsChildProcess).toBe(true);
    expect(facts.shells.execFile).toEqual({ file: 'echo', args: ['echo', 'hi'] });
  });

  it('command injection: exec("echo " + input) runs the second command, execFile does not', () => {
    expect(facts.injection.afterExecFile).toBe(false);
    expect(facts.injection.afterExec).toBe(true);
    expect(facts.injection.execStdout).toBe('hello\n');
  });

  it('a4-02: a .js file needs a shebang and an x bit only when it is itself the program', () => {
    expect(facts.shebang.withShebang).toMatchObject({ error: null, stdout: 'ran\n' });
    expect(facts.shebang.noShebang.code).toBe(2); // /bin/sh read it and hit a syntax error
    expect(facts.shebang.noExecBit.code).toBe('EACCES');
    expect(facts.shebang.viaNode).toMatchObject({ error: null, stdout: 'ran\n' });
  });
});

describe('fork', () => {
  it.each(['forkOurs', 'forkNode'])(
    'a1-20: %s is spawn of process.execPath with the parent’s execArgv',
    (which) => {
      expect(facts[which].spawnfile).toBe(process.execPath);
      expect(facts[which].usesParentExecArgv).toBe(true);
      expect(facts[which].spawnargsTail[1]).toBe('an-arg');
    },
  );

  it.each(['forkOurs', 'forkNode'])('%s opens an IPC channel: messages flow both ways', (which) => {
    const [ready, echo] = facts[which].replies;
    expect(ready).toMatchObject({ execArgvHasLoader: true });
    expect(echo).toMatchObject({ echo: { ping: 1 }, connected: true, pid: ready.ready });
  });

  it('our fork and Node’s fork emit the same events in the same order', () => {
    expect(facts.forkOurs.events).toEqual(facts.forkNode.events);
  });
});
