/** 第 07 阶段的中文用语：演示的六个场景（demos/main.ts）、src/serve.ts 和 cluster 主机。键与 en.ts 一一对应。 */
import type { Stage07Messages } from './en.ts';

const zh: Stage07Messages = {
  demo: {
    nginxWorker: (pid) => `nginx worker ${pid}`,
    host: (address) => `主机 ${address}`,
    worker: (pid) => `工作进程 ${pid}`,
    totals: (requests, failed, jainHosts, jainWorkers, upstream) =>
      `  ${requests} 个请求，${failed} 个失败 · 各主机间的 Jain 指数 ${jainHosts}，所有工作进程间 ${jainWorkers} · ${upstream} 条上游连接`,
    starting:
      '启动 2 台主机（第 06 阶段的 cluster，各 2 个工作进程），地址 127.0.1.1 和 127.0.1.2，然后启动 nginx',
    hostStarted: (address, port, primary, workers) =>
      `主机 ${address}:${port}：主进程 ${primary}，工作进程 ${workers}`,
    nginx: (master, workers, port) =>
      `nginx master ${master}，worker ${workers}，监听 127.0.0.1:${port}`,
    configHeart: (path) => `生成的配置文件是 ${path}；它的核心部分：`,
    tryCurl: (port) =>
      `试试：curl -i 127.0.0.1:${port}/   （看 x-nginx-worker、x-upstream-addr、x-served-by）`,
    tryKill: (hangPids, hangAddress, deadPid, deadAddress) =>
      `      kill -STOP ${hangPids}（主机 ${hangAddress} 挂起；kill -CONT 恢复）· kill -9 ${deadPid}（主机 ${deadAddress} 死掉）· 按 Ctrl-C 停止`,
    stopping: '正在停止 nginx（SIGQUIT），然后停止各主机（SIGTERM）',

    scene1: '1. 两级负载均衡：200 个请求，每次 4 个并发，每个请求用一条新连接',
    noKeepaliveYet: 'nginx 还没有开启上游长连接：每个请求都是到某台主机的一条新连接',
    bothLevelsEven: [
      '第 1 级：每个 nginx worker 依次把请求发给各主机；第 2 级：每个 cluster 依次把',
      'nginx 打开的连接分给自己的工作进程。两级都很均匀。',
    ],
    nowKeepalive: '现在只有 1 个 nginx worker，并开启上游长连接（nginx -s reload），一次一个请求：',
    keepalivePins: [
      '各主机之间依然均匀（nginx 按请求均衡），但 nginx 对每台主机只用了一条连接，',
      '而 cluster 按连接均衡：每台主机只有一个工作进程接下了全部请求。',
    ],

    scene2: '2. 上游长连接，还是每个请求一条新连接：600 个请求，8 个长连接客户端',
    round: (round, mode, rate, failed, upstream, sockets, timeWait) =>
      `第 ${round} 轮，长连接 ${mode}：${rate} 请求/秒，${failed} 个失败，${upstream} 条上游连接；nginx 现在持有 ${sockets} 个到各主机的套接字，主机端口上有 ${timeWait} 个处于 TIME_WAIT`,
    keepaliveMedians: (off, on, ratio, offMin, offMax, onMin, onMax) =>
      `中位数：不用长连接 ${off} 请求/秒，用长连接 ${on} 请求/秒（×${ratio}）；最小–最大分别为 ${offMin}–${offMax} 和 ${onMin}–${onMax}：两个共享的核，所以看比值，别看绝对数字`,

    scene3: '3. 一台主机挂起：向主机 127.0.1.2 的每个进程发送 SIGSTOP',
    hangSettings:
      '1 个 nginx worker，proxy_connect_timeout 1000ms，proxy_read_timeout 1000ms，max_fails=1',
    triedThen: (upstreams, statuses, ms) =>
      `有一个请求先后尝试了 ${upstreams}（回答 ${statuses}），等了 ${ms} ms`,
    andThen: ' 然后 ',
    handshakeStillCompletes: (failed) =>
      `6 个中 ${failed} 个失败：被停住的主机，其内核仍会完成握手，`,
    onlyReadTimeoutNotices: [
      '所以 connect 成功，只有 proxy_read_timeout 才会发现；"timeout" 默认就在',
      'proxy_next_upstream 里，所以 nginx 转而去问另一台主机。客户端则在等待。',
    ],
    withoutTimeout: (failed, statuses) =>
      `改为 proxy_next_upstream error（不含 timeout）：6 个中 ${failed} 个失败（${statuses}）`,
    resumed: 'SIGCONT：这台主机又运行起来了',

    scene4: '4. 一台主机死掉：kill -9 主机 127.0.1.1 的主进程（它拥有监听套接字）',
    deadHostRetried: (failed, retried) =>
      `20 个请求：${failed} 个失败，${retried} 个重试（连接被拒绝 → 下一台主机；max_fails=1 让死掉的主机在 fail_timeout 内被排除）`,
    nextUpstreamOff: (failed) =>
      `proxy_next_upstream off：20 个中 ${failed} 个失败（nginx 发到那里的第一个）`,
    maxFailsZero: (failed) => `再加上 max_fails=0（永不排除它）：20 个中 ${failed} 个失败`,

    scene5: '5. 负载下的 nginx -s reload：上游列表从一个 cluster 换成两个第 05 阶段的监督者',
    twoSupervisors: (c, cWorkers, d, dWorkers) =>
      `主机 ${c} 工作进程 ${cWorkers} · 主机 ${d} 工作进程 ${dWorkers}`,
    defaultsBack: (address) =>
      `恢复 nginx 的默认设置，并把死掉的主机移出列表：现在所有请求都发往 ${address}`,
    reloaded: (old, fresh) =>
      `重新加载完成：nginx worker ${old} 处理完手头的请求后退出，由 ${fresh} 接替`,
    acrossTheReload: (requests, failed) => `重新加载期间共 ${requests} 个请求，${failed} 个失败`,

    scene6: '6. 负载下跨主机的滚动部署',
    hostOut: (address, nginxWorkers) =>
      `主机 ${address}：移出上游（down），nginx worker 现在是 ${nginxWorkers}`,
    hostRolled: (address, pairs) => `主机 ${address}：SIGHUP → 工作进程 ${pairs}`,
    hostBack: (address) => `主机 ${address}：回到上游`,
    duringTheDeploy: (requests, failed) =>
      `部署期间共 ${requests} 个请求，${failed} 个失败；两台主机的每个工作进程都已替换`,

    theEnd: '结束',
    nothingLeft: 'nginx 已停止（SIGQUIT），每台主机已停止（SIGTERM）；没有留下任何进程',
  },
  serve: {
    stopping: (why, hosts, engine = 'nginx') =>
      `${why}：正在停止 ${engine}，然后停止 ${hosts} 台主机`,
    parentGone: '父进程已离开',
    host: (address, port, kind, primary, workers) =>
      `主机 ${address}:${port}（${kind}）：主进程 ${primary}，工作进程 ${workers}`,
    nginx: (master, workers, port) =>
      `nginx master ${master}，worker ${workers}：http://127.0.0.1:${port}/`,
    config: (path, port) => `配置：${path}  ·  试试：curl -i 127.0.0.1:${port}/`,
    haproxy: (pid, port, balance) =>
      `haproxy ${pid}（单个进程，balance ${balance}）：http://127.0.0.1:${port}/`,
    swept: (names) => `清理了之前某次运行留下的：${names}`,
    netns: (names) => `每台主机在自己的网络命名空间里：${names}`,
    runtimeApi: (socket) =>
      `运行时 API：echo "show stat" | socat - ${socket}（或者：set server hosts/h1 state drain）`,
  },
  haproxyDemo: {
    starting:
      '启动 2 台主机（第 05 阶段的 supervisor，各 2 个工作进程），地址 127.0.1.1 和 127.0.1.2，然后启动 HAProxy',
    missing: (hint) => `这里无法演示 HAProxy：${hint}`,
    started: (pid, port, socket) =>
      `haproxy ${pid}（单个进程，内部多线程）监听 127.0.0.1:${port}；运行时 API ${socket}`,
    configHeart: (path) => `生成的配置文件是 ${path}；它的 backend 部分：`,
    scene1: '1. roundrobin：40 个请求，每次 2 个并发，每个请求一条新连接',
    perServer: (server, address, n) => `  服务器 ${server}（${address}）：${n} 个请求`,
    onePid: (pid) => `  每个响应的 x-haproxy-pid 都是 ${pid}：一个进程，一个计数器`,
    scene2: '2. 某台主机挂起（SIGSTOP）：HAProxy 自己检查每台主机，所以不用任何请求失败就能发现',
    hung: (address) => `向主机 ${address} 的每个进程发送 SIGSTOP；没有发送任何请求`,
    event: (line) => `haproxy 说：${line}`,
    whileHung: (n, failed, other) =>
      `主机挂起期间的 ${n} 个请求：${failed} 个失败，全部由 ${other} 处理`,
    resumed: (address) => `向主机 ${address} 发送 SIGCONT`,
    scene3: '3. 在负载下通过运行时 API 滚动部署：drain，等会话清空，滚动重启，ready',
    step: (what, server, address) => `${what}：${server}（${address}）`,
    stepNames: { draining: 'drain', empty: '会话已清空', rolled: '已滚动重启', ready: 'ready' },
    deployed: (n, failed) =>
      `部署期间 ${n} 个请求，${failed} 个失败；两台主机的每个工作进程都已替换`,
    scene4: '4. 主机在网络命名空间里（--netns）：各自有 198.18.0.0/15 中的地址，都监听 8080 端口',
    noNetns: (why) => `跳过：--netns ${why}`,
    netnsHosts: (list) => `主机：${list}`,
    linkDown: (address) => `到 ${address} 的链路断开：不会收到 reset，只有沉默`,
    linkUp: (address) => `到 ${address} 的链路恢复了`,
    theEnd: '结束',
    nothingLeft: 'haproxy 已停止（SIGUSR1），每台主机都已停止，每个命名空间都已删除',
  },
  stickyDemo: {
    starting:
      '启动 2 台主机（第 06 阶段的 cluster，各 2 个工作进程，每个工作进程都跑 socket.io），地址 127.0.1.1 和 127.0.1.2，然后启动 nginx',
    started: (master, port) => `nginx master ${master}，监听 127.0.0.1:${port}`,
    missing: (hint) => `这里无法演示 nginx：${hint}`,
    noDirective: '（无：轮询，nginx 的默认方式）',
    directive: (line) => `upstream 块现在写的是：${line}`,
    scene1: '1. 轮询（nginx 的默认方式）：一个客户端，6 个请求，每个请求用一条新连接',
    moves: (client, hosts) => `客户端 ${client} → ${hosts}：它在主机之间来回换`,
    scene2: '2. ip_hash：4 个客户端分属 4 个不同的 /24 网段，各发 6 个请求',
    stays: (client, hosts, n) => `  客户端 ${client} → ${hosts} ×${n}`,
    eachOnOne: (used) => `每个客户端都固定在一台主机上；2 台主机中用到了 ${used} 台`,
    scene3: '3. 8 个客户端同在一个 /24 网段（127.0.0.2 … 127.0.0.9），各发 6 个请求',
    perHost: (rule, counts) => `${rule}：各主机上的客户端数 ${counts}`,
    octets:
      'ip_hash 只对前三个八位组做哈希：在 nginx 看来这 8 个是同一个客户端（就像同一个 NAT 后面的一间办公室）',
    wholeAddress: '`hash $remote_addr consistent` 对整个地址做哈希：每个客户端都固定，而且分散开了',
    scene4:
      '4. hash $cookie_io consistent：同一地址上的 4 个 io cookie，然后是一个还没有 cookie 的客户端',
    noCookie: (hosts) =>
      `还没有 cookie → ${hosts}：空的键不参与哈希，nginx 按轮询分配（socket.io 握手时还没有 io cookie）`,
    scene5: (clients, rounds, impl) =>
      `5. socket.io：${clients} 个客户端（各自来自一个 /24 网段），每个通过长轮询往返 ${rounds} 次；主机运行在 ${impl} 上`,
    hostsNow: (what) => `现在的主机：${what}`,
    hostsPlain: '每个 cluster 按轮询分配连接（普通方式）',
    hostsSticky: '每台主机的主进程里装了 @socket.io/sticky（按 sid= 路由）',
    hostsIphash: '仿写版，NODE_CLUSTER_SCHED_POLICY=iphash',
    sessions: (balance, keepalive, completed, clients, workers) =>
      `  nginx ${balance}，keepalive ${keepalive}：${clients} 个会话中完成了 ${completed} 个 · 各工作进程的会话数 ${workers}`,
    whyA: '(a) 同一个会话的请求落到了两台主机上',
    whyB: '(b) 每个客户端固定在一台主机上，但在主机内部，nginx 的连接被分给了两个工作进程',
    whyC: '(c) 每台主机里都有 @socket.io/sticky：由会话 id 选定工作进程',
    upstreamClosed: (n) =>
      `……而长连接不起作用：keepalive 16 时 20 个请求用了 ${n} 条上游连接，因为 sticky 的工作进程回答 "Connection: close"`,
    whyD: '(d) 每台主机用仿写版的 iphash：每台主机都对它的客户端地址做哈希',
    oneWorkerPerHost: (workers) =>
      `全部完成，但只用了 4 个工作进程中的 ${workers} 个：在 nginx 后面，主机看到的唯一客户端地址是 nginx 的 127.0.0.1`,
    theEnd: '结束',
    nothingLeft: 'nginx 已停止（SIGQUIT），每台主机已停止（SIGTERM）；没有留下任何进程',
  },
  clusterHost: {
    ready: (workers, pids, address, port) =>
      `${workers} 个工作进程（${pids}）在 ${address}:${port}`,
    workerDied: (pid, how) => `工作进程 pid ${pid} 死了（${how}），不会替换`,
    stopping: (why) => `${why}：正在停止`,
    parentGone: '父进程已离开',
    serving: '正在提供服务',
  },
};

export default zh;
