/**
 * Stage 01 demo: every way to start a child, rebuilt on spawn, step by step.
 *
 *   npm start -- 1
 *
 * Each line says which process printed it. The demo ends by itself in a few seconds.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { type ExecError, exec, execFile, fork } from '../src/index.ts';

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
  say('1. spawn("ls") — the one primitive everything else is built on. Events, in order:');
  const child = spawn('ls', ['/']);
  const lines: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => lines.push(...chunk.toString().trim().split('\n')));
  child.on('spawn', () => say(`   'spawn'  child ${child.pid} is running`));
  child.on('exit', (code, signal) =>
    say(`   'exit'   code=${code} signal=${signal} (stdout may still be flowing)`),
  );
  await new Promise<void>((resolve) =>
    child.on('close', (code, signal) => {
      say(
        `   'close'  code=${code} signal=${signal} — and stdout is complete: ${lines.length} entries in /`,
      );
      resolve();
    }),
  );
}

async function step2ExecFile() {
  say('2. our execFile: spawn + buffered output, no shell');
  const ok = await run((cb) => execFile('echo', ['$HOME', 'stays', 'literal'], {}, cb));
  say(`   execFile('echo', ['$HOME', …]) → ${JSON.stringify(ok.stdout)}`);
  const failed = await run((cb) => execFile('sh', ['-c', 'echo oops >&2; exit 3'], {}, cb));
  say(
    `   a failing command → error.code=${failed.error?.code} killed=${failed.error?.killed} stderr=${JSON.stringify(failed.stderr)}`,
  );
  const missing = await run((cb) => execFile('no-such-program', [], {}, cb));
  say(`   a missing program → ${missing.error?.code} (${missing.error?.message})`);
}

async function step3Exec() {
  say('3. our exec = execFile with shell: true → spawn("/bin/sh", ["-c", command])');
  let spawnargs: string[] = [];
  const result = await run((cb) => {
    spawnargs = exec('echo $((6 * 7)) | tr 4 X', {}, cb).spawnargs;
  });
  say(`   spawnargs ${JSON.stringify(spawnargs)} → ${JSON.stringify(result.stdout)}`);
}

async function step4Limits() {
  say(
    '4. limits: maxBuffer (default 1 MiB = 1048576 bytes, not the article’s 200 KiB) and timeout',
  );
  const print = (n: number) => [
    '-e',
    `process.stdout.write('x'.repeat(${n})); setInterval(() => {}, 1000)`,
  ];
  let printer: ChildProcess | undefined;
  const over = await run((cb) => {
    printer = execFile(process.execPath, print(1024 * 1024 + 1), {}, cb);
  });
  say(
    `   1048577 bytes → ${over.error?.code}, child ended by ${printer?.signalCode}, kept ${over.stdout.length} bytes`,
  );
  const slow = await run((cb) => execFile('sleep', ['30'], { timeout: 200 }, cb));
  say(
    `   sleep 30 with timeout 200 ms → killed=${slow.error?.killed} signal=${slow.error?.signal}`,
  );
}

async function step5Injection() {
  say('5. why exec("… " + userInput) is dangerous');
  const marker = join(scratch, 'pwned');
  const userInput = `photo.jpg; touch ${marker}`;
  await run((cb) => execFile('echo', [userInput], {}, cb));
  say(
    `   execFile('echo', [input])  → marker file exists? ${existsSync(marker)} (the input stayed one argument)`,
  );
  await run((cb) => exec(`echo ${userInput}`, {}, cb));
  say(
    `   exec('echo ' + input)      → marker file exists? ${existsSync(marker)} (the shell ran the second command)`,
  );
}

async function step6Fork() {
  say('6. our fork = spawn(process.execPath, [...execArgv, module]) with an "ipc" stdio entry');
  const child = fork(new URL('./forked-child.ts', import.meta.url).pathname);
  say(
    `   forked child ${child.pid}: ${child.spawnfile} … ${child.spawnargs.slice(-1)[0]?.split('/').pop()}`,
  );
  child.on('message', (message: { hello?: string; answer?: number }) => {
    say(`   message from child: ${JSON.stringify(message)}`);
    if (message.hello) child.send({ ask: 'the answer' });
  });
  await new Promise<void>((resolve) =>
    child.on('close', (code) => {
      say(`   child ${child.pid} closed with code ${code}`);
      resolve();
    }),
  );
}

try {
  say('stage 01: spawn, exec, execFile and fork — all of them are spawn underneath');
  await step1Spawn();
  await step2ExecFile();
  await step3Exec();
  await step4Limits();
  await step5Injection();
  await step6Fork();
  say('done: every child has exited.');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
