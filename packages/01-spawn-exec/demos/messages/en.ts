/**
 * What the stage 01 demos say, in English. zh.ts says the same in Chinese; the demos pick one
 * with `inLanguage({ en, zh })`. Values (pids, codes, outputs) are arguments, never translated.
 */
const en = {
  intro: 'stage 01: spawn, exec, execFile and fork — all of them are spawn underneath',
  done: 'done: every child has exited.',

  spawnStep: '1. spawn("ls") — the one primitive everything else is built on. Events, in order:',
  spawned: (pid: number | undefined) => `   'spawn'  child ${pid} is running`,
  exitedWhileStdoutFlows: (code: number | null, signal: string | null) =>
    `   'exit'   code=${code} signal=${signal} (stdout may still be flowing)`,
  closedWithStdoutComplete: (code: number | null, signal: string | null, entries: number) =>
    `   'close'  code=${code} signal=${signal} — and stdout is complete: ${entries} entries in /`,

  execFileStep: '2. our execFile: spawn + buffered output, no shell',
  execFileKeepsLiteral: (stdout: string) => `   execFile('echo', ['$HOME', …]) → ${stdout}`,
  failingCommand: (code: unknown, killed: unknown, stderr: string) =>
    `   a failing command → error.code=${code} killed=${killed} stderr=${stderr}`,
  missingProgram: (code: unknown, message: string | undefined) =>
    `   a missing program → ${code} (${message})`,

  execStep: '3. our exec = execFile with shell: true → spawn("/bin/sh", ["-c", command])',
  execThroughShell: (spawnargs: string, stdout: string) => `   spawnargs ${spawnargs} → ${stdout}`,

  limitsStep:
    '4. limits: maxBuffer (default 1 MiB = 1048576 bytes, not the article’s 200 KiB) and timeout',
  overMaxBuffer: (code: unknown, signal: string | null | undefined, kept: number) =>
    `   1048577 bytes → ${code}, child ended by ${signal}, kept ${kept} bytes`,
  timeoutKills: (killed: unknown, signal: unknown) =>
    `   sleep 30 with timeout 200 ms → killed=${killed} signal=${signal}`,

  injectionStep: '5. why exec("… " + userInput) is dangerous',
  execFileInjection: (exists: boolean) =>
    `   execFile('echo', [input])  → marker file exists? ${exists} (the input stayed one argument)`,
  execInjection: (exists: boolean) =>
    `   exec('echo ' + input)      → marker file exists? ${exists} (the shell ran the second command)`,

  forkStep:
    '6. our fork = spawn(process.execPath, [...execArgv, module]) with an "ipc" stdio entry',
  forked: (pid: number | undefined, file: string, module: string | undefined) =>
    `   forked child ${pid}: ${file} … ${module}`,
  messageFromChild: (message: string) => `   message from child: ${message}`,
  childClosed: (pid: number | undefined, code: number | null) =>
    `   child ${pid} closed with code ${code}`,

  /** demos/forked-child.ts, the child of step 6. */
  child: {
    started: (ppid: number, sendType: string) =>
      `started by fork; my parent is ${ppid}; process.send is ${sendType}`,
    parentAsked: (question: string) => `parent asked: ${question}`,
    answered: 'answered; closing my end of the channel, so I can exit',
  },
};

export type Stage01DemoMessages = typeof en;
export default en;
