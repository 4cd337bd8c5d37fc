import { describe, expect, it } from 'vitest';
import { ProcessHarness } from '../src/harness.ts';
import { isAlive } from '../src/platform.ts';
import { WaitTimeoutError } from '../src/timeout.ts';
import { useHarness } from '../src/vitest-harness.ts';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

describe('process harness', () => {
  const harness = useHarness();

  it('starts a TypeScript child with the loader and talks to it over IPC', async () => {
    const child = harness.start(fixture('echo.ts'));
    const [, pid] = await child.waitForLine(/^ready (\d+)$/, { what: 'the ready line' });
    expect(Number(pid)).toBe(child.pid);
    child.send({ hello: 1 });
    const reply = await child.waitForMessage<{ echo: unknown; pid: number }>();
    expect(reply).toEqual({ echo: { hello: 1 }, pid: child.pid });
  });

  it('fails a wait loudly, naming what did not happen', async () => {
    const child = harness.start(fixture('echo.ts'));
    const error = await child
      .waitForMessage(() => true, { what: 'a message nobody sends', timeout: 300 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(String(error)).toMatch(/waiting for a message nobody sends from echo\.ts/);
  });

  it('fails a wait at once when the child exits first', async () => {
    const child = harness.start(fixture('echo.ts'));
    await child.waitForLine(/^ready/);
    child.kill('SIGKILL');
    await expect(child.waitForLine(/never printed/, { timeout: 10_000 })).rejects.toThrow(
      /exited .* before/,
    );
  });

  it('ends grandchildren too, even ones that ignore SIGTERM', async () => {
    const own = new ProcessHarness();
    const child = own.start(fixture('parent-with-grandchild.ts'));
    const pids = await child.waitForMessage<{ parent: number; grandchild: number }>();
    expect(isAlive(pids.grandchild)).toBe(true);
    const survivors = await own.stopAll();
    expect(survivors).toEqual([]);
    expect(isAlive(pids.parent)).toBe(false);
    expect(isAlive(pids.grandchild)).toBe(false);
  });

  it('reports the exit code and signal', async () => {
    const child = harness.startCommand('sh', ['-c', 'exit 3']);
    expect(await child.waitForExit()).toEqual({ code: 3, signal: null });
  });
});

describe('waits in a burst', () => {
  const harness = useHarness();

  it('hands each message of a burst to exactly one wait, in order', async () => {
    const child = harness.start(fixture('echo.ts'));
    await child.waitForLine(/^ready/);
    for (let i = 0; i < 200; i++) child.send(i);
    for (let i = 0; i < 200; i++) {
      const reply = await child.waitForMessage<{ echo: number }>(() => true, { what: `echo ${i}` });
      expect(reply.echo).toBe(i);
    }
  });
});

describe('what a process says around its exit', () => {
  const harness = useHarness();

  it("the exit is not the end of the output: a grandchild's line after it is still found", async () => {
    const child = harness.start(fixture('exits-before-its-grandchild-speaks.ts'));
    expect(await child.waitForExit()).toEqual({ code: 0, signal: null });
    // The child is gone and the line is not printed yet: it comes from the grandchild, which
    // shares the child's stdout and speaks only once the child has gone.
    const [line] = await child.waitForLine(/^grandchild \d+ still here$/, {
      what: "the grandchild's line",
    });
    expect(child.lines).toContain('spawned the grandchild');
    expect(line).toMatch(/^grandchild/);
  });

  it('a wait fails at once when the output has ended and did not hold the line', async () => {
    const child = harness.start(fixture('exits-before-its-grandchild-speaks.ts'));
    await child.waitForLine(/^grandchild \d+ still here$/);
    await expect(child.waitForLine(/never printed/, { timeout: 20_000 })).rejects.toThrow(
      /exited \(code 0, signal null\) before a line matching/,
    );
  });

  it('waitForExit returns with everything the process printed and sent before it exited', async () => {
    const child = harness.start(fixture('last-words.ts'));
    await child.waitForLine(/^ready/);
    child.send('now');
    await child.waitForExit();
    expect(child.lines).toContain('last line');
    expect(child.messages).toEqual([{ type: 'last-words', pid: child.pid }]);
  });
});
