/**
 * long-lived: connections that stay open (WebSockets, server-sent events, a socket.io session),
 * dealt out in waves, then a worker killed. Every other scenario counts short requests; here what
 * matters is how many connections each worker *holds open*, and what a crash does to that.
 *
 *   wave 1: 24 WebSocket clients connect (the 101 names the worker), and stay
 *   leave:  every third of them says goodbye (a close frame; 8 of them)
 *   wave 2: 24 more connect and stay                     → Jain over open connections per worker
 *   kill:   SIGKILL worker 1 → its clients drop; the server (--restart) forks a replacement
 *   return: the dropped clients reconnect, from the same addresses → where do they land?
 *                                                        → Jain over open connections afterwards
 *
 * Each client has its own source address (127.0.0.10 …), so address hashing sees many clients.
 * The clients are real WebSockets (kit's held-websocket.ts, the `ws` package) against the
 * workers' hand-written handshake (kit's websocket-hello.ts): after its 101, a WebSocket is the
 * one TCP connection the cluster dealt out at connect, and nothing balances it again.
 *
 * Modes: stage 06's clone under every policy (one program, demos/serve.ts; the scenario adds
 * --restart). Round robin and SCHED_NONE do not know what a worker holds; address hashing
 * keeps a client where its hash says; least connections counts (beyond node:cluster).
 */
import { type HeldWebSocket, holdWebSocket } from '@cluster-from-scratch/kit/held-websocket';
import { socketsOn, TCP_STATES } from '@cluster-from-scratch/kit/platform';
import { pollUntil, withTimeout } from '@cluster-from-scratch/kit/timeout';
import type { Mode } from '../modes.ts';
import {
  alternatingPlan,
  type DocsSection,
  type Lang,
  type ScenarioResult,
  serverScenario,
} from '../scenario.ts';
import { fairnessRow, type Spread, spreadOf } from '../stats.ts';
import { markdownTable, noiseSentence, num, renderTable, spreadCell } from '../table.ts';

export const LONG_LIVED_MODES = [
  's06-rr',
  's06-none',
  's06-reuseport',
  's06-iphash',
  's06-leastconn',
] as const;

const WORKERS = 3;

export interface LongLivedRun {
  repeat: number;
  mode: string;
  label: string;
  wave: number;
  /** Open connections per worker after the waves (worker order of the ready report). */
  before: number[];
  jainBefore: number;
  killedHeld: number;
  /** Held connections that closed when their worker was killed. */
  dropped: number;
  /** Where the dropped clients landed when they came back: survivors, and the replacement. */
  backToSurvivors: number;
  backToReplacement: number;
  /** Open connections per worker afterwards (survivors, then the replacement). */
  after: number[];
  jainAfter: number;
}

export interface LongLivedRow {
  mode: string;
  label: string;
  jainBefore: Spread;
  dropped: Spread;
  toReplacement: Spread;
  jainAfter: Spread;
  /** The median repeat's open connections per worker, before and after. */
  before: number[];
  after: number[];
}

const perWorker = (clients: readonly HeldWebSocket[], pids: readonly number[]) =>
  pids.map((pid) => clients.filter((c) => c.pid === pid && !c.isClosed()).length);

export const longLived = serverScenario<LongLivedRun, { rows: LongLivedRow[] }>({
  name: 'long-lived',
  title: 'Long-lived connections: open connections per worker, before and after a worker dies',
  inDefault: true,
  modes: LONG_LIVED_MODES,
  plan: (ctx, modes) =>
    alternatingPlan(ctx, modes.map(withRestart), [WORKERS], (mode) => `${mode.label} ×${WORKERS}`),

  async measure({ repeat, mode, server, ctx }) {
    const wave = ctx.quick ? 9 : 24;
    const { port } = server;
    const clients: HeldWebSocket[] = [];
    try {
      const open = (from: number) =>
        Promise.all(
          Array.from({ length: wave }, (_, i) => holdWebSocket(port, `127.0.0.${from + i}`)),
        ).then((held) => clients.push(...held));
      await open(10);
      // Every third client of wave 1 leaves; wait until the server side has let go too
      // (least connections counts on the workers' reports of those closes).
      await Promise.all(clients.filter((_, i) => i % 3 === 0).map((c) => c.leave()));
      const stillOpen = clients.filter((c) => !c.isClosed()).length;
      // A server-side socket is ESTABLISHED until the FIN, then CLOSE_WAIT until the worker closes.
      const serverSide = () =>
        socketsOn(port, TCP_STATES.ESTABLISHED).length +
        socketsOn(port, TCP_STATES.CLOSE_WAIT).length;
      await pollUntil(() => serverSide() <= stillOpen, {
        what: `${mode.label}: the server to close the connections the clients hung up`,
        timeout: 15_000,
      });
      await open(10 + wave);
      const pids = [...server.workerPids];
      const before = perWorker(clients, pids);

      // Kill worker 1: its clients see their connection close.
      const killed = pids[0] as number;
      const victims = clients.filter((c) => c.pid === killed && !c.isClosed());
      const closed = victims.map((c) =>
        withTimeout(
          c.closed,
          `a client of the killed worker ${killed} to see its connection close`,
          15_000,
        ),
      );
      const replaced = server.child.waitForMessage<{ workerPids: number[] }>(
        (m) =>
          Array.isArray((m as { workerPids?: unknown }).workerPids) &&
          !(m as { workerPids: number[] }).workerPids.includes(killed),
        { what: `${mode.label} to replace worker ${killed} and report again`, timeout: 20_000 },
      );
      process.kill(killed, 'SIGKILL');
      await Promise.all(closed);
      const { workerPids: now } = await replaced;
      server.workerPids.splice(0, server.workerPids.length, ...now);
      server.pids.splice(0, server.pids.length, server.primaryPid, ...now);
      const replacement = now.find((pid) => !pids.includes(pid)) as number;

      // The dropped clients come back, from the same addresses.
      const back = await Promise.all(victims.map((c) => holdWebSocket(port, c.address)));
      clients.push(...back);
      const survivors = now.filter((pid) => pid !== replacement);
      const after = perWorker(clients, [...survivors, replacement]);
      return [
        {
          repeat,
          mode: mode.id,
          label: mode.label,
          wave,
          before,
          jainBefore: fairnessRow(before).jain,
          killedHeld: victims.length,
          dropped: victims.length,
          backToSurvivors: back.filter((c) => c.pid !== replacement).length,
          backToReplacement: back.filter((c) => c.pid === replacement).length,
          after,
          jainAfter: fairnessRow(after).jain,
        },
      ];
    } finally {
      for (const c of clients) c.cut();
    }
  },

  settings: ({ ctx, modes }) => ({
    modes: modes.map((m) => m.id),
    workers: WORKERS,
    wave: ctx.quick ? 9 : 24,
    repeats: ctx.repeats,
  }),

  summarise(runs) {
    const ids = [...new Set(runs.map((r) => r.mode))];
    const rows = ids.map((id): LongLivedRow => {
      const group = runs.filter((r) => r.mode === id);
      const sorted = [...group].sort((a, b) => a.jainAfter - b.jainAfter);
      const median = sorted[Math.floor((sorted.length - 1) / 2)] as LongLivedRun;
      return {
        mode: id,
        label: median.label,
        jainBefore: spreadOf(group.map((r) => r.jainBefore)),
        dropped: spreadOf(group.map((r) => r.dropped)),
        toReplacement: spreadOf(group.map((r) => r.backToReplacement)),
        jainAfter: spreadOf(group.map((r) => r.jainAfter)),
        before: median.before,
        after: median.after,
      };
    });
    return { rows };
  },

  terminal(result) {
    return renderTable(
      ['mode', 'open per worker', 'Jain', 'dropped', 'back to new', 'after kill', 'Jain after'],
      result.summary.rows.map(rowCells),
    );
  },

  docs: (result, lang) => longLivedDocs(result, lang),
});

/** One row of the table, in the terminal and on the docs page alike. */
function rowCells(r: LongLivedRow): string[] {
  return [
    r.label,
    r.before.join(' / '),
    spreadCell(r.jainBefore, (v) => num(v, 3)),
    spreadCell(r.dropped, (v) => num(v, 0)),
    spreadCell(r.toReplacement, (v) => num(v, 0)),
    r.after.join(' / '),
    spreadCell(r.jainAfter, (v) => num(v, 3)),
  ];
}

/** The catalogue's mode, with what makes it replace a killed worker (its replaceArgs). */
function withRestart(mode: Mode): Mode {
  const { serving } = mode;
  const replace = serving.replaceArgs ?? [];
  return { ...mode, serving: { ...serving, args: (n) => [...serving.args(n), ...replace] } };
}

function longLivedDocs(
  result: ScenarioResult<LongLivedRun, { rows: LongLivedRow[] }>,
  lang: Lang,
): DocsSection {
  const en = lang === 'en';
  const { wave, workers, repeats } = result.settings as Record<string, number>;
  const rows = result.summary.rows;
  const md = [
    en
      ? `${workers} workers. Wave 1: ${wave} clients connect (WebSockets, each from its own 127.0.0.x address; the handshake's answer names the worker) and stay; every third leaves (a close frame); wave 2: ${wave} more. Then worker 1 is killed (SIGKILL): its clients drop, the server forks a replacement, and the dropped clients reconnect from the same addresses. **Jain** is over *open connections per worker*; "after" counts survivors then the replacement. Median over ${repeats} repeat(s) with (min–max).`
      : `${workers} 个工作进程。第一波：${wave} 个客户端连接（WebSocket，各用自己的 127.0.0.x 源地址；握手的应答说明由哪个工作进程服务）并保持；其中每三个有一个离开（发送关闭帧）；第二波：再连 ${wave} 个。然后杀死工作进程 1（SIGKILL）：它的客户端断开，服务端 fork 一个替补，断开的客户端从原地址重连。**Jain** 按*每个工作进程上打开的连接数*计算；"之后"一列先列幸存者，最后是替补。数字为 ${repeats} 次重复的中位数（最小–最大）。`,
    '',
    markdownTable(
      en
        ? [
            'mode',
            'open per worker',
            'Jain',
            'dropped',
            'back to the new worker',
            'after the kill',
            'Jain after',
          ]
        : [
            '模式',
            '各工作进程打开的连接',
            'Jain',
            '断开',
            '重连到新工作进程',
            '杀死之后',
            '之后的 Jain',
          ],
      rows.map(rowCells),
    ),
    '',
    `${en ? '**Noise:** ' : '**波动：**'}${noiseSentence(
      rows.flatMap((r) => [r.jainBefore, r.jainAfter]),
      en ? "Jain's index over open connections" : '按打开连接计算的 Jain 指数',
      lang,
    )}`,
    '',
  ];
  return { markdown: md.join('\n'), charts: [] };
}
