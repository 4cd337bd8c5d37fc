/**
 * 第 03 阶段的中文旁白：演示、代理程序和它的工作进程说的话。键与 en.ts 一一对应；
 * 名称、选项、信号、errno 代码和命令保持原样。
 */
import { sources } from '@cluster-from-scratch/kit/platform';
import type { Stage03Messages } from './en.ts';

const zh: Stage03Messages = {
  // ── 代理的事件（src/narrate-proxy.ts） ──────────────────────────────────────────────
  bySignal: (signal) => `信号 ${signal}`,
  byCode: (code) => `退出码 ${code}`,
  workerJoined: (id, pid, port) =>
    `工作进程 ${id}（pid ${pid}）通过 IPC 报告了端口 ${port}；它加入轮询`,
  workerReplaces: (id, pid, replaces, port) =>
    `工作进程 ${id}（pid ${pid}）替代工作进程 ${replaces}：端口 ${port}，已加入轮询`,
  workerEnded: (id, pid, how) => `工作进程 ${id}（pid ${pid}）已结束（${how}）`,
  workerDiedReplacing: (id, pid, how) =>
    `工作进程 ${id}（pid ${pid}）退出了（${how}）：移出轮询，fork 一个替代者`,
  workerDiedNaive: (id, pid, how, port) =>
    `工作进程 ${id}（pid ${pid}）退出了（${how}）；这个天真的代理仍把端口 ${port} 留在列表里`,
  connectRefused: (clientPort, id, port, code) =>
    `客户端 :${clientPort}：连接工作进程 ${id}（端口 ${port}）失败（${code}）；改试下一个工作进程`,
  clientDropped: (clientPort, error) => `客户端 :${clientPort} 的连接被丢弃：${error}`,
  replaceFailed: (id, error) => `无法替代工作进程 ${id}：${error}`,
  forwarded: (clientPort, id, pid, port) =>
    `客户端 :${clientPort} → 工作进程 ${id}（pid ${pid}，端口 ${port}）`,

  // ── 代理程序（src/serve.ts）和它的工作进程 ───────────────────────────────────────────
  forkingWorkers: (naive, workers) =>
    `${naive ? '天真的' : '健壮的'}代理：fork ${workers} 个工作进程`,
  proxyServing: (host, port, pids) =>
    `在 ${host}:${port} 上监听；客户端按轮询分给 pid ${pids.join('、')}`,
  couldNotStart: (error) => `无法启动：${error}`,
  launcherDisconnected: '启动者断开了 IPC 通道',
  shuttingDown: (reason, workers) => `${reason}：关闭公共端口，结束 ${workers} 个工作进程`,
  allExitedExiting: '所有工作进程都已退出；以退出码 0 退出',
  workerListening: (port) => `在 127.0.0.1:${port} 上监听（listen(0)：端口由内核选定）`,
  childListening: (port) => `在 127.0.0.1:${port} 上监听`,
  childListenFailed: (code) => `listen 失败：${code}；报告给主进程，然后以退出码 1 退出`,

  // ── demos/main.ts --serve ───────────────────────────────────────────────────────────
  serve: {
    listening: (port, pids) => `代理在 127.0.0.1:${port} 上监听，工作进程 ${pids.join('、')}`,
    tryCurl: (port) => `试试：  for i in 1 2 3 4; do curl -s http://127.0.0.1:${port}/; done`,
    eachConnection: '每个新连接交给下一个工作进程；长连接（keep-alive）则一直留在同一个工作进程上',
    ctrlC: '按 Ctrl-C 停止',
    stopping: (signal, workers) => `${signal}：关闭公共端口，结束 ${workers} 个工作进程`,
    bye: '所有工作进程都已退出；再见',
  },

  // ── demos/main.ts，导览 ─────────────────────────────────────────────────────────────
  tour: {
    onePortStep: '1. fork 两个子进程，它们都在同一个端口上监听',
    childListens: (id, pid, port) => `子进程 ${id}（pid ${pid}）在 127.0.0.1:${port} 上监听`,
    childRefused: (id, pid, askedPort, code, exitCode) =>
      `子进程 ${id}（pid ${pid}）无法在 :${askedPort} 上监听：${code ?? '崩溃了'}；它通过 IPC 告诉了我，然后以退出码 ${exitCode} 退出`,
    onePortOneSocket:
      '一个端口只有一个监听套接字：Node 会设置 SO_REUSEADDR，但要让彼此独立的套接字共用一个端口，每个套接字都必须设置 SO_REUSEPORT',
    reusePortHere: (version, since) =>
      `这是 Node ${version}：如果两个子进程都用 listen({ port, reusePort: true })，就会设置 SO_REUSEPORT，两个都能监听，这个选项在 ${since}中都有；普通的 listen(port) 仍然失败，如上所示`,
    noReusePortHere: (version, since) =>
      `这是 Node ${version}：它还没有 reusePort 选项，这个选项在 ${since}中才有，所以没有办法让两个独立的套接字共用这个端口`,
    proxyStep: '2. 启动一个带 3 个工作进程的代理主进程；从这里开始，本进程扮演客户端',
    nobody: '无人',
    workerPid: (pid, id) => `pid ${pid}（工作进程 ${id}）`,
    sixRequests: (port) => `向公共端口 ${port} 发 6 个请求，每个都用新连接：`,
    requestAnswered: (i, who) => `  请求 ${i} 的应答来自 ${who}`,
    requestFailed: (i, error) => `  请求 ${i} 无人应答：${error}`,
    costStep: (primary, workers) =>
      `3. ${sources.fds} 中的 TCP 套接字：主进程 ${primary} 个，工作进程 ${workers.join(' + ')} 个（各自的监听套接字）`,
    withIdleClients: (clients, primary, primaryAdded, workers, workersAdded) =>
      `有 ${clients} 个空闲客户端时：主进程 ${primary} 个（+${primaryAdded}，每个客户端两个），工作进程 ${workers.join(' + ')} 个（+${workersAdded}，每个客户端一个）`,
    clientsGone: (primary, workers) =>
      `客户端都断开后：主进程回到 ${primary} 个，工作进程回到 ${workers.join(' + ')} 个；没有遗留打开的上游连接`,
    killStep: (who) => `4. 发 40 个请求，每次 2 个并发；收到第 10 个应答后，用 SIGKILL 杀掉 ${who}`,
    servedCount: (who, requests) => `${who}：${requests} 个`,
    underLoad: (answered, failed, perWorker) =>
      `${answered} 个得到应答，${failed} 个失败${failed ? '（被杀的工作进程死时正在处理它们）' : ''}。${perWorker.join('；')}`,
    replacement: (who) => `替代者是 ${who}；再发 4 个请求：`,
    shutdownStep: (pid) => `5. 向主进程（pid ${pid}）发送 SIGTERM`,
    primaryExited: (code, signal, survivors) =>
      `主进程退出，退出码 ${code}${signal ? `（信号 ${signal}）` : ''}；仍然活着的工作进程：${survivors.length === 0 ? '没有' : survivors.join('、')}`,
  },

  // ── demos/dead-worker.ts ────────────────────────────────────────────────────────────
  deadWorker: {
    design: (resilient) => `── ${resilient ? '健壮的' : '天真的'}代理，2 个工作进程 ──`,
    kill: (port, id, pid) => `公共端口 ${port}；向工作进程 ${id}（pid ${pid}）发送 SIGKILL`,
    answered: (i, pid) => `  请求 ${i}：由 pid ${pid} 应答`,
    failed: (i, error) => `  请求 ${i}：失败（${error}）`,
    summary: (ok, upstreams) =>
      `6 个请求中 ${ok} 个得到应答；现在的上游列表：${upstreams.map((p) => `:${p}`).join('、')}`,
    done: '完成',
  },

  // ── demos/fd-cost.ts ────────────────────────────────────────────────────────────────
  fdCost: {
    usage: '用法：fd-cost.ts [N ...]   （0 到 5000 的整数）',
    proxyStarted: (pid, w1, w2) =>
      `代理 pid ${pid}，工作进程 ${w1} 和 ${w2}；各自持有的 TCP 套接字（读自 ${sources.fds}）：`,
    // 与下面各行对齐（一个汉字占两列）：N(6) 主进程(11) 全部(9) 工作进程(11)。
    columns: '     N   主进程 TCP  (全部 fd)  工作进程TCP   每个客户端让主进程多占',
    stopped: '代理已停止',
  },
};

export default zh;
