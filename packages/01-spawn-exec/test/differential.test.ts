/**
 * Our execFile/exec against Node's, on the same inputs: same stdout, stderr, error fields,
 * exit code and signal, including the maxBuffer, timeout, abort and ENOENT paths.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { cases, type Outcome } from './fixtures/cases.ts';

const harness = useHarness({ scope: 'file' });
const fixture = new URL('./fixtures/differential.ts', import.meta.url);
let ours: Record<string, Outcome>;
let node: Record<string, Outcome>;

beforeAll(async () => {
  const run = async (which: 'ours' | 'node') => {
    const child = harness.start(fixture, { args: [which], name: `differential (${which})` });
    const { outcomes } = await child.waitForMessage<{ outcomes: Record<string, Outcome> }>(
      () => true,
      {
        what: `the outcomes of every case through ${which}`,
        timeout: 30_000,
      },
    );
    return outcomes;
  };
  [ours, node] = await Promise.all([run('ours'), run('node')]);
});

describe('our execFile and exec behave as Node’s', () => {
  it.each(Object.keys(cases))('%s', (name) => {
    expect(ours[name]).toBeDefined();
    expect(ours[name]).toEqual(node[name]);
  });
});

describe('what the outcomes say', () => {
  it('a1-12: output arrives as a utf8 string by default, a Buffer with encoding "buffer"', () => {
    expect(ours['execFile: stdout as a utf8 string']?.stdout).toBe('hello world\n');
    expect(ours["execFile: encoding 'buffer' gives Buffers"]?.stdout).toBe('<buffer 01ff>');
  });

  it('a1-13: output past maxBuffer kills the child with SIGTERM and cuts stdout at the limit', () => {
    const outcome = ours['execFile: maxBuffer exceeded kills the child'];
    expect(outcome?.error).toMatchObject({
      code: 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER',
      name: 'RangeError',
    });
    expect(outcome?.signalCode).toBe('SIGTERM');
    expect(outcome?.stdout).toHaveLength(1000);
  });

  it('a1-14: the default maxBuffer is 1 MiB (1048576), not 200 KiB', () => {
    expect(ours["execFile: the article's 200 KiB + 1 byte passes"]?.error).toBeNull();
    expect(ours['execFile: default maxBuffer, exactly 1 MiB passes']?.error).toBeNull();
    expect(ours['execFile: default maxBuffer, exactly 1 MiB passes']?.stdout).toHaveLength(1048576);
    expect(ours['execFile: default maxBuffer, 1 MiB + 1 byte fails']?.error?.code).toBe(
      'ERR_CHILD_PROCESS_STDIO_MAXBUFFER',
    );
  });

  it('a non-zero exit becomes an error with code, killed, signal and cmd', () => {
    expect(ours['execFile: non-zero exit with stderr']?.error).toMatchObject({
      code: 3,
      killed: false,
      signal: null,
      cmd: 'sh -c echo out; echo err >&2; exit 3',
      message: 'Command failed: sh -c echo out; echo err >&2; exit 3\nerr\n',
    });
  });

  it('timeout kills the child with killSignal and marks the error killed', () => {
    expect(ours['execFile: timeout kills with SIGTERM']?.error).toMatchObject({
      killed: true,
      signal: 'SIGTERM',
      code: null,
    });
    expect(ours['execFile: timeout with killSignal SIGKILL']?.error).toMatchObject({
      killed: true,
      signal: 'SIGKILL',
    });
  });

  it('an AbortSignal answers at once with an AbortError, before the killed child is reaped', () => {
    expect(ours['execFile: AbortSignal ends the child']?.error).toMatchObject({
      name: 'AbortError',
      code: 'ABORT_ERR',
    });
    expect(ours['execFile: AbortSignal ends the child']?.exitCode).toBeNull();
    expect(ours['execFile: AbortSignal ends the child']?.signalCode).toBeNull();
  });

  it('a missing program fails with ENOENT from spawn, a non-executable file with EACCES', () => {
    expect(ours['execFile: a missing program is ENOENT']?.error).toMatchObject({
      code: 'ENOENT',
      syscall: 'spawn cfs-no-such-program',
      cmd: 'cfs-no-such-program x',
    });
    expect(ours['execFile: a non-executable file is EACCES']?.error?.code).toBe('EACCES');
  });

  it('a1-10: execFile runs the program directly, exec through /bin/sh -c', () => {
    expect(ours['execFile: no shell, so $HOME is not expanded']?.stdout).toBe('$HOME *\n');
    expect(ours['exec: runs through /bin/sh -c']?.stdout).toBe('x2\n');
    expect(ours['exec: runs through /bin/sh -c']?.spawnargs).toEqual([
      '/bin/sh',
      '-c',
      'echo $((6 * 7)) | tr 4 x',
    ]);
  });
});
