/**
 * The Chinese side of the claim tables: a short Chinese paraphrase of every claim (claimZh) and,
 * for the dated / wrong / loose ones, what Node 20 does (todayZh). CLAIMS.md itself is English.
 * A claim missing here falls back to the English text, marked （英文原文）; docs/test checks
 * that none is missing.
 */
export type Lang = 'en' | 'zh';

export const articleMeta: Record<string, { title: string; en: string; zh: string }> = {
  a1: {
    title: 'Node.js的进程管理',
    en: 'From spawn/exec/execFile/fork to a proxy, handle passing, the thundering herd and a walk through the cluster source.',
    zh: '从 spawn/exec/execFile/fork 讲到代理、句柄传递、惊群，再到 cluster 源码走读。',
  },
  a2: {
    title: '解答 Nodejs Cluster 使用中的几点疑问',
    en: "Questions about cluster: who listens on the port, how workers talk, RR vs shared socket, and egg-cluster's agent.",
    zh: '关于 cluster 的几个疑问：谁在监听端口、进程之间如何通信、轮询与共享套接字，以及 egg-cluster 的 agent。',
  },
  a3: {
    title: '多进程 & Node.js 实现',
    en: 'Process models, master-worker with fork, IPC, handle passing, auto-restart and the cluster events.',
    zh: '进程模型、用 fork 实现 master-worker、IPC、句柄传递、自动重启以及 cluster 的事件。',
  },
  a4: {
    title: '深入浅出Node.js 多进程章节笔记',
    en: 'Notes on a book chapter: the IPC channel, proxy vs handle passing, signals, auto-restart and restart limits.',
    zh: '读书笔记：IPC 通道、代理与句柄传递、信号、自动重启与限量重启。',
  },
  a5: {
    title: 'Cluster机制剖析1——进程的复制',
    en: "Node v0.10's cluster: isMaster/isWorker, Worker creation, setupMaster settings and the 'fork'/'setup' events.",
    zh: 'Node v0.10 的 cluster：isMaster/isWorker、Worker 的创建、setupMaster 的设置以及 fork/setup 事件。',
  },
};

export const claimZh: Record<string, string> = {
  'a1-01': 'JS 在单线程上运行，但进程里还有别的线程（例如做 I/O 的）',
  'a1-02': '一个 Node 进程只能用一个 CPU，要用多核就得开多个进程',
  'a1-03': '未捕获的异常会让整个程序退出',
  'a1-04': 'child_process 有四个创建子进程的方法',
  'a1-05': 'ChildProcess 是 EventEmitter，事件有 `discount`、error、close、message',
  'a1-06': '子进程有 stdin/stdout/stderr 流，可以实时输入输出',
  'a1-07': 'spawn 基于 libuv 的 uv_spawn 实现（process_wrap.cc）',
  'a1-08': "'close' 监听器会收到退出码",
  'a1-09': 'exec 最终调用 execFile',
  'a1-10': '两者唯一的区别是 exec 默认 options.shell 为 true',
  'a1-11': 'execFile 最终调用 spawn',
  'a1-12': 'exec 会缓冲输出，并以 UTF-8 字符串交给回调',
  'a1-13': '输出超过缓冲上限时子进程会被杀死',
  'a1-14': 'maxBuffer 默认为 200*1024',
  'a1-15': 'fork 就是 shell 为 false 的 spawn(options.execPath, args)',
  'a1-16': 'fork 启动一个带独立 V8 实例的新 Node.js 进程，因此需要一个 JS 模块',
  'a1-17': "fork 会建立 IPC 通道，用 process.send / process.on('message') 通信",
  'a1-18': 'IPC 由 libuv 实现：*nix 上是 Unix 域套接字，Windows 上是命名管道',
  'a1-19': '父子进程之间可以交换对象（计数器示例）',
  'a1-20': '四个方法都复用 spawn，而 spawn 驱动 libuv',
  'a1-21': '两个 fork 出来的子进程监听同一端口 → Error: listen EADDRINUSE',
  'a1-22': '代理：主进程在 :80 上把请求转发给 8000/8001 上的工作进程并做负载均衡',
  'a1-23': 'Linux 默认的打开文件描述符上限是 1024',
  'a1-24': '每个被代理的连接占用两个 fd：客户端一个，通往工作进程一个',
  'a1-25': 'Node 的 IPC 可以发送句柄，从而省下这些 fd',
  'a1-26': "主进程监听后把 server 句柄发出去；子进程在它上面监听 'connection'",
  'a1-27': '父进程或任何一个子进程都可能应答，谁先抢到连接就是谁',
  'a1-28': '惊群（thundering herd）：每个连接到来时所有等待的进程都被唤醒，只有一个能抢到',
  'a1-29': 'Windows 上总是最后 fork 的子进程抢到句柄',
  'a1-30': '带 keepalive 的 nginx upstream 可以避免惊群',
  'a1-31': '在 nginx 之后，已经挂掉的 Node upstream 还会继续收到请求',
  'a1-32': 'cluster 用 child_process.fork 创建工作进程',
  'a1-33': 'cluster 让工作进程共用一个端口，并自己做负载均衡',
  'a1-34': '用 cluster.isMaster 区分主进程和工作进程',
  'a1-35': '按 os.cpus().length 的数量 fork 工作进程',
  'a1-36': 'cluster.fork 运行的是当前文件',
  'a1-37': 'child_process.fork 的第一个参数是 process.argv.slice(2)',
  'a1-38': "主进程在 worker.process 上监听 'internalMessage'",
  'a1-39':
    'fork 会调用 setupMaster；settings = {args, exec, execArgv, silent:false, …settings, …options}',
  'a1-40': 'http.Server 继承自 net.Server',
  'a1-41': 'listen(port) 经由 listenInCluster，addressType 为 4',
  'a1-42': '在主进程中 listenInCluster 直接通过 _listen2 绑定（工作进程从不这样做）',
  'a1-43': '在工作进程中它调用 cluster._getServer，把返回的句柄设为 server._handle',
  'a1-44': '_listen2 就是 setupListenHandle，它调用 _handle.listen(backlog 或 511)',
  'a1-45': "_getServer 向主进程发送 {act:'queryServer', index, data:null, …options}",
  'a1-46': 'rr() 返回一个假句柄，其 listen() 返回 0，所以工作进程从不绑定端口',
  'a1-47': '假句柄是 {close, listen, ref: noop, unref: noop}，按 key 保存',
  'a1-48':
    "cluster 的消息带 cmd 'NODE_CLUSTER'；凡以 NODE_ 开头的 cmd 都进 'internalMessage' 而不是 'message'",
  'a1-49': 'sendHelper 在断开时返回 false，会加上 seq 并保存 ack 回调',
  'a1-50': '主进程根据 message.act 行事（online、queryServer……）',
  'a1-51': 'queryServer 的 key 是 address:port:addressType:fd:index',
  'a1-52': '对新的 key，主进程创建一个 RoundRobinHandle，由它监听端口',
  'a1-53': 'RoundRobinHandle 把 handle.onconnection 指向 distribute',
  'a1-54': 'distribute 把连接放入队列，交给第一个空闲的工作进程',
  'a1-55':
    "handoff 带着句柄发送 {act:'newconn', key}；被接受则主进程关闭自己的副本，否则转发给别人",
  'a1-56':
    '当 argv[1] 和 NODE_UNIQUE_ID 都存在时，lib/internal/bootstrap/node.js 调用 _setupWorker，随后删除该变量',
  'a1-57': "工作进程处理 'newconn' → onconnection，'disconnect' → _disconnect",
  'a1-58':
    'onconnection 在 server 的 key 存在时接受连接、回 ack，再调用 server.onconnection(0, handle)',
  'a1-59': '工作进程把句柄包装成 net.Socket，HTTP 照常处理',
  'a2-01': 'PM2 的集群模式（exec_mode + instances）建立在 Node cluster 之上',
  'a2-02': 'egg-cluster 用 Node cluster 启动工作进程',
  'a2-03': '两种设计：每个实例一个端口、前面放反向代理；或者多个进程共用一个端口，由主进程分发',
  'a2-04': 'Node 的 cluster 采用第二种设计',
  'a2-05': 'lsof 显示只有主进程在监听 8000',
  'a2-06': '工作进程是主进程的子进程（ps 的 ppid）',
  'a2-07': 'cluster.fork 使用 child_process.fork',
  'a2-08': '主进程绑定一个套接字，通过 IPC 把这个 Socket 发给工作进程',
  'a2-09': "fork 示例：主进程发出 server；工作进程把 'connection' 转交给一个 http server",
  'a2-10': 'sendHandle 可以是 TCP 套接字、TCP 服务器、UDP 套接字……',
  'a2-11': '端口只绑定一次；之后由主进程把新连接分给各工作进程',
  'a2-12': 'Node 的 IPC 是管道（pipe），和 shell 的管道符一样',
  'a2-13': '管道只连接有亲缘关系的进程，由 fork 传下去；文中还说它“本身也是一个进程”',
  'a2-14': 'Node 使用无状态的轮询，轮流分发连接',
  'a2-15': '耗时长的请求会让轮询不均衡',
  'a2-16': '加权轮询（文中称 “SSR”）让更强的服务器分到更多',
  'a2-17': '除 Windows 外，所有平台默认都是轮询',
  'a2-18': '共享套接字（Shared Socket）把选择哪个进程的工作交给内核',
  'a2-19': 'RR = cluster.SCHED_RR，环境变量取值 rr，数值 2',
  'a2-20': 'SS = cluster.SCHED_NONE，环境变量取值 none，数值 1',
  'a2-21': '要在 cluster.fork() 之前设置 cluster.schedulingPolicy',
  'a2-22': '环境变量的有效值是 “rr” 和 “node”',
  'a2-23': 'Egg 启动：agent 用 child_process.fork，worker 用 cluster，然后向两者发送 “egg ready”',
  'a2-24': '主进程死掉后，cluster 的工作进程会自行退出',
  'a2-25':
    'child_process.fork 出来的子进程（agent）比主进程活得久，成为被 init 收养的孤儿进程（orphan process）',
  'a2-26': 'Egg 让 agent 优雅退出',
  'a3-01': 'C10k 指千万级的并发',
  'a3-02': '每个 CPU 启动一个进程，最好一个进程独占一个 CPU',
  'a3-03': 'child_process.fork(modulePath) 启动一个运行该模块的新 Node 进程',
  'a3-04': '每个工作进程随机选一个端口：parseInt(Math.random()*10000)',
  'a3-05': 'ps 中每个 CPU 对应一个 `node ./worker.js` 进程',
  'a3-06': 'fork 出的子进程通过 WebWorker API 与主进程通信',
  'a3-07': "一问一答：工作进程调用 process.send(字符串)，主进程用 worker.send('ok') 回复",
  'a3-08':
    '每个工作进程都用同一个固定端口 → 来自 setupListenHandle / listenInCluster / Server.listen（net.js）的 `Error: listen EADDRINUSE :::9527`',
  'a3-09': '主进程在 :80 上代理到各自端口上的工作进程，就不会冲突',
  'a3-10': '每个连接占用一个 fd；代理要两个，fd 用量翻倍',
  'a3-11': '句柄是一个包含 fd 的引用',
  'a3-12': '主进程可以直接发送已接受的套接字，不必再建一个通往工作进程的套接字',
  'a3-13': '主进程把 tcp server 发给每个工作进程，然后关闭自己的',
  'a3-14': 'Node 每次 listen 都设置 SO_REUSEADDR，所以不同进程可以监听同一端口',
  'a3-15': '分别启动的服务器 listenfd 不同，所以失败；传递过去的那个则可以',
  'a3-16': '共用一个套接字时，每个请求只有一个进程拿到',
  'a3-17': "工作进程 'exit' 时主进程重新 fork，并再次发送 server",
  'a3-18': "主进程在 process.on('exit') 中杀掉工作进程",
  'a3-19': '快速上手示例用 cluster.isMaster 分支',
  'a3-20': "工作进程的 IPC 通道关闭后触发 'disconnect'",
  'a3-21': "任何工作进程死掉时触发 'exit'",
  'a3-22': "工作进程被 fork 时触发 'fork'",
  'a3-23': "工作进程调用 listen() 后，主进程上触发 'listening'",
  'a3-24': "主进程收到任一工作进程的消息时触发 'message'",
  'a3-25': "收到工作进程的 online 消息时触发 'online'",
  'a3-26': "调用 .setupMaster() 时触发 'setup'",
  'a4-01': '用户代码在单线程上运行；未捕获的异常会让进程退出',
  'a4-02': '用 execFile 运行的 .js 文件必须以 `#!/usr/bin/env node` 开头',
  'a4-03': "fork 出的父子进程用 send 和 'message' 交换消息",
  'a4-04': 'libuv 在 Windows 上用命名管道，在 *nix 上用 Unix 域套接字',
  'a4-05': '父进程在创建子进程之前先创建通道并在上面监听',
  'a4-06': '子进程从环境变量 NODE_CHANNEL_FD 得知 fd 并去连接',
  'a4-07': '通道是双向的，以流（stream）对象的形式暴露',
  'a4-08': '只有 Node 子进程会使用这个通道，除非别的程序也遵守约定',
  'a4-09': 'fork 出的子进程监听同一端口（8888）会失败',
  'a4-10': '经由主进程代理，每个连接浪费两个 fd',
  'a4-11': '句柄可以是服务器套接字、客户端套接字、UDP 套接字、管道',
  'a4-12': '主进程发送 tcp server 后关闭自己的；子进程监听该端口',
  'a4-13': '分别启动的进程套接字 fd 不同，所以监听失败',
  'a4-14': 'Node 对每个端口都设置 SO_REUSEADDR，所以不同进程可以监听同一网卡和端口',
  'a4-15': 'IPC 真正发送的是套接字的 fd，所以所有进程用的是同一个套接字',
  'a4-16': '同一时刻只有一个进程能拿到连接（先到先得）',
  'a4-17': '`kill -l` 的信号表（SIGEMT、SIGINFO、SIGUSR1=30 ……）',
  'a4-18': "进程可以监听信号，例如 process.on('SIGTERM')",
  'a4-19': "父进程监听 'exit' 并 fork 新的子进程",
  'a4-20': '主进程保留自己的 server（为了再次发送），因此它也在接受连接',
  'a4-21': '发生 uncaughtException 时，工作进程停止接受新连接，等已有连接结束后退出',
  'a4-22': '这个等待大约需要 60 秒',
  'a4-23': "先发送 {act:'suicide'}，让主进程在旧工作进程退出前就 fork 出替代者",
  'a4-24': "如果最近 10 次重启都发生在 60 秒内，就停止重启并触发 'giveup'",
  'a4-25': '示例代码触发 giveup 时带上重启次数',
  'a4-26': '默认是先到先得；CPU 繁忙的进程抢到的连接更少',
  'a4-27': 'cluster 使用轮询',
  'a4-28': 'cluster 是 child_process 与 net 的组合',
  'a5-01': '单个 Node 实例运行在单线程上；要用多核就用 cluster',
  'a5-02': 'fork() 让子进程复制父进程的数据、堆和栈；Node 通过 libuv 封装它',
  'a5-03': 'libuv 为 unix、linux 和 windows 封装了 fork',
  'a5-04': 'cluster 的工作进程由 child_process.fork 创建',
  'a5-05': '简单地循环调用 fork(path, {env}) 就能得到多个进程',
  'a5-06': '主进程和工作进程运行同一份代码，是因为子进程是内存的副本',
  'a5-07': 'cluster 是继承自 EventEmitter 的 Cluster 类的实例',
  'a5-08': 'isWorker = 环境变量中存在 NODE_UNIQUE_ID；isMaster = !isWorker',
  'a5-09':
    'fork 的选项：cwd、env、encoding（utf8）、execPath、execArgv（默认 process.execArgv）、silent（false）',
  'a5-10': 'silent:true 时子进程的 stdio 通过管道接到父进程；false 时继承',
  'a5-11': 'cluster 把 env 传给 fork，并在其中加入 NODE_UNIQUE_ID',
  'a5-12': '复制出的 env 先设 NODE_UNIQUE_ID = id，再由 customEnv 扩展（也可以覆盖它）',
  'a5-13': '工作进程 fork 时只传了 env、silent 和 execArgv',
  'a5-14': '启动时（src/node.js）看到 NODE_UNIQUE_ID 就调用 _setupWorker()，随后删除该变量',
  'a5-15': '删除 NODE_UNIQUE_ID 后，工作进程可以继续充当主进程去 fork',
  'a5-16': "主进程 fork numCPUs 个工作进程，并记录 'exit'（worker, code, signal）",
  'a5-17': 'cluster.fork 断言自己是主进程，调用 setupMaster，返回 new Worker(env)',
  'a5-18': 'id 由 ++ids 产生，从 1 开始',
  'a5-19': '旧的别名 workerID 和 uniqueID',
  'a5-20': "新工作进程的状态是 'none'",
  'a5-21': '主进程把工作进程记录在 cluster.workers[id] 中',
  'a5-22': "'fork' 在下一个 tick 触发；Worker 上没有 'fork' 事件",
  'a5-23':
    "进程的 'exit' 被转成 worker 的 'exit' 和 cluster 的 'exit'（code, signal）；状态变为 dead",
  'a5-24': "'disconnect' 被转发；状态变为 'disconnected'",
  'a5-25': "进程的 'message' 和 'error' 被转发给 Worker",
  'a5-26': 'setupMaster 只运行一次（masterStarted 标志）',
  'a5-27': '带 --prof 且没有 --logfile 时，会加上 --logfile=v8-%p.log',
  'a5-28':
    'settings = {exec: argv[1], execArgv, args: argv.slice(2), silent: false}；默认入口就是当前文件',
  'a5-29': "随后（同步地、不带参数）触发 'setup'",
};

export const todayZh: Record<string, string> = {
  'a1-02':
    '多进程只是办法之一：worker_threads 可以在其他核上运行 JS（启动一个 Worker 后进程有 12 个线程）；libuv 线程池和 V8 的 GC 线程也会用到其他核',
  'a1-04': '导出的有七个：spawn、exec、execFile、fork，外加 spawnSync、execSync、execFileSync',
  'a1-05':
    "'discount' 是 'disconnect' 的笔误；还漏了 'exit' 和 'spawn'（v15.1+）。观察到的顺序：ls → spawn、exit(0,null)、close(0,null)；程序不存在 → error(ENOENT)、close；fork 的子进程 → spawn、message、disconnect、exit、close",
  'a1-14': '从 v12.0.0 起默认是 1024*1024：204 801 和 1 048 576 字节都能通过，1 048 577 字节失败',
  'a1-23':
    '1024 只是常见的 shell 软限制；Node 启动时会把 RLIMIT_NOFILE 软限制提到硬限制：shell 软限制 1024 → node 看到 20000/20000',
  'a1-31':
    '未实际运行。据 nginx 文档：proxy_next_upstream（默认 “error timeout”）会重试下一台，max_fails=1 / fail_timeout=10s 会把失败的那台暂时摘掉',
  'a1-34':
    '仍然存在（=== isPrimary），运行时不报警告（即使加 --pending-deprecation），但自 v16.0.0 起在文档中弃用 → 用 isPrimary',
  'a1-35': '现在的文档用 os.availableParallelism()（v18.14+）计数；在这台机器上两者都是 2',
  'a1-37':
    '它是第二个参数（args）；第一个是 settings.exec。以 `foo bar` 运行时 settings.args 为 ["foo","bar"]',
  'a1-39':
    '现在叫 setupPrimary（setupMaster 是同一个函数）。默认值不变：{"args":[],"exec":"<script>","execArgv":[],"silent":false}；第一次 fork 之前 settings 是 {}',
  'a1-42':
    '判断条件是 isPrimary 或 exclusive：工作进程调用 listen({exclusive:true}) 时会自己绑定套接字（第二个 exclusive 的工作进程得到 EADDRINUSE；主进程没有 LISTEN 的 fd）',
  'a1-47':
    'ref() 和 unref() 现在会启动和清除一个让工作进程保持存活的 setInterval(noop, TIMEOUT_MAX)；getsockname（仅 TCP）返回主进程的地址；仍按 key 存放在 Map 中',
  'a1-52':
    '只在 SCHED_RR 且为 TCP 时如此。SCHED_NONE 或 UDP → SharedHandle：主进程绑定后把监听句柄发出去，主进程和两个工作进程持有同一个 inode',
  'a1-56':
    '逻辑相同，现在位于 lib/internal/process/pre_execution.js 的 initializeClusterIPC()。工作进程看到的 NODE_UNIQUE_ID 是 undefined；`NODE_UNIQUE_ID=1 node -e` → isWorker 为 true，cluster.worker 为 null',
  'a1-58':
    '达到 server.maxConnections 后它也会拒收，由主进程转给别人：w1（maxConnections 1）在 6 个保持的连接中拿到 1 个，w2 拿到 5 个，一个都没丢',
  'a2-01':
    '键名是 exec_mode，不是 “exec_model”。PM2 的 lib/God/ClusterMode.js 调用 cluster.fork（读了源码，未运行 PM2）',
  'a2-08':
    '默认的 RR 模式下监听套接字从不离开主进程：发送的是每个已接受的连接（newconn + 句柄）。只有 SCHED_NONE 才发送监听句柄',
  'a2-09':
    "主进程的 server 没有 'connection' 监听器却仍会接受连接：30 个连接中有 8 个没有回应。主进程发送之后必须关闭 server，或者自己也处理连接",
  'a2-12':
    '它是 AF_UNIX SOCK_STREAM 的 socketpair：两端都是 socket:[inode]，一个 fd 双向传输，ss 显示 u_str ESTAB。shell 管道是 pipe:[inode]，而且是单向的。“pipe” 这个词来自 libuv 的 uv_pipe_t',
  'a2-13':
    '确实是在 spawn 时传下去的：子进程再 spawn 的孙进程没有 NODE_CHANNEL_FD，fd 3 上也没有套接字。但通道是内核里的套接字，不是进程',
  'a2-14':
    'Node 选择下一个空闲的工作进程：条件相同的工作进程严格交替（w2 w1 w2 w1……），但还没对上一次 handoff 回 ack 的工作进程会被跳过（繁忙的工作进程 20 个里只拿到 1 个）',
  'a2-16':
    '通常的名字是 WRR；Node cluster 没有权重设置（settings：args、exec、execArgv、silent 以及 fork 的选项）',
  'a2-22': '取值是 none。node（以及 NONE）会被悄悄忽略 → 在 Linux 上得到 2',
  'a2-25':
    "只有当某样东西让它的事件循环保持存活时才会这样：有定时器的子进程继续存活，ppid 变为 1；只有 'message' 监听器的子进程在通道关闭后退出；在 'disconnect' 时退出的子进程也退出了",
  'a3-01': 'C10k 指 10 000 个并发连接（一个定义，无需运行）',
  'a3-04':
    '0–9999 的范围包括 0（由系统挑选）、1–1023（特权端口，非 root 得到 EACCES）以及冲突（EADDRINUSE）。listen(0) 得到 37125，范围 32768–60999',
  'a3-06':
    "是 Node 的 IPC：process.send 和 'message'（typeof process.send 为 'function'）。process.postMessage 是 undefined；postMessage 属于 worker_threads",
  'a3-08':
    '现在的信息是 `listen EADDRINUSE: address already in use :::41801`；栈帧形如 `node:net:1908:16`（带 node: 前缀）；函数名不变',
  'a3-14':
    'libuv 确实会设置它（strace：bind 之前 setsockopt(SO_REUSEADDR) = 0），但在 Linux 上这并不允许第二个监听者：独立的 node 进程得到 EADDRINUSE，Python 中两个都设了 SO_REUSEADDR 的套接字得到 errno 98。那需要 SO_REUSEPORT，而 Node 20 从不设置（它的 reusePort 选项被忽略）',
  'a3-15': '共享的是套接字，不是 fd 编号：主进程的 fd 21 和子进程的 fd 19 指向同一个 inode',
  'a3-18':
    "'exit' 只在正常退出时运行。收到 SIGTERM 且没有处理函数时，工作进程继续存活，ppid 变为 1；有调用 process.exit() 的 SIGTERM 处理函数时它会运行，工作进程随之退出；SIGKILL 时永远不会运行",
  'a3-19': '用 isPrimary（isMaster 自 v16.0.0 起在文档中弃用）',
  'a3-26':
    "现在是 setupPrimary（setupMaster 是别名）。在下一个 tick 带着 settings 触发，每次调用一次，包括每次 cluster.fork 内部隐含的那次调用（2 次 fork → 2 次 'setup'）",
  'a4-02':
    '只有当 .js 文件本身就是要执行的程序时才需要。有 shebang 且有执行位 → 能运行；没有 shebang → 由 /bin/sh 运行（语法错误，退出码 2）；没有执行位 → EACCES；execFile(process.execPath, [file]) 两者都不需要',
  'a4-05':
    '没有谁在监听：spawn 之前就建好了一对已连接的 socketpair（/proc/net/unix 的 flags 为 0，state 03；ss 显示 u_str ESTAB，没有 LISTEN）。子进程继承其中一端',
  'a4-07':
    '确实是双向的，但 process.channel 是一个 `Control`（EventEmitter）；instanceof Stream 为 false',
  'a4-13': '区别在于同一个套接字还是不同的套接字，不在于 fd 编号（fd 21 和 fd 19，同一个 inode）',
  'a4-14': '见 a3-14：SO_REUSEADDR 设置了，但第二个独立的监听者仍然得到 EADDRINUSE',
  'a4-17':
    '那是 macOS/BSD 的信号表。Linux 上：SIGUSR1 10、SIGUSR2 12、SIGCHLD 17、SIGBUS 7、SIGSYS 31；os.constants.signals 中没有 SIGEMT 和 SIGINFO',
  'a4-22':
    '没有固定的 60 秒。空闲的 keep-alive 套接字由 http 的 keepAliveTimeout（5000 ms）关闭 → 回调在约 6000 ms 时到来；http.Server.close() 会自己关掉空闲的 keep-alive 套接字（2 ms，v19+）。默认值：keepAliveTimeout 5000、headersTimeout 60000、requestTimeout 300000',
  'a4-25': '计数变量只存在于辅助函数内部，在外面使用会抛出 ReferenceError: length is not defined',
  'a5-01': '见 a1-02（worker_threads；每个进程有 7 个以上线程）',
  'a5-02':
    '对 child_process.fork 而言：libuv 调用 clone() 后立即 execve() 执行 node（strace），父进程 JS 堆中的东西一点都不会保留：父进程设置的全局变量在子进程中是 undefined',
  'a5-03': 'Linux：clone() + execve()。Windows 没有 fork（libuv 使用 CreateProcess）；这里无法验证',
  'a5-06':
    '它们运行同一份代码，是因为 settings.exec 默认是 process.argv[1]，工作进程从头再运行一遍。顶层的 Math.random()：主进程 0.0860，工作进程 0.1714 和 0.2203',
  'a5-07':
    "它就是一个普通的 new EventEmitter()（constructor.name 为 'EventEmitter'），在主进程和工作进程中是不同的对象（internal/cluster/primary 与 child）",
  'a5-09':
    'Node 20 的选项：cwd、detached、env、execPath、execArgv、gid、serialization、signal、killSignal、silent、stdio、uid、windowsVerbatimArguments、timeout；没有 encoding。execArgv 的默认值仍然成立（--no-warnings 被继承）',
  'a5-12':
    "现在是 {…process.env, …env, NODE_UNIQUE_ID: id}，所以 id 优先：fork({NODE_UNIQUE_ID:'99'}) 仍然得到 id 为 2 的工作进程",
  'a5-13':
    'Node 20 传入 cwd、env、serialization、silent、windowsHide、execArgv（+ --inspect-port）、stdio、gid、uid',
  'a5-14':
    '现在是 lib/internal/process/pre_execution.js 中的 initializeClusterIPC()，它还需要 process.argv[1]；观察到变量被删除',
  'a5-15':
    '在工作进程中 cluster.fork 和 setupPrimary 都是 undefined。只有工作进程用 child_process 启动的子进程才是主进程（isPrimary 为 true，fork 是函数）',
  'a5-17':
    '它只存在于主进程中（工作进程里是 undefined）；它调用 setupPrimary()、createWorkerProcess() 以及 new Worker({id, process})',
  'a5-19': '两者都是 undefined',
  'a5-26':
    'setupPrimary 可以反复调用：每次调用都合并到 cluster.settings，影响之后的 fork（第三次调用改了 exec、args 和 silent）。只有调度策略在第一次调用时固定',
  'a5-29':
    '在 process.nextTick 中带着 settings 对象触发：3 次调用时同步运行的监听器为 0 个，一个 tick 之后运行了 3 次',
};
