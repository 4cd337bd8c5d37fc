/** 第 06 阶段演示的中文旁白：demos/main.ts、serve.ts 和 reuse-port-exit.ts。键与 en.ts 一一对应。 */
import type { Stage06Messages } from './en.ts';

const zh: Stage06Messages = {
  main: {
    policyRoundRobin: '轮询（SCHED_RR）',
    policyShared: '共享套接字（SCHED_NONE）',
    forking: (policy, workers) => `我们仿写的 cluster，策略为${policy}；fork ${workers} 个工作进程`,
    fork: (id, pid) => `fork:      工作进程 ${id} 的 pid 是 ${pid}`,
    online: (id) => `online:    工作进程 ${id} 已运行（它发来了 {act:'online'}）`,
    listening: (id, port) => `listening: 工作进程 ${id} 请求端口 0，得到 ${port}（主进程的套接字）`,
    disconnect: (id) => `disconnect: 工作进程 ${id} 的 IPC 通道已关闭`,
    exit: (id, code, signal, exitedAfterDisconnect) =>
      `exit:      工作进程 ${id}（code ${code}，signal ${signal}，exitedAfterDisconnect ${exitedAfterDisconnect}）`,
    whoHoldsTheSocket: (port, pids) =>
      `谁持有端口 ${port} 上的 LISTEN 套接字？pid ${pids}（只有主进程）`,
    tryCurl: (port) => `试试：curl -s http://127.0.0.1:${port}/   （每个新连接交给下一个工作进程）`,
    ctrlCToStop: '按 Ctrl-C 停止',
    stopping: '正在停止：cluster.disconnect() 先关闭每个 server，再关闭每条通道',
    everyWorkerExited: '所有工作进程都已退出；再见',
    servedBy: (n, id, pid) => `请求 ${n}：新连接 → 由工作进程 ${id}（pid ${pid}）处理`,
    killing: (id) => `用 SIGKILL 杀死工作进程 ${id}（它对此无能为力）`,
    onlyOneLeft: (id) => `只剩工作进程 ${id}，所以它接下所有连接；现在调用 cluster.disconnect()`,
    demoEnds: '所有工作进程都已离开；演示结束',
    serving: (method, url) => `处理 ${method} ${url}（主进程交给我的连接）`,
    listenDone: 'listen(0) 完成：我自己不持有套接字，由主进程替我监听',
    primaryDecides: (signal) => `${signal}：什么时候停由我的主进程决定`,
  },
  serve: {
    ready: (impl, policy, workers, port) =>
      `${impl} cluster，策略 ${policy}：${workers} 个工作进程在 http://127.0.0.1:${port}/`,
    workerDied: (id, how) => `工作进程 ${id} 死了（${how}）`,
    stopping: (why, workers) => `${why}：正在停止 ${workers} 个工作进程`,
    parentGone: '父进程已离开',
    servingHelloWorld: '正在提供 hello-world 应用',
  },
  reusePortExit: {
    needsNode: (since, here) => `SCHED_REUSEPORT 需要 Node ${since}；当前是 ${here}`,
    migrateReqHere: (value) => `本机的 net.ipv4.tcp_migrate_req：${value}`,
    round: (migrate, how, round, requests, failed, codes) =>
      `tcp_migrate_req=${migrate} ${how} 第 ${round} 轮：${requests} 个请求，${failed} 个没有得到回答（${codes}）`,
    lostPerExit: (migrate, how, min, median, max) =>
      `tcp_migrate_req=${migrate} ${how} 每次退出丢失：最少 ${min}，中位数 ${median}，最多 ${max}`,
  },
};

export default zh;
