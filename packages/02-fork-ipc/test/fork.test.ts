/**
 * What fork() is: spawn() of a fresh node binary with an IPC channel, nothing inherited from
 * the parent's heap. A fixture primary forks and reports; the assertions are here.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { beforeAll, describe, expect, it } from 'vitest';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const onLinux = process.platform === 'linux';

interface ChildReport {
  pid: number;
  ppid: number;
  argv: string[];
  execArgv: string[];
  marker: string;
  random: number;
  typeofSend: string;
  typeofPostMessage: string;
  channelConstructor: string;
  channelIsStream: boolean;
  channelHasOn: boolean;
  envVar: string | null;
}
interface Facts {
  facts: {
    parentPid: number;
    execPath: string;
    execArgv: string[];
    random: number;
    childPath: string;
    spawnfile: string;
    spawnargs: string[];
    childPid: number;
    cmdline: string[];
    exe: string;
    execPathReal: string;
    report: ChildReport;
  };
  loopReports: ChildReport[];
  stdio: {
    loudStdout: string;
    silentStdoutIsSocket: boolean;
    silentStderrIsSocket: boolean;
    encodingOptionEffect: string | null;
  };
}

describe.skipIf(!onLinux)('fork (Linux: reads /proc)', () => {
  const harness = useHarness();
  let r: Facts;

  beforeAll(async () => {
    const primary = harness.start(fixture('fork-facts.ts'));
    r = await primary.waitForMessage<Facts>(() => true, { what: 'the fork facts' });
    await primary.waitForExit();
  });

  it('a1-15: fork is spawn(process.execPath, [...execArgv, module, ...args]) without a shell', () => {
    const { facts } = r;
    expect(facts.spawnfile).toBe(facts.execPath);
    expect(facts.spawnargs).toEqual([
      facts.execPath,
      ...facts.execArgv,
      facts.childPath,
      'child-arg',
    ]);
  });

  it('a1-16 / a3-03: the child is a new Node process with its own V8 heap running the module', () => {
    const { facts } = r;
    expect(facts.report.pid).toBe(facts.childPid);
    expect(facts.report.pid).not.toBe(facts.parentPid);
    expect(facts.report.ppid).toBe(facts.parentPid);
    expect(facts.report.argv).toEqual(['child-arg']);
    expect(facts.report.marker).toBe('undefined');
    expect(facts.report.random).not.toBe(facts.random);
  });

  it('a5-02 (wrong) / a5-03 (loose): nothing of the parent heap is copied; the child is an exec of node', () => {
    // The parent set globalThis.cfsParentMarker before forking; a copy of its heap would have it.
    expect(r.facts.report.marker).toBe('undefined');
    for (const report of r.loopReports) expect(report.marker).toBe('undefined');
    // /proc/<child>/exe is the node binary: libuv cloned and at once exec'd node.
    expect(r.facts.exe).toBe(r.facts.execPathReal);
  });

  it('a3-05: ps shows the child as execPath + execArgv + module path', () => {
    expect(r.facts.cmdline).toEqual(r.facts.spawnargs);
    expect(r.facts.cmdline.join(' ')).toContain('fork-child.ts child-arg');
  });

  it('a5-05: a plain loop of fork(path, { env }) with no args array gives one process each', () => {
    const pids = r.loopReports.map((l) => l.pid);
    expect(new Set(pids).size).toBe(3);
    expect(r.loopReports.map((l) => l.envVar)).toEqual(['loop-0', 'loop-1', 'loop-2']);
    expect(r.loopReports.every((l) => l.argv.length === 0)).toBe(true);
  });

  it('a5-09 (dated): execArgv is inherited by default; there is no encoding option any more', () => {
    expect(r.facts.report.execArgv).toEqual(r.facts.execArgv);
    expect(r.facts.report.execArgv.join(' ')).toMatch(/tsx/);
    // fork(…, { silent: true, encoding: 'latin1' }) is accepted and ignored: stdout stays bytes.
    expect(r.stdio.encodingOptionEffect).toBeNull();
  });

  it('a5-10: silent:true pipes the child stdio to the parent; the default inherits it', () => {
    expect(r.stdio.loudStdout).toBe('null');
    expect(r.stdio.silentStdoutIsSocket).toBe(true);
    expect(r.stdio.silentStderrIsSocket).toBe(true);
  });

  it('a3-06 (wrong): the child talks through process.send, not a WebWorker postMessage', () => {
    expect(r.facts.report.typeofSend).toBe('function');
    expect(r.facts.report.typeofPostMessage).toBe('undefined');
  });
});
