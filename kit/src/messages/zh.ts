/**
 * 工具包的中文用语：导览、练习命令、演示运行器、各阶段标题和旁白里的角色名。键与 en.ts 一一对应。
 * 术语以 docs/zh/glossary.md 为准；标识符、API 名、错误码、信号名、命令和数值一律不译。
 */
import type { KitMessages } from './en.ts';

const zh: KitMessages = {
  roles: {
    primary: '主进程',
    worker: '工作进程',
    client: '客户端',
    child: '子进程',
    parent: '父进程',
    supervisor: '监督者',
    demo: '演示',
    stranger: '外来进程',
    agent: 'agent 进程',
    host: '主机',
    front: '前端',
    lab: '实验页',
  },

  stages: {
    '01-spawn-exec': {
      title: 'spawn、exec、execFile 与 fork',
      goal: '启动子进程的每一种方式最终都归结为 spawn；我们在它之上重建 exec、execFile 和 fork',
    },
    '02-fork-ipc': {
      title: 'fork 与 IPC 通道',
      goal: 'IPC 通道是一个 Unix 域套接字；我们在它之上搭建请求/响应',
    },
    '03-proxy-ports': {
      title: '一个端口，代理给多个进程',
      goal: '两个监听者抢同一个端口会失败；由主进程代理可行，但每个连接要花两个文件描述符',
    },
    '04-handle-passing': {
      title: '句柄传递',
      goal: '发送监听套接字，而不是转发流量：一个套接字，多个接受者，以及惊群',
    },
    '05-auto-restart': {
      title: '自动重启',
      goal: '一个监督者：替换死掉的工作进程，遇到崩溃循环就放弃，不留下孤儿进程',
    },
    '06-round-robin-cluster': {
      title: '克隆 node:cluster',
      goal: '与 node:cluster 相同的 API 和事件，支持轮询与共享句柄两种调度',
    },
    '07-beyond-one-machine': {
      title: '走出单机',
      goal: '真实的 nginx 挡在多台主机前，每台主机是一个 cluster：两级负载均衡、keep-alive、故障与滚动发布',
    },
    '08-threads-one-port': {
      title: '线程共用一个端口',
      goal: '用工作线程代替进程：为什么句柄不能 postMessage 给线程；N 个线程用 reusePort（或代理）共用一个端口；一个监督者；以及你放弃了哪些隔离',
    },
  },

  tour: {
    heading:
      'cluster-from-scratch：八个阶段，从 spawn() 到克隆 node:cluster，再到 nginx 挡在多台主机前，以及同一端口上的工作线程',
    ready: '可运行',
    coming: '待完成',
    run: (command: string) => `运行：${command}`,
    footer: '练习：npm run workshop    测试：npm test    全部演示：npm run demos',
    whichStage: '运行哪个阶段？（输入编号，直接回车退出）',
    noStage: (name: string, valid: string) => `没有阶段“${name}”。可用的名字：\n  ${valid}`,
    notBuilt: (slug: string, ready: string) => `阶段 ${slug} 还没有完成。可运行的阶段：${ready}`,
    starting: (slug: string, title: string) => `▶ 阶段 ${slug}：${title}`,
    leftRunning: (pid: number, cmdline: string) =>
      `演示留下了仍在运行的进程：pid ${pid} ${cmdline}`,
  },

  workshop: {
    noExercise: (id: string, valid: string) => `没有练习“${id}”。可用的编号：\n  ${valid}`,
    nameOne: (valid: string) => `请指明一个练习。可用的编号：\n  ${valid}`,
    states: {
      'not started': '未开始',
      failing: '未通过',
      passing: '已通过',
    },
    tableHeader: '| 练习 | 状态 | 标题 | 文件 |',
    passCount: (passing: number, total: number) => `${total} 个练习中有 ${passing} 个通过。`,
    couldNotRestore: (file: string, why: string) => `无法恢复 ${file}：${why}`,
    resetDone: (id: string, file: string) => `${id}：${file} 已恢复为提交时的样子。`,
    keptIn: (path: string) => `你的版本保存在 ${path}`,
    listHeading: '练习列表',
    edit: (file: string) => `编辑 ${file}`,
    next: (id: string, title: string) => `下一个：${id} — ${title}`,
    allPass: '所有练习都通过了，干得好。',
    commands: [
      '命令：',
      '  npm run workshop -- --watch   下一个练习，每次保存都重新检查',
      '  npm run verify -- <id>        测试你的文件',
      '  npm run hint -- <id>          提示',
      '  npm run solution -- <id>      用同一份规格测试 src/ 里的参考答案',
      '  npm run reset -- <id>         恢复起始文件',
    ].join('\n'),
    verifying: (id: string, file: string) => `正在用 ${file} 检验 ${id}`,
    passes: (id: string) => `✔ ${id} 通过。`,
    notYet: (id: string) => `✘ ${id} 还没有通过。卡住了？npm run hint -- ${id}`,
    runningSolution: (id: string, file: string) => `正在用 ${id} 的规格测试 ${file}`,
    hintFor: (id: string, title: string) => `${id}（${title}）的提示：`,
    unknownCommand: (command: string) =>
      `未知命令“${command}”。可用：list [--watch|--summary]、verify <id>、solution <id>、hint <id>、reset <id>`,
  },

  watch: {
    hintLine: (id: string) => `提示：npm run hint -- ${id}   （Ctrl-C 退出）`,
    timedOut: (id: string, seconds: number) =>
      `✘ ${id}：规格在 ${seconds} 秒内没有跑完，已被停止：你的代码是不是在等一个永远不会来的东西？`,
    failed: (id: string, why: string) => `✘ ${id}：${why}`,
    didNotRun: '规格没有运行（文件能编译吗？）',
    waitingForSave: (file: string) => `等你保存 ${file} ……`,
    saved: (id: string) => `已保存：正在运行 ${id} 的规格`,
    passesOnward: (id: string) => `✔ ${id} 通过 — 进入下一个练习`,
  },

  exerciseCheck: {
    line: (verdict: string, id: string, starter: string, solution: string, title: string) =>
      `  ${verdict} ${id.padEnd(5)} 起始文件 ${starter.padEnd(7)} 参考答案 ${solution.padEnd(7)} ${title}`,
    skipped: (ids: string) =>
      `  已跳过 ${ids}：它们的规格在这台机器上跳过了全部测试（原因见各自的输出）`,
    total: (passed: number, failed: number, skipped: number) =>
      `练习：${passed} 个通过，${failed} 个失败，${skipped} 个跳过`,
  },

  demos: {
    usage:
      '用法：npm run demos -- [--lang en|zh] [--stage N ...] [--timeout 秒数]   （阶段 1 到 7）',
    badStage: (name: string, valid: string) =>
      `--stage ${name}：没有这个阶段。可用的名字：\n  ${valid}`,
    running: (name: string, language: string) => `▶ ${name}（${language}）`,
    header: '| 演示 | 语言 | 退出 | 秒 | 行数 | 旁白行 | 中文行 | 结论 |',
    ok: '通过',
    failed: '失败',
    timedOut: (seconds: number) => `${seconds} 秒内没有结束，已被停止`,
    exitedWith: (status: string) => `退出状态 ${status}`,
    printedUndefined: (line: string) => `打印了一个没有填上的值：${line}`,
    tooLittleChinese: (inChinese: number, narrated: number) =>
      `${narrated} 行旁白中只有 ${inChinese} 行是中文`,
    notYetTranslated: (inChinese: number, narrated: number) =>
      `${narrated} 行旁白中有 ${inChinese} 行是中文（还没有 messages/zh.ts：只报告，不判失败）`,
    leftRunning: (pid: number, cmdline: string) => `仍在运行：pid ${pid} ${cmdline}`,
    summary: (passed: number, total: number, seconds: number) =>
      `${total} 个演示中有 ${passed} 个通过，用时 ${seconds} 秒`,
    stopping: '正在停止所有演示',
  },
  nodeSince: {
    onLine: (first, major) => `${first}（${major}.x）`,
    onLineAndLater: (first, major) => `${first}（${major}.x）以及之后的所有版本线`,
    separator: '、',
  },
};

export default zh;
