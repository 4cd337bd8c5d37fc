/** 阶段 01 演示的中文旁白。键与 en.ts 一一对应；数值、代码和命令原样保留。 */
import type { Stage01DemoMessages } from './en.ts';

const zh: Stage01DemoMessages = {
  intro: '阶段 01：spawn、exec、execFile 和 fork —— 它们底下全都是 spawn',
  done: '完成：所有子进程都已退出。',

  spawnStep: '1. spawn("ls") —— 其他一切都建立在这唯一的原语之上。事件依次是：',
  spawned: (pid: number | undefined) => `   'spawn'  子进程 ${pid} 已在运行`,
  exitedWhileStdoutFlows: (code: number | null, signal: string | null) =>
    `   'exit'   code=${code} signal=${signal}（stdout 可能还在流动）`,
  closedWithStdoutComplete: (code: number | null, signal: string | null, entries: number) =>
    `   'close'  code=${code} signal=${signal} —— 这时 stdout 才完整：/ 下有 ${entries} 项`,

  execFileStep: '2. 我们的 execFile：spawn 加上缓冲输出，不经过 shell',
  execFileKeepsLiteral: (stdout: string) =>
    `   execFile('echo', ['$HOME', …]) → ${stdout}（原样保留）`,
  failingCommand: (code: unknown, killed: unknown, stderr: string) =>
    `   失败的命令 → error.code=${code} killed=${killed} stderr=${stderr}`,
  missingProgram: (code: unknown, message: string | undefined) =>
    `   不存在的程序 → ${code}（${message}）`,

  execStep: '3. 我们的 exec = 带 shell: true 的 execFile → spawn("/bin/sh", ["-c", command])',
  execThroughShell: (spawnargs: string, stdout: string) =>
    `   spawnargs ${spawnargs} → ${stdout}（经过 shell）`,

  limitsStep: '4. 限制：maxBuffer（默认 1 MiB = 1048576 字节，不是文章里的 200 KiB）和 timeout',
  overMaxBuffer: (code: unknown, signal: string | null | undefined, kept: number) =>
    `   输出 1048577 字节 → ${code}，子进程被 ${signal} 结束，保留了 ${kept} 字节`,
  timeoutKills: (killed: unknown, signal: unknown) =>
    `   sleep 30 加上 timeout 200 ms → killed=${killed} signal=${signal}`,

  injectionStep: '5. 为什么 exec("… " + userInput) 很危险',
  execFileInjection: (exists: boolean) =>
    `   execFile('echo', [input])  → 标记文件存在吗？${exists}（输入仍是一个参数）`,
  execInjection: (exists: boolean) =>
    `   exec('echo ' + input)      → 标记文件存在吗？${exists}（shell 执行了第二条命令）`,

  forkStep: '6. 我们的 fork = spawn(process.execPath, [...execArgv, module])，stdio 里多一项 "ipc"',
  forked: (pid: number | undefined, file: string, module: string | undefined) =>
    `   fork 出的子进程 ${pid}：${file} … ${module}`,
  messageFromChild: (message: string) => `   来自子进程的消息：${message}`,
  childClosed: (pid: number | undefined, code: number | null) =>
    `   子进程 ${pid} 已关闭，退出码 ${code}`,

  child: {
    started: (ppid: number, sendType: string) =>
      `由 fork 启动；我的父进程是 ${ppid}；process.send 的类型是 ${sendType}`,
    parentAsked: (question: string) => `父进程问：${question}`,
    answered: '已回答；关闭我这一端的 IPC 通道，这样我就能退出',
  },
};

export default zh;
