/**
 * 第 08 阶段的中文旁白。键与 en.ts 一一对应；名称、错误码、命令和退出码保持原样。
 */
import type { Messages } from './en.ts';

const zh: Messages = {
  serve: {
    serving: (host, port, strategy, names) =>
      `在 http://${host}:${port}/ 提供服务：这一个进程里有 ${names.length} 个线程（${strategy}）：${names.join('、')}`,
    tryIt: (host, port) => `试试：curl -i ${host}:${port}/   （x-served-by：<pid>.<threadId>）`,
    fork: (id, replaces) =>
      replaces ? `创建了工作线程 ${id}，替换 ${replaces}` : `创建了工作线程 ${id}`,
    online: (id, name) => `工作线程 ${id}（${name}）已上线（online）`,
    listening: (id, name, port, ms) =>
      `工作线程 ${id}（${name}）在端口 ${port} 上监听，距创建 ${ms.toFixed(0)} ms`,
    exit: (id, name, code, error) =>
      `工作线程 ${id}（${name}）退出，退出码 ${code}${error ? `（${error}）` : ''}`,
    listenError: (id, code) =>
      `工作线程 ${id} 无法监听：${code}——这个 Node 忽略 reusePort；试试 --strategy proxy`,
    giveup: (restarts, limit, windowMs) =>
      `放弃：${windowMs} ms 内已重启 ${restarts} 次，达到预算上限（limit ${limit}）`,
    stopping: '停止：每个线程先关闭自己的 server，然后结束',
  },
  demo: {
    title: '第 08 阶段：同一端口上的工作线程，以及它们共享了什么',
    wall: '── 1. 墙：能把正在监听的套接字 postMessage 给工作线程吗？',
    attempt: (call) => `尝试：${call}`,
    refused: (name, code, message) => `  被拒绝：${name}（code ${code}）：${message}`,
    moved: (accepted, stillListening) =>
      `  已转移：线程${accepted ? '接受了下一个连接' : '没有接受连接'}；发送方的 server ${stillListening ? '仍在监听' : '已不再监听'}`,
    wallWhy:
      '原因：child.send(msg, server) 通过 IPC 套接字上的 SCM_RIGHTS 消息传递描述符，由内核复制到另一个进程。线程本来就共享描述符；过不去的是 libuv 句柄，它属于某一个事件循环。',
    wallLine: (has, since) =>
      has
        ? `这个 Node 能把列在 transferList 里的监听 server 转移给线程（${since}）`
        : `这个 Node 拒绝所有句柄；把 server 转移给线程始于 ${since}`,
    reusePort: (workers) => `── 2. ${workers} 个线程，一个端口：每个线程都用 reusePort 监听`,
    noReusePort: (since) =>
      `这个 Node 没有 reusePort（${since}）：该选项被忽略，第二个线程得到 EADDRINUSE`,
    listenFailed: (code) => `  第二个线程：${code}`,
    proxy: (workers) =>
      `── 2b. 在每个版本线上都能用的办法：${workers} 个线程各自监听自己的端口，由主线程转发（第 03 阶段的代理）`,
    served: (total, failed, per) => `  ${total} 个新连接，失败 ${failed} 个：${per}`,
    samePid: (pid) => `  所有响应都来自 pid ${pid}：一个进程，多个线程`,
    isolation: '── 3. 一个线程能拖垮什么',
    crashed: (what, code, error, others) =>
      `  ${what}：线程退出，退出码 ${code}${error ? `（${error}）` : ''}；其余 ${others} 个线程仍在服务，进程还活着`,
    replaced: (id) => `  监督者创建了工作线程 ${id} 来替换它（在预算允许时）`,
    startingChild: (pid) => `以子进程启动了 serve.ts（pid ${pid}）：本演示进程必须活过接下来的事`,
    whole: (what, signal) => `  ${what}：整个进程结束了（${signal}），所有线程随之结束`,
    done: '完成：线程共享一个进程；堆上限各自一份；遇到 abort() 或信号时同生共死',
  },
};

export default zh;
