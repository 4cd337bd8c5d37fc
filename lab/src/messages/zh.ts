/**
 * 实验室的中文用语。键与 en.ts 一一对应；page 部分以 JSON 发给浏览器，所以是字符串，
 * {name} 处由 app.js 填入数值。
 */
import type { LabMessages } from './en.ts';

/** 日志里的 worker：进程写 pid，线程（阶段 08）写 `<pid>.<threadId>`。 */
const who = (worker: number | string) =>
  typeof worker === 'string' ? `工作线程 ${worker}` : `工作进程 pid ${worker}`;

const zh: LabMessages = {
  page: {
    title: 'cluster-from-scratch · 实验室',
    theLab: '· 实验室',
    tagline: '实时观察：每个连接由哪个进程 accept，又由哪个工作进程处理。',
    connecting: '正在连接…',
    live: '● 实时',
    disconnected: '连接已断开：实验室还在运行吗？',

    server: '服务器',
    mode: '模式',
    workers: '工作进程',
    startServer: '启动服务器',
    restartServer: '重启服务器',
    switchServer: '切换',
    stop: '停止',
    cannotRunHere: '{label}（在这里无法运行）',
    modeRuns: '{explain} —— 运行 {script}',
    modeCannot: '{explain} —— {note}',
    runningOn: '正在运行 {label}，地址 127.0.0.1:{port}',
    failedWith: '失败：{error}',
    serverStatus: {
      stopped: '已停止',
      starting: '正在启动',
      running: '运行中',
      stopping: '正在停止',
      failed: '失败',
    },

    load: '负载',
    kind: '类型',
    loadFresh: '每个请求一条新连接',
    loadKeepAlive: '长连接，N 条',
    loadBrowser: '浏览器：一条长连接',
    inFlight: '并发数',
    connections: '连接数',
    for: '持续',
    seconds: '秒',
    atMost: '最多',
    requestsUnit: '个请求',
    startLoad: '开始负载',
    stopLoad: '停止负载',
    explainFresh: '每个请求都新开一条 TCP 连接：每个请求都要重新决定由谁来 accept。',
    explainKeepAlive:
      'N 条连接，每条承载许多请求：一条连接上的每个请求都交给 accept 了它的那个工作进程。',
    explainBrowser:
      '就像一个浏览器标签页：一条长连接，所以不管调度策略如何，都由同一个工作进程处理全部请求。',
    loadStatus: {
      idle: '空闲',
      running: '运行中',
      done: '已完成',
      stopped: '已停止',
    },
    loadRunning: '运行中：{elapsed} 秒 / 共 {total} 秒',
    loadEnded: '{status}，用时 {elapsed} 秒',

    workersLegend: '工作进程',
    kill: '杀死一个工作进程',
    killTitle: '用 SIGKILL 杀死一个工作进程',
    rollingRestart: '滚动重启',
    restartTitle: '向第 05 阶段的监督者发送 SIGHUP',
    restartSupervised: '向监督者发送 SIGHUP：它逐个替换工作进程',
    restartUnsupervised: '只有第 05 阶段的监督者能做滚动重启',

    clients: '客户端',
    noLoad: '没有负载',
    clientsFresh: '每次新连接，{connections} 个并发 · {status}',
    clientsBrowser: '浏览器：1 条长连接 · {status}',
    clientsKeepAlive: '{connections} 条长连接 · {status}',
    primary: '主进程',
    mainThread: '主线程',
    thread: '线程 {id}',
    threadsProcess:
      '进程 pid {pid} · {threads} 个工作线程，共用一块内存：抛出异常的线程只结束它自己；进程崩溃则全部结束',
    pid: 'pid {pid}',
    noServer: '没有服务器',
    starting: '正在启动…',
    acceptedSoFar: '：至今 {accepted} 个',
    servedItself: ' · 自己处理了 {served} 个',
    listeningSocket: '监听套接字',
    listeningSockets: '监听套接字，每个工作进程一个',
    socketPerWorker:
      '每个工作进程一个，在同一个端口上（SO_REUSEPORT）：内核把每个连接放到某个工作进程的套接字上，只唤醒那一个工作进程',
    socketShared: '由所有工作进程共享：内核唤醒它们，每个连接由其中一个抢到',
    socketPrimaryOnly: '只有主进程从它上面 accept',
    front: '前面的 nginx',
    frontPids: 'master {master} · 工作进程 {workers}',
    socketFront:
      'nginx 的：由它的工作进程 accept；后面每台主机还有自己的监听套接字，只由那台主机的主进程 accept',
    host: '主机 {address}:{port}',
    hostPrimary: '它的主进程：pid {pid}，把 nginx 的连接分给自己的工作进程',
    legendFront: 'nginx 在前面时，点从 nginx 先到某台主机，再到这台主机集群里的某个工作进程。',

    worker: '工作进程 {id}',
    workerState: {
      starting: '启动中',
      up: '运行中',
      draining: '排空中',
      exited: '已退出',
    },
    workerNumbers: '{connections} 连接 · {requests} 请求 · {share}%',
    hookAccepted: 'accept 了 {n} 个',
    hookServed: '处理了 {n} 个',
    hookSays: 'lab hook：{what}',
    replaces: '替换 {pid}',
    exitedHow: '已退出：{how}',
    replacedBy: '被 {pid} 替换',
    exitHow: {
      gone: '消失了',
      'SIGKILL from the page': '从页面发出的 SIGKILL',
      'its primary died': '它的主进程死了',
      'server stopped': '服务器已停止',
      'reported by the hook': 'lab hook 报告',
    },

    legendDot: '每个点是一个新连接：',
    legendViaPrimary: '由主进程 accept，再交给某个工作进程 ·',
    legendDirect:
      '由工作进程直接从监听套接字上 accept（共享的那个，或者用 reusePort 时它自己的）。',
    legendCounted: '连接数和请求数由客户端统计，依据每个响应的',
    legendHeader: '头部。',

    requestsServed: '已处理请求',
    connectionsMade: '连接',
    failedRequests: '失败请求',
    perSecond: '请求 / 秒',
    jainFairness: 'Jain 公平性',
    busiestIdlest: '最忙 / 最闲',
    oneGotNone: '∞（有一个得到 0）',
    failuresByReason: '失败的请求，按原因：{reasons}',

    barsCaption: '每个工作进程的请求数和连接数',
    jainCaption: '存活工作进程的 Jain 公平性指数（1 = 完全均匀，1/N = 一个工作进程拿到了全部）',
    barRequests: '请求',
    barConnections: '连接',
    overWholeLoad: '整个负载期间',
    overLast2s: '最近 2 秒',
    secondsIntoLoad: '负载开始后的秒数',
    jainIndex: 'Jain 指数',

    loadLongLived: '长时间保持的连接：客户端分波连上并保持',
    explainLongLived:
      '每波 N 个客户端连上后一直保持连接（像 WebSocket 那样），各用自己的 127.0.0.x 源地址；第二波之前，第一波里每三个挂断一个。杀死一个工作进程：它的客户端断开，等服务端补上一个工作进程后，再从原地址重连。',
    clientsPerWave: '每波客户端',
    clientsLongLived: '{clients} 个客户端保持着 {open} 条连接（{what}）· {phase} · {status}',
    heldHolds: { websocket: 'WebSocket', 'keep-alive': 'keep-alive HTTP' },
    heldPhase: {
      wave1: '第一波',
      leave: '部分挂断',
      wave2: '第二波',
      holding: '保持中',
      ended: '已结束',
    },
    heldCaption:
      '每个工作进程打开的连接（长时间保持的连接）：工作进程死掉时它的曲线下跌，看它的客户端重连到哪里',
    openConnections: '打开的连接',
    heldNow: '现在：各工作进程打开 {perWorker} 条，Jain {jain}',
    heldKill:
      '工作进程 {worker} 在第 {at} 秒失去了它的连接。之前：各工作进程打开 {before} 条，Jain {jainBefore}。断开 {dropped} 条，重连回来 {back} 条（{toNew} 条到新工作进程，{lost} 条连不上）',
    heldAfter: '。之后：各工作进程打开 {after} 条，Jain {jainAfter}',
    heldWaiting: '。{waiting} 个客户端在等服务端补上工作进程',
    heldInBox: '保持着 {n} 条连接',

    whatHappened: '发生了什么',
    serverSays: '服务器说',
    ownNarration: '（它自己的旁白）',
    labHook: 'Lab hook',
    noHookEvents: '（没有事件：这个阶段还没有调用 labEvent）',
    hookEvent: '{kind}，来自 {pid}',
    hookToWorker: ' → 工作进程 {worker}',
    hookRequestsServed: '已处理请求：{counts}',
  },

  loads: {
    bound: (seconds, requests) => `最长 ${seconds} 秒或 ${requests} 个请求`,
    browser: (bound) => `浏览器（一条长连接），${bound}`,
    fresh: (connections, bound) => `每个请求一条新连接，每次 ${connections} 个并发，${bound}`,
    keepAlive: (connections, bound) => `${connections} 条长连接，${bound}`,
    longLived: (wave, seconds) =>
      `长时间保持的连接：每波 ${wave} 个客户端连上并保持，最长 ${seconds} 秒`,
  },

  log: {
    starting: (label, workers, program) => `启动 ${label}，${workers} 个工作进程：${program}`,
    didNotStart: (label, why) => `${label} 没能启动：${why}`,
    fewerWorkers: (asked, reported) => `要求 ${asked} 个工作进程，服务器报告了 ${reported} 个`,
    up: (label, port, primary, workers) =>
      `${label} 已在 127.0.0.1:${port} 上运行：主进程 ${primary}，工作进程 ${workers}`,
    primaryExited: (pid, code, signal) =>
      `主进程（pid ${pid}）自己退出了（code ${code}，signal ${signal}）`,
    stopping: (label, primary) => `正在停止 ${label}：向主进程（pid ${primary}）发送 SIGTERM`,
    exitedWith: (code, signal) => `以 code ${code}${signal ? `、signal ${signal}` : ''} 退出`,
    killedAfterGrace: (seconds) => `${seconds} 秒内没有退出：已被杀死`,
    stopped: (how, survivors) =>
      survivors ? `主进程${how}；无法结束 ${survivors}` : `主进程${how}；没有留下任何进程`,
    loadStarted: (what) => `负载开始：${what}`,
    loadFailed: (why) => `负载失败：${why}`,
    loadEnded: (finished, requests, failed, jain) =>
      `负载${finished ? '完成' : '已停止'}：处理了 ${requests} 个请求，${failed} 个失败，Jain ${jain}`,
    killed: (pid, what) => `用 SIGKILL 杀死了工作进程 pid ${pid}：${what}`,
    threadThrown: (thread) =>
      `让线程 ${thread} 抛出一个未捕获的异常（对它的 pid 发 SIGKILL 会结束该进程的所有线程）`,
    watchSupervisor: '看监督者替换它',
    watchPrimaryReplaces: '主进程会 fork 一个替补（以 --restart 运行）：看它加入',
    watchNoSupervisor: '这个模式没有监督者：看看是否有什么来替换它（第 05 阶段会）',
    sentSighup: (primary, withLoad) =>
      `已向主进程（pid ${primary}）发送 SIGHUP：滚动重启${withLoad ? '' : '（没有负载在运行：开始一个负载，看看是否没有请求失败）'}`,
    restartStuck: (seconds) => `滚动重启没有在 ${seconds} 秒内完成`,
    restartFailed: (why) => `滚动重启失败：${why}`,
    restartDone: (pairs, failed) => `滚动重启完成（${pairs}）：期间 ${failed} 个请求失败`,
    gaveUp: '监督者放弃了：工作进程死得比它的限量重启允许的还快',
    serverSays: (what) => `服务器说：${what}`,
    newWorker: (pid, by) => `新的${who(pid)}（${by}）`,
    by: {
      reported: '由服务器报告',
      supervisor: '由监督者 fork',
      hook: '由 lab hook 报告',
      scan: '主进程的一个新子进程',
      served: '回答了请求，却没有谁宣布过它',
    },
    replaces: (pid, old, why) => `${who(pid)} 替换了 ${who(old)}（${why}）`,
    becauseRestart: '滚动重启',
    becauseKilled: '它被从页面上杀死',
    becauseExited: '它退出了',
    workerExited: (pid, how) => `${who(pid)} 退出了（${how}）`,
    front: (master, nginxWorkers, hosts) =>
      `nginx（master ${master}，工作进程 ${nginxWorkers}）在前面，后面是 ${hosts
        .map((h) => `主机 ${h.address}:${h.port}（主进程 ${h.primaryPid}，工作进程 ${h.workers}）`)
        .join('，')}`,
  },

  notice: {
    threadThrown: (thread) =>
      `线程 ${thread} 抛出了异常：只有它自己结束，它的进程和其他线程照常运行。看它的集群再启动一个。`,
    killed: (pid, what) => `已杀死 pid ${pid}。${what}。`,
    replacedBySupervisor: (old, pid) =>
      typeof old === 'string'
        ? `线程 ${old} 抛出异常后独自结束了；它的进程启动了线程 ${pid} 来顶替它。`
        : `pid ${old} 被杀死了；监督者用 pid ${pid} 替换了它。`,
    replacedByPrimary: (old, pid) => `pid ${old} 被杀死了；主进程启动了 pid ${pid} 来顶替它。`,
    replacedBy: (old, pid) => `pid ${old} 被杀死了；pid ${pid} 顶替了它。`,
    primaryDiedAfterKill: (code, signal, pid) =>
      `pid ${pid} 被杀死后，主进程也退出了（code ${code}，signal ${signal}）：这个服务器失去一个工作进程就活不下去。第 05 阶段的监督者可以。`,
    restarting: '滚动重启：每次替换一个工作进程…',
    restartDone: (replaced, failed, withLoad) =>
      `滚动重启完成：替换了 ${replaced} 个工作进程，期间 ${failed} 个请求失败${withLoad ? '' : '（当时没有负载在运行）'}。`,
  },

  errors: {
    serverBusy: (status) => `服务器${status === 'starting' ? '正在启动' : '正在停止'}；请稍候`,
    noServer: '没有服务器在运行：请先启动一个',
    noServerToKill: '没有服务器在运行：没有可杀的工作进程',
    noServerRunning: '没有服务器在运行',
    loadRunning: '已经有负载在运行：先停止它，或者等它结束',
    noLiveWorker: '这个服务器已经没有存活的工作进程',
    notAWorker: (pid, workers) =>
      `pid ${pid} 不是这个服务器的存活工作进程（工作进程：${workers || '无'}）`,
    couldNotKill: (pid, why) => `无法杀死 pid ${pid}：${why}`,
    noSupervisor: (label, stages, pick) =>
      `${label} 没有监督者：只有${stages}的监督者会逐个重启工作进程（请选 ${pick}）`,
    orThe: '或',
    or: ' 或 ',
    stage: (stage) => `第 ${stage} 阶段`,
    restartRunning: '已经有一次滚动重启在进行',
    cannotRun: (label, why) => `${label} 在这里无法运行：${why}`,
    notAnObject: '需要一个 JSON 对象',
    notWhole: (field, min, max, got) =>
      `${field} 必须是 ${min} 到 ${max} 之间的整数，收到的是 ${got}`,
    outOfRange: (field, min, max, got) => `${field} 必须在 ${min} 到 ${max} 之间，收到的是 ${got}`,
    modeMissing: '缺少 mode（一个模式 id，例如 "node-rr"）',
    unknownMode: (mode) => `未知的模式 ${mode}`,
    badKind: (kinds, got) => `kind 必须是 ${kinds} 之一，收到的是 ${got}`,
    badPid: (got) => `pid 必须是某个工作进程的进程 id，收到的是 ${got}`,
    notLocal: (host) => `实验室只回答发往 127.0.0.1 的请求，而不是 ${host || '没有 host'}`,
    notJson: '请以 JSON 发送请求体（content-type: application/json）',
    tooBig: (bytes) => `请求体超过 ${bytes} 字节`,
    invalidJson: '请求体不是有效的 JSON',
    noSuchPage: (path) => `没有这个页面：${path}`,
    noSuchAction: (path) => `没有这个操作：${path}`,
    notAllowed: (method) => `不允许 ${method}`,
  },

  terminal: {
    portTaken: (port) => `端口 ${port} 已被占用；让内核挑一个`,
    at: (url) => `实验室在 ${url}（用浏览器打开；Ctrl-C 结束实验室和它启动的每个服务器）`,
    otherLanguage: (url) => `English: ${url}?lang=en`,
    hookPort: (port) =>
      `它启动的服务器会得到 CFS_LAB_PORT=${port}：它们的 labEvent() 数据报会显示在页面上`,
    again: (why) => `又一次 ${why}：立即杀死所有进程`,
    stopping: (why) => `${why}：正在停止负载和服务器`,
    couldNotEnd: (pid, cmdline) => `无法结束 pid ${pid}：${cmdline}`,
    stoppedWithLeft: '已停止，但留下了进程（见上）',
    stoppedClean: '已停止；没有留下任何进程',
    parentGone: '父进程已离开',
  },
};

export default zh;
