/**
 * Stage 01 demo: every way to start a child, rebuilt on spawn, step by step.
 *
 *   npm start -- 1
 *
 * Each line says which process printed it. The demo ends by itself in a few seconds.
 * Its words are in messages/en.ts and messages/zh.ts (`npm start -- 1 --lang zh`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inLanguage } from '@cluster-from-scratch/kit/language';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { type ExecError, exec, execFile, fork } from '../src/index.ts';
import en from './messages/en.ts';
import zh from './messages/zh.ts';

const m = inLanguage({ en, zh });
const say = narrator('parent');
const scratch = mkdtempSync(join(tmpdir(), 'cfs-01-demo-'));

function run(
  start: (cb: (e: ExecError | null, out: string | Buffer, err: string | Buffer) => void) => void,
) {
  return new Promise<{ error: ExecError | null; stdout: string; stderr: string }>((resolve) =>
    start((error, stdout, stderr) =>
      resolve({ error, stdout: String(stdout), stderr: String(stderr) }),
    ),
  );
}

async function step1Spawn() {
  say(m.spawnStep);
  const child = spawn('ls', ['/']);
  const lines: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => lines.push(...chunk.toString().trim().split('\n')));
  child.on('spawn', () => say(m.spawned(child.pid)));
  child.on('exit', (code, signal) => say(m.exitedWhileStdoutFlows(code, signal)));
  await new Promise<void>((resolve) =>
    child.on('close', (code, signal) => {
      say(m.closedWithStdoutComplete(code, signal, lines.length));
      resolve();
    }),
  );
}

async function step2ExecFile() {
  say(m.execFileStep);
  const ok = await run((cb) => execFile('echo', ['$HOME', 'stays', 'literal'], {}, cb));
  say(m.execFileKeepsLiteral(JSON.stringify(ok.stdout)));
  const failed = await run((cb) => execFile('sh', ['-c', 'echo oops >&2; exit 3'], {}, cb));
  say(m.failingCommand(failed.error?.code, failed.error?.killed, JSON.stringify(failed.stderr)));
  const missing = await run((cb) => execFile('no-such-program', [], {}, cb));
  say(m.missingProgram(missing.error?.code, missing.error?.message));
}

async function step3Exec() {
  say(m.execStep);
  let spawnargs: string[] = [];
  const result = await run((cb) => {
    spawnargs = exec('echo $((6 * 7)) | tr 4 X', {}, cb).spawnargs;
  });
  say(m.execThroughShell(JSON.stringify(spawnargs), JSON.stringify(result.stdout)));
}

async function step4Limits() {
  say(m.limitsStep);
  const print = (n: number) => [
    '-e',
    `process.stdout.write('x'.repeat(${n})); setInterval(() => {}, 1000)`,
  ];
  let printer: ChildProcess | undefined;
  const over = await run((cb) => {
    printer = execFile(process.execPath, print(1024 * 1024 + 1), {}, cb);
  });
  say(m.overMaxBuffer(over.error?.code, printer?.signalCode, over.stdout.length));
  const slow = await run((cb) => execFile('sleep', ['30'], { timeout: 200 }, cb));
  say(m.timeoutKills(slow.error?.killed, slow.error?.signal));
}

async function step5Injection() {
  say(m.injectionStep);
  const marker = join(scratch, 'pwned');
  const userInput = `photo.jpg; touch ${marker}`;
  await run((cb) => execFile('echo', [userInput], {}, cb));
  say(m.execFileInjection(existsSync(marker)));
  await run((cb) => exec(`echo ${userInput}`, {}, cb));
  say(m.execInjection(existsSync(marker)));
}

async function step6Fork() {
  say(m.forkStep);
  const child = fork(new URL('./forked-child.ts', import.meta.url).pathname);
  say(m.forked(child.pid, child.spawnfile, child.spawnargs.slice(-1)[0]?.split('/').pop()));
  child.on('message', (message: { hello?: string; answer?: number }) => {
    say(m.messageFromChild(JSON.stringify(message)));
    if (message.hello) child.send({ ask: 'the answer' });
  });
  await new Promise<void>((resolve) =>
    child.on('close', (code) => {
      say(m.childClosed(child.pid, code));
      resolve();
    }),
  );
}

try {
  say(m.intro);
  await step1Spawn();
  await step2ExecFile();
  await step3Exec();
  await step4Limits();
  await step5Injection();
  await step6Fork();
  say(m.done);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
