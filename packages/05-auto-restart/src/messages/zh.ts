/**
 * 第 05 阶段的中文旁白：监督者、工作进程、serve 程序和演示说的话。键与 en.ts 一一对应；
 * 名称、信号、命令、'suicide' 消息和退出码保持原样。
 */
import type { Stage05Messages } from './en.ts';

const zh: Stage05Messages = {
  // ── 监督者的事件（src/report.ts） ───────────────────────────────────────────────────
  workerName: (id, pid) => `工作进程 ${id}（pid ${pid}）`,
  bySignal: (signal) => `信号 ${signal}`,
  byCode: (code) => `退出码 ${code}`,
  bound: (host, port) => `绑定了 ${host}:${port}；主进程从不在它上面监听，所以只有工作进程接受连接`,
  forked: (worker) => `fork 出${worker}`,
  forkedReplacement: (worker, replacesPid, restart, limit, windowMs) =>
    `fork 出${worker}，替代 pid ${replacesPid}：这是每 ${windowMs} ms 允许的 ${limit} 次重启中的第 ${restart} 次`,
  forkedRolling: (worker, replacesPid) => `滚动重启：fork 出${worker}，接替 pid ${replacesPid}`,
  ready: (worker) => `${worker}已就绪`,
  suicide: (worker, reason) =>
    `${worker}报告 'suicide'（${reason}）：趁它排空的时候，马上换上替代者`,
  drain: (worker, why) => `请${worker}排空（${{ reload: '滚动重启', stop: '停止' }[why]}）`,
  drainTimeout: (worker, open) => `${worker}到了排空超时，还有 ${open} 个连接没有关闭`,
  exited: (worker, how, cause) =>
    ({
      asked: `${worker}应要求退出（${how}）`,
      suicide: `${worker}在 suicide 之后退出（${how}；替代者已经就位）`,
      suicideNotReplaced: `${worker}在 suicide 之后退出（${how}；没有替代者）`,
      unexpected: `${worker}意外退出（${how}）！`,
    })[cause],
  gaveUp: (info) =>
    `放弃了：工作进程 ${info.lastWorker.id}（pid ${info.lastWorker.pid}）在 ${info.windowMs} ms 内已重启 ${info.restarts} 次后又死了，这是限量重启允许的上限（limit ${info.limit}）。工作进程死得和重启一样快，再重启也无济于事：先修好它们报告的错误，再重新启动。`,
  reload: (workers) => `滚动重启 ${workers} 个工作进程`,
  reloaded: (replaced) => `滚动重启完成：${replaced.map((r) => `${r.from}→${r.to}`).join('、')}`,
  closed: (reason) =>
    `所有工作进程都已离开，套接字已关闭（${{ stop: '停止', giveup: '放弃' }[reason]}）`,

  // ── 信号（src/signals.ts） ─────────────────────────────────────────────────────────
  rollingRestart: (signal) => `${signal}：滚动重启，一次一个工作进程`,
  gracefulShutdown: (signal) => `${signal}：优雅退出（每个工作进程先排空，再退出）`,

  // ── 工作进程（src/worker.ts、src/graceful-death.ts） ──────────────────────────────
  accepting: (port) => `在共享的套接字 127.0.0.1:${port} 上接受连接`,
  leaving: (why, open) => `离开（${why}）：已停止接受新连接；${open} 个连接可以处理完`,
  drainTimedOut: (ms, left) => `排空超时（${ms} ms）：结束 ${left} 个一直没有关闭的连接`,
  exiting: (code, by) =>
    `exit(${code})：${by === 'clients' ? '排空完成，连接都已自行结束' : '排空超时，剩下的连接已被结束'}`,
  channelClosed: '与主进程的 IPC 通道关闭了：主进程已经不在，我们也跟着退出',
  becausePrimaryGone: '主进程已不在',
  becausePrimaryAsked: '应主进程要求',
  becauseUncaught: '未捕获异常',
  uncaught: (message, where) => `未捕获异常：${message}（${where ?? '没有调用栈'}）`,
  toldPrimaryFirst: '已经先告诉主进程（suicide）；现在排空，然后 exit(1)',
  anotherUncaught: (message) => `离开途中又出现一个未捕获异常：${message}`,

  // ── 程序（src/serve.ts） ────────────────────────────────────────────────────────────
  serving: (host, port, pids) =>
    `在 http://${host}:${port}/ 上提供服务，工作进程 ${pids.join('、')}`,
  tryCommands: (host, port, pid) =>
    `试试：curl ${host}:${port}/  ·  curl ${host}:${port}/crash  ·  kill -HUP ${pid}`,
  exitWithoutStop: 'process.exit(0)，不调用 stop()：接下来交给 exit 钩子和工作进程',

  // ── demos/main.ts ─────────────────────────────────────────────────────────────────
  tour: {
    servedBy: (pid, requests) => `pid ${pid}：${requests} 个`,
    requests: (count, servedBy, failed) =>
      `${count} 个请求（${servedBy.join('，')}），${failed} 个失败`,
    serveUntilCtrlC: (host, port) =>
      `在 http://${host}:${port}/ 上提供服务，直到按下 Ctrl-C。在另一个终端里试试：`,
    tryServedBy: (host, port) =>
      `  curl -i ${host}:${port}/              （x-served-by 指明是哪个工作进程）`,
    tryCrash: (host, port, path) =>
      `  curl ${host}:${port}${path}          （一个 bug：suicide，然后换上替代者）`,
    tryReload: (pid) => `  kill -HUP ${pid}                 （滚动重启，不停机）`,
    tryKill: (pid) =>
      `  kill -9 <某个工作进程的 pid>      （会被替换）   kill -9 ${pid}   （不留孤儿进程）`,
    oneSocketStep: '1. 一个监督者，两个工作进程共用一个套接字',
    sixRequests: (summary) => `发 6 个请求：${summary}`,
    bugStep: (path) => `2. 一个 bug：在负载下，GET ${path} 让工作进程抛出异常`,
    crashRequest: (path, ok, error) =>
      `${path} 这个请求：${ok ? '居然成功了？！' : `失败（${error}）`}`,
    meanwhile: (summary) => `同一时间的其他请求：${summary}`,
    tookThePlace: (id, pid, dyingPid) => `工作进程 ${id}（pid ${pid}）接替了 pid ${dyingPid}`,
    killStep: '3. 从外部 kill -9 一个工作进程：意外退出',
    rollingStep: '4. SIGHUP：在负载下滚动重启，一次一个工作进程',
    duringRolling: (summary) => `滚动重启期间：${summary}`,
    beforeAfter: (before, after) =>
      `之前的工作进程：${before.join('、')}  之后：${after.join('、')}`,
    crashLoopStep: '5. 崩溃循环：工作进程一启动就抛出异常，限量重启为每分钟 2 次',
    startRejected: (restarts, windowMs) =>
      `start() 被拒绝：GiveUpError，${windowMs} ms 内已重启 ${restarts} 次`,
    serveWouldExit: '如果是 serve.ts，到这一步会以状态码 1 退出，并把上面那条消息写到 stderr',
    stopStep: '6. stop()：每个工作进程排空后退出；什么也不留下',
    done: '完成。孤儿进程（egg-cluster 的 agent 问题及修复）：npx tsx packages/05-auto-restart/demos/orphans.ts',
  },

  // ── demos/orphans.ts 和它的程序 ─────────────────────────────────────────────────────
  orphans: {
    agentStep: '1. egg-cluster 的 agent 问题（a2）：只用 child_process.fork，别的什么也不做',
    fixStep: "2. 修复：IPC 通道关闭（'disconnect'）时，agent 随之离开",
    supervisorStep: '3. 监督者：kill -9 主进程；每个工作进程都自行退出',
    agentForked: (parentPid, pid, mode) =>
      `父进程 pid ${parentPid} fork 出它的 agent，pid ${pid}（${mode}）`,
    stillRunning: (pid, adoptedBy) =>
      `agent ${pid} 还在运行：它成了孤儿进程，被 pid ${adoptedBy} 收养`,
    goneUnexpectedly: (pid) => `agent ${pid} 已经不在了（这里本不该如此）`,
    byHand: (pid) => `现在再也没有什么会结束它；我们手动来：kill -9 ${pid}`,
    agentLeft: (pid) => `agent ${pid} 已经不在了：它发现通道关闭，就退出了`,
    killPrimary: (pid, workers) => `kill -9 ${pid}（工作进程 ${workers.join('、')}）`,
    workersGone: (workers) => `工作进程 ${workers.join('、')}：全部退出，没有一个成为孤儿进程`,
    nothingLeft: '没有遗留任何还在运行的进程',
    leftRunning: (left) => `仍在运行：${left}`,
    agentLeaving: '我的父进程不在了（IPC disconnect）：我也随之离开',
  },
};

export default zh;
