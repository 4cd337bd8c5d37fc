/** 阶段 02 演示的中文旁白。键与 en.ts 一一对应；数值、代码、错误码和消息内容原样保留。 */
import { sources } from '@cluster-from-scratch/kit/platform';
import type { Stage02DemoMessages } from './en.ts';

const zh: Stage02DemoMessages = {
  primary: {
    forking: '正在 fork demos/child.ts',
    forked: (pid: number | undefined) => `已 fork 出工作进程 1，pid ${pid}`,
    myEndOfChannel: (fd: number, link: string, type: unknown, state: unknown) =>
      `我这一端的 IPC 通道：fd ${fd} → ${link}（${type}，${state}）`,
    handlingWhoami: '正在为工作进程处理 whoami',
    gotUserMessage: (message: string) => `收到一条用户消息：${message}`,
    addAnswered: (sum: number) => `请求 add(2, 3) → ${sum}`,
    divideRejected: (why: string) => `请求 divide(1, 0) 被拒绝 → ${why}`,
    slowTimedOut: (why: string) => `请求 slow（超时 300 ms）→ ${why}`,
    disconnected: (connected: boolean) => `'disconnect' 已触发；child.connected = ${connected}`,
    workRejected: (why: string) => `请求 work → ${why}`,
    sendAfterDisconnect: (returned: boolean, code: unknown) =>
      `断开后再 send，返回 ${returned}；它的回调收到 ${code}`,
    userMessagesCounted: (count: number) =>
      `有 ${count} 条用户消息到达 'message'；RPC 信封一条也没有`,
    workerExited: (code: number | null) => `工作进程 1 已退出（退出码 ${code}）；完成`,
    rpcError: (name: string, message: string, code: unknown, remoteName: string | undefined) =>
      `${name}: ${message}（code ${code}${remoteName ? `，在子进程中以 ${remoteName} 抛出` : ''}）`,
  },

  worker: {
    channelFd: (fd: number, stillInEnv: boolean) =>
      `NODE_CHANNEL_FD=${fd}（读自 ${sources.ownEnvironment}；Node 已把它从 process.env 删掉：'NODE_CHANNEL_FD' in process.env 为 ${stillInEnv}）`,
    channelIsSocket: (
      fd: number,
      link: string,
      type: unknown,
      state: unknown,
      listening: unknown,
    ) =>
      `fd ${fd} → ${link}：${type}，${state}，listening=${listening} —— 是 Unix 域套接字，不是管道`,
    handlingAdd: (a: number, b: number) => `正在处理 add(${a}, ${b})`,
    handlingDivide: (a: number, b: number) => `正在处理 divide(${a}, ${b})`,
    handlingSlow: '正在处理 slow：慢慢来（永远不回答）',
    handlingWorkThenDisconnect: '正在处理 work……并在回答之前断开连接',
    gotUserMessage: (message: string) => `收到一条用户消息：${message}`,
    askedWhoami: (pid: number) => `通过 RPC 问主进程 whoami：pid ${pid}`,
    disconnected: (connected: boolean) =>
      `'disconnect' 已触发；process.connected = ${connected}；没有东西让我继续活着，退出`,
    ready: '处理函数已挂好；告诉主进程我准备好了（一条普通消息）',
  },

  serialization: {
    forkingReceivers: "先 fork 一个 serialization 为 'json' 的接收者，再 fork 一个 'advanced' 的",
    readmeRewritten: 'README.md 里的表格已重写',
  },
};

export default zh;
