/** 第 06 阶段"会话粘滞"一章的中文旁白：sticky-sessions.ts 与 demos/sticky/ 下各文件。键与 sticky-en.ts 一一对应。 */
import type { StickyMessages } from './sticky-en.ts';

const stickyZh: StickyMessages = {
  sessions: {
    start: (primary, way, policy, client, clients, rounds) =>
      `${primary}，方式 ${way}，策略 ${policy}：${clients} 个${client === 'ws' ? '原生 WebSocket（ws）' : ' socket.io '}客户端，各往返 ${rounds} 次`,
    stage04Primary: '第 04 阶段的逐连接主进程',
    workerReady: (id, client, port) =>
      `工作进程 ${id} 提供${client === 'ws' ? '原生 WebSocket（ws）' : ' socket.io '}服务（端口 ${port}）`,
    workerHanded: (id, client) =>
      `工作进程 ${id} 在主进程交给它的连接上提供${client === 'ws' ? '原生 WebSocket（ws）' : ' socket.io '}服务（它自己不监听任何端口）`,
    session: (n, ok, workers, why) =>
      ok
        ? `客户端 ${n}：会话完成，应答来自工作进程 pid ${workers}`
        : `客户端 ${n}：会话失败（${why}）；应答来自 pid ${workers || '无'}`,
    result: (completed, clients) => `${clients} 个会话中完成了 ${completed} 个`,
    broadcast: (reached, clients, onFirst) =>
      `工作进程 1 的 io.emit() 送达 ${clients} 个客户端中的 ${reached} 个（其中 ${onFirst} 个连在它自己上）`,
    primaryCost: (ms, trips, perTrip) =>
      `主进程的 CPU 时间：${trips} 次往返共 ${ms.toFixed(0)} 毫秒 = 每次往返 ${perTrip.toFixed(0)} 微秒`,
    wayPlain: '普通 cluster（每个 HTTP 请求都可能落到任一工作进程）',
    wayStickyPrimary: '主进程里的 @socket.io/sticky（读出 sid= 并转发字节）',
    wayWebSocket: '只用 WebSocket（每个会话一条 TCP 连接）',
  },
  table: {
    title: '完成的会话数；除标明 WebSocket 的方式外，客户端都用长轮询（polling）传输',
    header: ['方式', 'cluster', '完成'],
    why: '一个长轮询（polling）会话由许多 HTTP 请求组成，每个请求都必须到达持有该会话的工作进程。轮询调度分发的是连接，不是会话。',
  },
  schedule: {
    start: (policy) => `仿写版的调度钩子，策略 ${policy}`,
    spread: (what, spread) => `${what}：${spread}`,
    sources: (n) => `客户端来自 ${n} 个源地址（127.0.0.x）`,
  },
};

export default stickyZh;
