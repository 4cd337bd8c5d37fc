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
  reloadLosses: {
    intro: (node, rounds) =>
      `Node ${node}：共 ${rounds} 轮；每一轮在顺序负载下把每个参与者的 2 个工作进程各重载一次`,
    pm2Node: 'pm2 reload，node:cluster',
    pm2Clone: 'pm2 reload，我们仿写的 cluster',
    pm2NodeClosing: 'pm2 reload，node:cluster，应用收到 SIGINT 时关闭 server',
    pm2CloneClosing: 'pm2 reload，我们仿写的 cluster，应用收到 SIGINT 时关闭 server',
    stage05: '第 05 阶段的 reload()',
    round: (round, name, lost, sent, how) =>
      `第 ${round} 轮，${name}：${sent} 个请求中丢失 ${lost} 个（${how}）`,
    none: '无',
    heading: '每轮的 丢失/发送，最后是总计：',
    badRounds: (value) => `--rounds 必须是 1 到 20 之间的整数，收到的是 ${value}`,
  },
  pm2: {
    impl: { node: 'Node 自带的 cluster（node:cluster）', clone: '我们仿写的 cluster' },
    intro: (version, impl) =>
      `PM2 ${version}，cluster 模式，运行在${impl}上：PM2_HOME 是一个自己的临时目录`,
    registerEntry: (entry) =>
      `NODE_OPTIONS="--require ${entry}"：pm2 命令把它传给自己派生的守护进程，cluster.fork() 再把它传给每个工作进程`,
    started: (daemon, title) =>
      `pm2 start app.cjs -i 2 已经退出；留下运行的是 PM2 的守护进程，pid ${daemon}（"${title}"），已脱离（detached）`,
    worker: (pid, parent, mark) =>
      `工作进程 pid ${pid}：pid ${parent} 的子进程，由 cluster.fork() 创建（它的环境变量里有 ${mark}）`,
    workerTrace: (pid) =>
      `工作进程 ${pid} 发给守护进程的消息（它的 NODE_DEBUG=cfs-06 记录，在 PM2 的日志文件里）：online、queryServer、listening，然后每个连接一个 ack`,
    daemonTrace: (pid) =>
      `守护进程 ${pid} 的回复：queryServer 的应答，然后是带着连接套接字的 newconn`,
    traceLine: (line) => `    ${line}`,
    holder: (port, pids) =>
      `谁持有端口 ${port} 上的 LISTEN 套接字？pid ${pids}：PM2 的守护进程就是 cluster 的主进程，工作进程一个也不持有`,
    served: (n, pid) => `请求 ${n}：新连接 → 由工作进程 pid ${pid} 处理`,
    reloading: 'pm2 reload app，同时一个客户端每次只发一个请求，每个请求都用新连接',
    reloadSteps:
      "PM2 做了什么（摘自它的日志；每个工作进程：fork 一个新的，等它的 'listening'，再向旧的发 SIGINT）：",
    lost: (impl, lost, sent, how) =>
      `${impl}：pm2 reload 在 ${sent} 个请求中丢失了 ${lost} 个（${how}）`,
    none: '无',
    sigkill: (pid) =>
      `kill -9 ${pid}：守护进程收到 cluster 关于这个工作进程的 'exit'，fork 一个替代者`,
    replaced: (pid, by) => `工作进程 ${pid} 由 pid ${by} 替代，它开始处理请求`,
    killing: 'pm2 kill：守护进程停止它的工作进程，然后退出',
    nothingLeft: (port) => `这个 PM2_HOME 下没有剩下任何进程，端口 ${port} 上没有 LISTEN 套接字`,
    sameOnNode: '在 Node 自带的 cluster 上（不加注册入口），同样的负载下做同样的 reload：',
    why: '为什么会丢请求：替代者一开始监听，PM2 就向旧工作进程发 SIGINT；守护进程刚交给它的连接（newconn 已发出，还没有 ack）留在守护进程里，没有人回答它',
    stage05:
      '第 05 阶段则是排空（drain）：旧工作进程停止接受新连接，队列留在共享的套接字里：npx tsx packages/06-round-robin-cluster/demos/reload-losses.ts',
    done: '演示结束；所有 PM2 进程都已退出',
  },
};

export default zh;
