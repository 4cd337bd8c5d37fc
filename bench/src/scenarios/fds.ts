/**
 * fds: what one idle client connection costs each server process, in file descriptors.
 *
 *   proxy (03)            client ══▶ primary ══▶ worker      primary: 2 per connection, worker: 1
 *   handle passing (04)   client ══▶ worker                  primary: 0, worker: 1
 *   round robin (node, 06) client ══▶ primary accepts, sends the socket, closes its copy
 *                                      └══▶ worker           primary: 0, worker: 1
 *   reusePort (node, 04, 06) client ══▶ worker (own listening socket)  primary: 0, worker: 1
 *
 *   per server: wait until it holds no connection sockets (only listeners), count
 *               /proc/<pid>/fd of every process; open N keep-alive connections, one request
 *               each, keep them idle; count again; Δ / N.
 */
import { listFds, socketInodes, tcpSockets } from '@cluster-from-scratch/kit/platform';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';
import { holdConnections } from '../load.ts';
import { type AcceptModel, describeModes } from '../modes.ts';
import { barChart } from '../report/svg.ts';
import {
  alternatingPlan,
  type DocsSection,
  type Lang,
  type ScenarioResult,
  serverScenario,
} from '../scenario.ts';
import { type Spread, spreadOf } from '../stats.ts';
import {
  labelledBars,
  markdownTable,
  noiseSentence,
  num,
  plural,
  renderTable,
  spreadCell,
} from '../table.ts';

/**
 * Not s07-nginx: descriptors are counted in the primary and the workers, and there the client
 * connections end in nginx's workers (which hold one more socket each towards a host); the
 * primary of the report is serve.ts, which holds none, so the table would say nothing true.
 */
export const FDS_MODES = [
  's03-proxy',
  's04-shared',
  's04-passing',
  'node-rr',
  's06-rr',
  'node-none',
  's06-none',
  'node-reuseport',
  's06-reuseport',
  's04-reuse-port',
] as const;

interface ProcessCount {
  pid: number;
  role: 'primary' | 'worker';
  fdsBefore: number;
  fdsHolding: number;
  tcpBefore: number;
  tcpHolding: number;
  /** Held client connections this process answered (workers). */
  answered: number;
}

export interface FdsRun {
  repeat: number;
  mode: string;
  label: string;
  accept: AcceptModel;
  workers: number;
  held: number;
  processes: ProcessCount[];
  primaryFdsPerConn: number;
  workerFdsPerConn: number;
  primaryTcpPerConn: number;
  workerTcpPerConn: number;
}

export interface FdsRow {
  mode: string;
  label: string;
  accept: AcceptModel;
  workers: number;
  held: number;
  primaryFds: Spread;
  workerFds: Spread;
  totalFds: Spread;
  primaryTcp: Spread;
  workerTcp: Spread;
  /** Connections each worker held in the median repeat. */
  perWorker: number[];
}

export interface FdsSummary {
  rows: FdsRow[];
}

/** Sockets of `pid` that are TCP but not listening: client connections and upstreams. */
function connectionSockets(pid: number, listening: Set<number>, tcp: Set<number>): number {
  return socketInodes(pid).filter((inode) => tcp.has(inode) && !listening.has(inode)).length;
}

function snapshot(pids: readonly number[]): { fds: number[]; tcp: number[] } {
  const all = tcpSockets();
  const tcp = new Set(all.map((s) => s.inode));
  const listening = new Set(all.filter((s) => s.state === '0A').map((s) => s.inode));
  return {
    fds: pids.map((pid) => listFds(pid).size),
    tcp: pids.map((pid) => connectionSockets(pid, listening, tcp)),
  };
}

export function summariseFds(runs: readonly FdsRun[]): FdsSummary {
  const groups = new Map<string, FdsRun[]>();
  for (const run of runs) groups.set(run.mode, [...(groups.get(run.mode) ?? []), run]);
  const rows = [...groups.values()].map((group): FdsRow => {
    const first = group[0]!;
    const sorted = [...group].sort((a, b) => a.workerFdsPerConn - b.workerFdsPerConn);
    const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
    return {
      mode: first.mode,
      label: first.label,
      accept: first.accept,
      workers: first.workers,
      held: first.held,
      primaryFds: spreadOf(group.map((r) => r.primaryFdsPerConn)),
      workerFds: spreadOf(group.map((r) => r.workerFdsPerConn)),
      totalFds: spreadOf(group.map((r) => r.primaryFdsPerConn + r.workerFdsPerConn)),
      primaryTcp: spreadOf(group.map((r) => r.primaryTcpPerConn)),
      workerTcp: spreadOf(group.map((r) => r.workerTcpPerConn)),
      perWorker: median.processes.filter((p) => p.role === 'worker').map((p) => p.answered),
    };
  });
  const order = (id: string) => FDS_MODES.indexOf(id as (typeof FDS_MODES)[number]);
  rows.sort((a, b) => order(a.mode) - order(b.mode));
  return { rows };
}

/** Every fds run uses two workers; how many idle connections it holds depends on --quick. */
const FDS_WORKERS = 2;
const heldFor = (quick: boolean) => (quick ? 10 : 100);

export const fds = serverScenario<FdsRun, FdsSummary>({
  name: 'fds',
  title: 'Descriptors per client connection: proxy vs handle passing vs round robin',
  inDefault: true,
  modes: FDS_MODES,
  plan: (ctx, modes) =>
    alternatingPlan(
      ctx,
      modes,
      [FDS_WORKERS],
      (mode) => `${mode.label} ×${FDS_WORKERS}, ${heldFor(ctx.quick)} idle connections`,
    ),

  async measure({ repeat, mode, server, ctx }) {
    const held = heldFor(ctx.quick);
    const pids = server.pids;
    // The warm-up's connections are closing: wait until only listeners are left.
    const before = await pollUntil(
      () => {
        const s = snapshot(pids);
        return s.tcp.every((n) => n === 0) ? s : false;
      },
      { what: `${mode.label} to close the warm-up connections`, timeout: 15_000 },
    );
    const connections = await holdConnections(server.port, held);
    try {
      const holding = snapshot(pids);
      const processes: ProcessCount[] = pids.map((pid, i) => ({
        pid,
        role: server.workerPids.includes(pid) ? 'worker' : 'primary',
        fdsBefore: before.fds[i]!,
        fdsHolding: holding.fds[i]!,
        tcpBefore: before.tcp[i]!,
        tcpHolding: holding.tcp[i]!,
        answered: connections.servedBy.filter((p) => p === pid).length,
      }));
      const sum = (role: ProcessCount['role'], f: (p: ProcessCount) => number) =>
        processes.filter((p) => p.role === role).reduce((s, p) => s + f(p), 0) / held;
      return [
        {
          repeat,
          mode: mode.id,
          label: mode.label,
          accept: mode.accept,
          workers: FDS_WORKERS,
          held,
          processes,
          primaryFdsPerConn: sum('primary', (p) => p.fdsHolding - p.fdsBefore),
          workerFdsPerConn: sum('worker', (p) => p.fdsHolding - p.fdsBefore),
          primaryTcpPerConn: sum('primary', (p) => p.tcpHolding - p.tcpBefore),
          workerTcpPerConn: sum('worker', (p) => p.tcpHolding - p.tcpBefore),
        },
      ];
    } finally {
      connections.close();
    }
  },

  settings: ({ ctx, modes }) => ({
    modes: modes.map((m) => m.id),
    servers: describeModes(modes, FDS_WORKERS),
    workers: FDS_WORKERS,
    held: heldFor(ctx.quick),
    repeats: ctx.repeats,
  }),

  summarise: (runs) => summariseFds(runs),

  terminal(result) {
    const table = renderTable(
      [
        'mode',
        'accept',
        'held',
        'primary fds/conn',
        'worker fds/conn',
        'total',
        'primary TCP',
        'worker TCP',
        'held per worker',
      ],
      result.summary.rows.map((r) => [
        r.label,
        r.accept,
        r.held,
        spreadCell(r.primaryFds),
        spreadCell(r.workerFds),
        num(r.totalFds.median),
        num(r.primaryTcp.median),
        num(r.workerTcp.median),
        r.perWorker.join(' / '),
      ]),
    );
    const out = [table, '', 'Descriptors per process while holding the connections (last repeat):'];
    const last = new Map<string, FdsRun>();
    for (const run of result.runs) last.set(run.mode, run);
    for (const run of last.values()) {
      out.push(`  ${run.label} ×${run.workers}, ${run.held} idle connections`);
      const max = Math.max(1, ...run.processes.map((p) => p.fdsHolding - p.fdsBefore));
      out.push(
        labelledBars(
          run.processes.map((p) => ({
            label: `${p.role} ${p.pid}`,
            fraction: (p.fdsHolding - p.fdsBefore) / max,
            note: `+${p.fdsHolding - p.fdsBefore} fds (${p.fdsBefore} → ${p.fdsHolding}), answered ${p.answered}`,
          })),
        ),
      );
    }
    return out.join('\n');
  },

  docs(result, lang) {
    return fdsDocs(result, lang);
  },
});

function fdsDocs(result: ScenarioResult<FdsRun, FdsSummary>, lang: Lang): DocsSection {
  const en = lang === 'en';
  const rows = result.summary.rows;
  const held = result.settings.held as number;
  const md = [
    en
      ? `Each server (${result.settings.workers} workers) holds ${held} idle keep-alive client connections, each of which has carried one request. Descriptors are counted in \`/proc/<pid>/fd\` before and while holding them; the difference per client connection is shown for the primary and for all workers together. **TCP** counts only connection sockets (not listeners, not IPC). Median over ${plural(result.settings.repeats as number, 'repeat')} with (min–max).`
      : `每个服务（${result.settings.workers} 个 worker）保持 ${held} 条空闲的 keep-alive 客户端连接，每条连接只发过一个请求。在建立连接前和保持期间分别统计 \`/proc/<pid>/fd\`，表中是每条客户端连接在主进程和全部 worker 中多出的描述符数。**TCP** 只统计连接 socket（不含监听 socket 和 IPC）。数字为 ${result.settings.repeats} 次重复的中位数（最小–最大）。`,
    '',
    markdownTable(
      en
        ? [
            'mode',
            'primary fds/conn',
            'worker fds/conn',
            'total',
            'primary TCP/conn',
            'worker TCP/conn',
            'held per worker',
          ]
        : [
            '模式',
            '主进程 fd/连接',
            'worker fd/连接',
            '合计',
            '主进程 TCP/连接',
            'worker TCP/连接',
            '各 worker 持有',
          ],
      rows.map((r) => [
        r.label,
        spreadCell(r.primaryFds),
        spreadCell(r.workerFds),
        num(r.totalFds.median),
        num(r.primaryTcp.median),
        num(r.workerTcp.median),
        r.perWorker.join(' / '),
      ]),
    ),
    '',
  ];
  const chart = {
    name: 'fds-per-connection',
    svg: barChart({
      title: en ? 'Descriptors per idle client connection' : '每条空闲客户端连接占用的描述符',
      subtitle: en
        ? `${held} connections held, ${result.settings.workers} workers; median, whisker min–max`
        : `保持 ${held} 条连接，${result.settings.workers} 个 worker；中位数，须线为最小–最大`,
      legend: [
        { label: en ? 'primary' : '主进程', series: 1 },
        { label: en ? 'all workers' : '全部 worker', series: 0 },
      ],
      digits: 2,
      groups: rows.map((r) => ({
        heading: r.label,
        rows: [
          {
            label: en ? 'primary' : '主进程',
            value: r.primaryFds.median,
            min: r.primaryFds.min,
            max: r.primaryFds.max,
            series: 1,
          },
          {
            label: en ? 'all workers' : '全部 worker',
            value: r.workerFds.median,
            min: r.workerFds.min,
            max: r.workerFds.max,
            series: 0,
          },
        ],
      })),
    }),
  };
  md.push(
    `${en ? '**Noise:** ' : '**波动：**'}${noiseSentence(
      rows.flatMap((r) => [r.primaryFds, r.workerFds]),
      en ? 'Descriptors per connection' : '每连接描述符数',
      lang,
    )}`,
    '',
    `![${chart.name}](/bench/${chart.name}.${lang}.svg)`,
    '',
  );
  return { markdown: md.join('\n'), charts: [chart] };
}
