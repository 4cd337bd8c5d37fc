/**
 * 第 04 阶段的中文旁白：演示、服务器程序和它们的工作进程说的话。键与 en.ts 一一对应；
 * 名称、选项、信号、errno 代码、/proc 路径和命令保持原样。
 */
import { sources } from '@cluster-from-scratch/kit/platform';
import type { Stage04Messages } from './en.ts';

const zh: Stage04Messages = {
  // 表格的行标签：一个汉字占两列，补足空格后都和「工作进程 1」一样宽，各列才对得齐。
  labels: {
    primary: '主进程    ',
    worker: (id) => `工作进程 ${id}`,
    stranger: '外来进程',
  },

  // ── 服务器程序（src/serve.ts） ──────────────────────────────────────────────────────
  serving: (mode, host, port, pids) =>
    `以 ${mode} 模式在 http://${host}:${port} 上提供服务，工作进程 ${pids.join('、')}`,
  workerExited: (id, pid, how) => `工作进程 ${id}（pid ${pid}）退出了（${how}）`,
  stopping: (why) => `${why}：结束各工作进程`,
  parentChannelClosed: '与父进程的 IPC 通道已关闭',
  bye: '所有工作进程都已退出；再见',

  // ── 共享一个套接字（src/shared-socket.ts）和它的工作进程（src/worker.ts） ─────────────
  sharedListening: (host, port) => `在 ${host}:${port} 上监听：这是本次运行唯一的一次 bind()`,
  sendingHandle: (id, pid) => `把 server 句柄发给工作进程 ${id}（pid ${pid}）`,
  keepingMyCopy: '保留我自己的那份并保持打开，我也在上面提供服务',
  closedMyCopy: '关闭了我自己的那份：现在只有工作进程在 accept',
  receivedServer: (listening, port) =>
    `收到一个 net.Server（listening: ${listening}，端口 ${port}）；在它上面提供服务`,

  // ── 按连接传递（src/per-connection.ts） ─────────────────────────────────────────────
  perConnectionListening: (host, port) =>
    `在 ${host}:${port} 上监听；每个连接都由我 accept，再传给工作进程`,
  noWorkerForConnection: '没有工作进程能接手这个连接：关闭它',
  workerGone: (id, pid) => `工作进程 ${id}（pid ${pid}）已经不在了；它的轮次由其他工作进程接替`,

  // ── 端口复用（src/reuse-port.ts、reuse-port-worker.ts、reuse-port-stranger.ts） ──────
  askingToBind: (workers) =>
    `请 ${workers} 个工作进程各自在同一个端口上绑定一个套接字，都设置 SO_REUSEPORT`,
  everyWorkerOwnSocket: (host, port) =>
    `每个工作进程在 ${host}:${port} 上都有自己的套接字；我一个也不持有`,
  reuseListenFailed: (port, code) => `在端口 ${port} 上 listen 失败：${code}`,
  boundOwnSocket: (port) => `在端口 ${port} 上绑定了自己的套接字（SO_REUSEPORT）`,
  strangerFailed: (port, code) => `listen({ port: ${port}, reusePort: true }) 失败：${code}`,
  strangerListening: '在自己的套接字上监听（SO_REUSEPORT）；内核会分给我一份连接',

  // ── 卡住的工作进程（src/reuse-port-stuck.ts） ──────────────────────────────────────
  stuck: {
    stopped: (id, pid) =>
      `工作进程 ${id}（pid ${pid}）被暂停（SIGSTOP）：从现在起它什么也不会 accept`,
    clientsConnect: (connections) => `${connections} 个客户端同时连接，各发一个请求`,
    whileStuck: (otherId, answered, queued) =>
      `工作进程 ${otherId} 应答了 ${answered} 个；在卡住的工作进程自己的队列里等待的：${queued} 个`,
    staysStuck: (id, ms) => `工作进程 ${id} 再卡住 ${ms} ms（像在做一个很长的同步任务）`,
    resumed: (id) => `工作进程 ${id} 恢复运行（SIGCONT）`,
    killed: (id, queued, migrateReq) =>
      `工作进程 ${id} 被杀死（SIGKILL），它的队列里还有 ${queued} 个客户端；tcp_migrate_req=${migrateReq}`,
    waitersAnswered: (queued, stuckId, stuckMs, otherMs, otherId) =>
      `等待的 ${queued} 个客户端在工作进程 ${stuckId} 恢复运行后得到了应答；应答时间的中位数：它们是 ${stuckMs} ms，工作进程 ${otherId} 的客户端是 ${otherMs} ms`,
    resetCount: (reset, connections, answered) =>
      `被重置的客户端：${connections} 个中有 ${reset} 个；得到应答的：${answered} 个`,
  },

  // ── 两个演示都说的话 ───────────────────────────────────────────────────────────────
  requestsFailed: (failed, requests) => `${requests} 个请求中有 ${failed} 个失败`,
  done: '完成：所有服务器和工作进程都已退出',
  failed: (error) => `失败：${error}`,

  // ── demos/main.ts ─────────────────────────────────────────────────────────────────
  tour: {
    intro: (workers) => `第 04 阶段，${workers} 个工作进程：在进程间传递的是套接字，而不是流量`,
    listenEntry: (count, port, inodes) =>
      `${sources.tcpTable}：端口 ${port} 有 ${count} 个 LISTEN 条目，${sources.socketNumber === 'inode' ? 'inode' : '内核地址'} ${inodes.join('、')}`,
    fdLink: (fd, inode) => `fd ${fd} → socket:[${inode}]`,
    noDescriptor: '（没有指向它的描述符）',
    holder: (label, pid, links) => `  ${label} pid ${pid}  ${links}`,
    ownListen: (port, code) =>
      `本进程在 ${port} 上另做一次 listen()：${code}（libuv 同样给它设置了 SO_REUSEADDR；能共享，只是因为大家用的是同一个套接字）`,
    heldBy: (label, descriptors) => `${label}：${descriptors} 个`,
    heldCost: (count, parts) =>
      `${count} 个空闲的客户端连接占用的描述符，按进程计：${parts.join('，')}`,
    tableTitle: (title, requests) => `${title}：${requests} 个新连接，一个接一个`,
    // 与各行对齐：标签(10 列) pid(8) 连接数(5) 份额(28) 唤醒次数(5)。
    columns: '  进程               连接数  份额                          唤醒次数',
    wakeSummary: (woke, requests, why) =>
      `${requests} 个连接让工作进程一共醒来 ${woke} 次（每个连接 ${(woke / requests).toFixed(1)} 次）：${why}`,
    sharedStep: '── 1. 共享套接字：只 listen 一次，把句柄发给每个工作进程，再关闭我自己的那份',
    sharedTitle: '共享套接字（由内核挑选）',
    sharedWakes: '每个空闲的工作进程都被唤醒，只有一个抢到 accept()：这就是惊群',
    passingStep: '── 2. 按连接传递：主进程 accept，把每个套接字交给下一个工作进程',
    passingTitle: '按连接传递（轮询）',
    passingWakes: '工作进程只为交给它的连接醒来',
    primaryServesStep: '── 3. 主进程保留自己的那份，也一起提供服务（a1 文章里的变体）',
    primaryServesTitle: '主进程和工作进程共用一个套接字',
    comparedWith03:
      '第 03 阶段每个代理连接要花 3 个描述符（主进程 2 个，工作进程 1 个）；传递句柄只花 1 个',
    serveShared: (port) => `共享套接字：  curl -i http://127.0.0.1:${port}/`,
    servePassing: (port) => `按连接传递：  curl -i http://127.0.0.1:${port}/`,
    serveHint: '看响应头 x-served-by；按 Ctrl-C 停止',
  },

  // ── demos/reuse-port.ts ───────────────────────────────────────────────────────────
  reusePortTour: {
    freshConnections: (requests) => `${requests} 个新连接，一个接一个：`,
    // 与各行对齐：标签(13 列) pid(8) 连接数(5) 份额(28) 唤醒次数(5)。
    columns: '  进程                  连接数  份额                          唤醒次数',
    wakeUpsPerConnection: (perConnection) => `  所有进程合计，每个连接唤醒 ${perConnection} 次`,
    oldLineNeeds: (version, since) =>
      `这是 Node ${version}：listen({ reusePort: true }) 需要 ${since}，`,
    oldLineIgnored: '在这里这个选项会被悄悄忽略。两个进程都来请求它：',
    oldLineOutcome: (port, code) => `第一个得到端口 ${port}；第二个：${code}`,
    oldLineHint: '用 Node 22.12+ 运行这个演示，才能看到后面的部分',
    ownSocketsStep: (workers) => `── 1. ${workers} 个工作进程，各自在同一个端口上绑定自己的套接字`,
    listenEntries: (count, port) =>
      `${sources.tcpTable}：端口 ${port} 有 ${count} 个 LISTEN 条目，每个工作进程一个：`,
    ownSocket: (label, pid, inodes) => `  ${label} pid ${pid} → socket:[${inodes.join('、')}]`,
    noHerd:
      '每个连接只唤醒被哈希到的那一个工作进程：没有惊群（本阶段的共享套接字：每个空闲的工作进程约 1 次）',
    strangerStep: '── 2. 外来进程：一个谁也没 fork 过的进程，用 reusePort 申请同一个端口',
    strangerOutcome: (pid, code) => `外来进程（pid ${pid}）：${code}`,
    strangerTakesShare: '内核只要求同一用户 + SO_REUSEPORT：外来进程分走了它那一份客户端',
    stuckStep: '── 3. 卡住的工作进程照样分到它那一份，那些客户端只能等它',
    deathStep: '── 4. 工作进程死掉时，它自己的队列里还有客户端在等',
    namespaceDefault: '（在演示自己的网络命名空间里，tcp_migrate_req=0，即默认值）',
    namespaceMigrate: '（再来一次，在 net.ipv4.tcp_migrate_req=1 的命名空间里：宿主机不受影响）',
    asRoot: '以 root 运行时，这个演示还会在 tcp_migrate_req=1 的网络命名空间里再跑一次，',
    asRootOutcome: '在那里，排队的客户端会转到兄弟工作进程，一个也不会被重置',
  },
};

export default zh;
