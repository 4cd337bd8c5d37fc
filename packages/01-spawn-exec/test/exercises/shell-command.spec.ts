import { pickTarget } from '@cluster-from-scratch/kit/exercises';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import * as starter from '../../exercises/shell-command.ts';
import * as solution from '../../src/shell-command.ts';

const { shellCommand } = pickTarget({ starter, solution });
const harness = useHarness();

describe('01.3 shellCommand runs a command through the shell', () => {
  it('leaves the command alone without a shell', () => {
    expect(shellCommand('echo', ['a b', '$HOME'], false)).toEqual({
      file: 'echo',
      args: ['a b', '$HOME'],
    });
  });

  it('hands one string to /bin/sh -c, or to the shell named', () => {
    expect(shellCommand('echo', ['hi', 'there'], true)).toEqual({
      file: '/bin/sh',
      args: ['-c', 'echo hi there'],
    });
    expect(shellCommand('ls | wc -l', [], '/bin/bash')).toEqual({
      file: '/bin/bash',
      args: ['-c', 'ls | wc -l'],
    });
  });

  it('really lets the shell parse it: arithmetic and ; run', async () => {
    const { file, args } = shellCommand('echo $((6 * 7)); echo second', [], true);
    const child = harness.startCommand(file, args);
    expect(await child.waitForExit()).toEqual({ code: 0, signal: null });
    expect(child.lines.slice(0, 2)).toEqual(['42', 'second']);
  });
});
