/**
 * herd: how many times the server processes wake up per accepted connection.
 *
 *   shared socket:  one listening socket in N workers' epoll sets
 *                   a connection arrives → the kernel wakes every idle worker → one accepts,
 *                   the others find nothing and sleep again                 (the thundering herd)
 *   round robin:    only the primary polls the listening socket
 *                   a connection arrives → the primary wakes, accepts, hands it to ONE worker
 *   reusePort:      a listening socket per worker on one port (SO_REUSEPORT)
 *                   a connection arrives → the kernel queues it on ONE worker's socket → it wakes
 *
 *   per run:  voluntary_ctxt_switches of every server process from /proc/<pid>/status,
 *             before and after a fresh-connection load → Δ / connections
 *   loads:    low (one connection at a time: workers are idle when each arrives)
 *             saturation (many at once: workers are busy, fewer sleep, fewer wake)
 *
 * A voluntary context switch is the process going to sleep (here: in epoll_wait), so each one
 * is one wake-up later. No tracer: strace stops the process at every system call and changes
 * the very accept race it would measure. When perf is available, it also counts accept4 calls
 * that failed with EAGAIN (the losers of the race that got as far as calling accept).
 */
import { voluntaryContextSwitches } from '@cluster-from-scratch/kit/platform';
import { freshLoadMeasuring } from '../load.ts';
import { type AcceptModel, describeModes } from '../modes.ts';
import { AcceptCounter, perfAvailable } from '../perf-accept.ts';
import { barChart } from '../report/svg.ts';
import {
  alternatingPlan,
  type DocsSection,
  docsSection,
  type Lang,
  type ScenarioResult,
  serverScenario,
} from '../scenario.ts';
import { padWorkers, type Spread, spreadOf } from '../stats.ts';
import {
  labelledBars,
  markdownTable,
  noiseSentence,
  num,
  plural,
  renderTable,
  spreadCell,
} from '../table.ts';

/** summary.perf when perf counted the failed accepts; otherwise it holds the reason it did not. */
export const PERF_USED = 'perf stat -e syscalls:sys_exit_accept4';

/**
 * Not s07-nginx: the herd is the wake-ups of workers around one accept socket, and there the
 * hosts' workers are woken by their own cluster's primary, while the socket the clients reach
 * is nginx's, whose processes the ready report lists apart from the workers.
 */
export const HERD_MODES = [
  'node-none',
  's04-shared',
  's06-none',
  'node-rr',
  's06-rr',
  's04-passing',
  'node-reuseport',
  's06-reuseport',
  's04-reuse-port',
] as const;

type HerdLoad = 'low' | 'saturation';

export interface HerdRun {
  repeat: number;
  mode: string;
  label: string;
  accept: AcceptModel;
  workers: number;
  load: HerdLoad;
  concurrency: number;
  connections: number;
  failed: number;
  primary: { pid: number; wakeups: number };
  workerProcesses: { pid: number; wakeups: number; served: number }[];
  /** Σ worker wake-ups / connections. */
  workerWakeupsPerConn: number;
  primaryWakeupsPerConn: number;
  /** accept4 → EAGAIN per connection (perf), null when perf was not used. */
  eagainPerConn: number | null;
  acceptCallsPerConn: number | null;
}

export interface HerdRow {
  mode: string;
  label: string;
  accept: AcceptModel;
  workers: number;
  load: HerdLoad;
  workerWakeups: Spread;
  perWorkerWakeups: Spread;
  primaryWakeups: Spread;
  /** Worker wake-ups per connection above the same mode with one worker (median to median). */
  excessOverOne: number | null;
  eagain: Spread | null;
}

export interface HerdSummary {
  rows: HerdRow[];
  perf: string;
}

export function summariseHerd(runs: readonly HerdRun[], perf: string): HerdSummary {
  const groups = new Map<string, HerdRun[]>();
  for (const run of runs) {
    const key = `${run.mode}|${run.workers}|${run.load}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  const rows: HerdRow[] = [...groups.values()].map((group) => {
    const first = group[0]!;
    const eagain = group.map((r) => r.eagainPerConn).filter((v): v is number => v !== null);
    return {
      mode: first.mode,
      label: first.label,
      accept: first.accept,
      workers: first.workers,
      load: first.load,
      workerWakeups: spreadOf(group.map((r) => r.workerWakeupsPerConn)),
      perWorkerWakeups: spreadOf(group.map((r) => r.workerWakeupsPerConn / r.workers)),
      primaryWakeups: spreadOf(group.map((r) => r.primaryWakeupsPerConn)),
      excessOverOne: null,
      eagain: eagain.length ? spreadOf(eagain) : null,
    };
  });
  for (const row of rows) {
    const one = rows.find((r) => r.mode === row.mode && r.load === row.load && r.workers === 1);
    if (one && row.workers !== 1)
      row.excessOverOne = row.workerWakeups.median - one.workerWakeups.median;
  }
  const order = (id: string) => HERD_MODES.indexOf(id as (typeof HERD_MODES)[number]);
  rows.sort(
    (a, b) =>
      (a.load === b.load ? 0 : a.load === 'low' ? -1 : 1) ||
      order(a.mode) - order(b.mode) ||
      a.workers - b.workers,
  );
  return { rows, perf };
}

function herdLoads(quick: boolean): { load: HerdLoad; requests: number; concurrency: number }[] {
  return [
    { load: 'low', requests: quick ? 20 : 250, concurrency: 1 },
    { load: 'saturation', requests: quick ? 40 : 800, concurrency: quick ? 8 : 32 },
  ];
}

const herdWorkers = (quick: boolean) => (quick ? [1, 2] : [1, 2, 4]);

/** Prep: why perf cannot count accept calls here, or undefined when it can. */
export const herd = serverScenario<HerdRun, HerdSummary, undefined, string | undefined>({
  name: 'herd',
  title: 'Wasted wake-ups: shared socket vs round robin',
  inDefault: true,
  needsLinuxView: 'wakeUps',
  modes: HERD_MODES,
  prepare: (ctx) => perfAvailable(ctx.harness),
  plan: (ctx, modes) => alternatingPlan(ctx, modes, herdWorkers(ctx.quick)),

  async measure({ repeat, workers, mode, server, ctx, prep: perfProblem }) {
    const runs: HerdRun[] = [];
    for (const spec of herdLoads(ctx.quick)) {
      const counter = perfProblem
        ? undefined
        : await AcceptCounter.attach(ctx.harness, server.pids);
      const { result, delta } = await freshLoadMeasuring(server, spec, voluntaryContextSwitches);
      const accepts = counter ? await counter.finish() : undefined;
      const served = padWorkers(server.workerPids, result.served);
      const workerProcesses = server.workerPids.map((pid) => ({
        pid,
        wakeups: delta.get(pid) ?? 0,
        served: served.find((w) => w.pid === pid)?.requests ?? 0,
      }));
      const connections = result.ok || 1;
      const workerWakeups = workerProcesses.reduce((s, w) => s + w.wakeups, 0);
      const primaryShared = server.workerPids.includes(server.primaryPid);
      runs.push({
        repeat,
        mode: mode.id,
        label: mode.label,
        accept: mode.accept,
        workers,
        load: spec.load,
        concurrency: spec.concurrency,
        connections: result.ok,
        failed: result.failed,
        primary: {
          pid: server.primaryPid,
          wakeups: primaryShared ? 0 : (delta.get(server.primaryPid) ?? 0),
        },
        workerProcesses,
        workerWakeupsPerConn: workerWakeups / connections,
        primaryWakeupsPerConn: primaryShared
          ? 0
          : (delta.get(server.primaryPid) ?? 0) / connections,
        eagainPerConn: accepts ? accepts.eagain / connections : null,
        acceptCallsPerConn: accepts ? accepts.calls / connections : null,
      });
    }
    return runs;
  },

  settings: ({ ctx, modes, prep: perfProblem }) => ({
    modes: modes.map((m) => m.id),
    servers: describeModes(modes, 2),
    workers: herdWorkers(ctx.quick),
    repeats: ctx.repeats,
    loads: herdLoads(ctx.quick),
    perf: perfProblem ?? PERF_USED,
  }),

  summarise: (runs, perfProblem) => summariseHerd(runs, perfProblem ?? PERF_USED),

  terminal(result) {
    const rows = result.summary.rows;
    const out = [
      renderTable(
        [
          'mode',
          'accept',
          'w',
          'load',
          'worker wake-ups/conn',
          'per worker',
          'excess vs 1 w',
          'primary/conn',
          'EAGAIN/conn',
        ],
        rows.map((r) => [
          r.label,
          r.accept,
          r.workers,
          r.load,
          spreadCell(r.workerWakeups),
          num(r.perWorkerWakeups.median),
          r.excessOverOne === null ? '–' : num(r.excessOverOne),
          num(r.primaryWakeups.median),
          r.eagain ? spreadCell(r.eagain) : '–',
        ]),
      ),
      '',
      `EAGAIN counts: ${result.summary.perf}`,
      '',
      'Per worker, low load, last repeat (bar: wake-ups, relative to the busiest sleeper):',
    ];
    const last = new Map<string, HerdRun>();
    for (const run of result.runs)
      if (run.load === 'low') last.set(`${run.mode}|${run.workers}`, run);
    for (const run of last.values()) {
      out.push(`  ${run.label} ×${run.workers} (${run.connections} connections one at a time)`);
      const rows = [
        ...(run.primary.wakeups > 0 ||
        (run.accept !== 'shared-socket' && run.accept !== 'own-socket')
          ? [{ label: `primary ${run.primary.pid}`, wakeups: run.primary.wakeups, served: 0 }]
          : []),
        ...run.workerProcesses.map((w) => ({
          label: `${w.pid}`,
          wakeups: w.wakeups,
          served: w.served,
        })),
      ];
      const max = Math.max(1, ...rows.map((r) => r.wakeups));
      out.push(
        labelledBars(
          rows.map((r) => ({
            label: r.label,
            fraction: r.wakeups / max,
            note: `woke ${r.wakeups}, served ${r.served}`,
          })),
        ),
      );
    }
    return out.join('\n');
  },

  docs(result, lang) {
    return herdDocs(result, lang);
  },
});

const ACCEPT_LABEL: Record<Lang, Record<string, string>> = {
  en: {
    'shared-socket': 'shared socket',
    'round-robin': 'round robin',
    'per-connection': 'primary passes each socket',
    'own-socket': 'a socket per worker (reusePort)',
  },
  zh: {
    'shared-socket': '共享 socket',
    'round-robin': '轮询（RR）',
    'per-connection': '主进程逐个传递 socket',
    'own-socket': '每个 worker 一个 socket（reusePort）',
  },
};

function herdDocs(result: ScenarioResult<HerdRun, HerdSummary>, lang: Lang): DocsSection {
  const en = lang === 'en';
  const rows = result.summary.rows;
  const loads = result.settings.loads as {
    load: HerdLoad;
    requests: number;
    concurrency: number;
  }[];
  const md: string[] = [
    en
      ? `Each server process's \`voluntary_ctxt_switches\` (from \`/proc/<pid>/status\`) is read before and after a load of fresh connections; the difference divided by the connections served is the wake-ups per connection. **Worker wake-ups/conn** adds up all workers; **excess vs 1 w** is how many more wake-ups the same mode needs with N workers than with one, i.e. wake-ups that served nobody. **Low** load sends ${loads[0]?.requests} connections one at a time (every worker is idle when one arrives); **saturation** sends ${loads[1]?.requests} with ${loads[1]?.concurrency} in flight. Median over ${plural(result.settings.repeats as number, 'repeat')} with (min–max).`
      : `在一轮“每请求新连接”负载前后，读取每个服务进程 \`/proc/<pid>/status\` 中的 \`voluntary_ctxt_switches\`，差值除以处理的连接数，就是每个连接的唤醒次数。**worker 唤醒/连接** 是所有 worker 之和；**比 1 个 worker 多出** 表示同一模式在 N 个 worker 下比 1 个 worker 多出的唤醒，也就是没有服务任何人的唤醒。**低负载**：${loads[0]?.requests} 个连接逐个发送（每个连接到来时所有 worker 都空闲）；**饱和**：${loads[1]?.requests} 个连接，同时 ${loads[1]?.concurrency} 个。数字为 ${result.settings.repeats} 次重复的中位数（最小–最大）。`,
    '',
    en
      ? `**EAGAIN/conn**: failed \`accept4\` calls per connection, ${result.summary.perf === PERF_USED ? 'counted in the kernel with `perf stat` on the `syscalls:sys_exit_accept4` tracepoint (perf reads counters; unlike strace it does not stop the process at each call)' : `not counted here: ${result.summary.perf}`}. They are far fewer than the wasted wake-ups: a worker that loses the race usually finds the accept queue empty inside the kernel and goes back to sleep without returning to Node at all; only a loser that gets as far as calling accept shows up as EAGAIN. Counted under strace the figure is several times higher (bench/README.md, "Why no strace for the herd"): strace stops each process at every system call and widens the race it is watching.`
      : `**EAGAIN/连接**：每个连接失败的 \`accept4\` 调用次数，${result.summary.perf === PERF_USED ? '用 `perf stat` 在内核的 `syscalls:sys_exit_accept4` 跟踪点上计数（perf 只读取计数器，不像 strace 那样在每次系统调用时暂停进程）' : `此处未统计：${result.summary.perf}`}。它远少于浪费的唤醒：输掉竞争的 worker 通常在内核里就发现 accept 队列已空，直接重新睡眠，根本没有回到 Node；只有走到调用 accept 那一步才输掉的，才会表现为 EAGAIN。在 strace 下统计，这个数字会高出数倍（见 bench/README.md 的“Why no strace for the herd”）：strace 在每次系统调用时都会暂停进程，放大了它正在观察的竞争。`,
    '',
  ];
  md.push(
    markdownTable(
      en
        ? [
            'mode',
            'accepts',
            'workers',
            'load',
            'worker wake-ups/conn',
            'per worker',
            'excess vs 1 w',
            'primary/conn',
            'EAGAIN/conn',
          ]
        : [
            '模式',
            '接受方式',
            'worker 数',
            '负载',
            'worker 唤醒/连接',
            '每个 worker',
            '比 1 个 worker 多出',
            '主进程/连接',
            'EAGAIN/连接',
          ],
      rows.map((r) => [
        r.label,
        ACCEPT_LABEL[lang][r.accept] ?? r.accept,
        r.workers,
        en ? r.load : r.load === 'low' ? '低负载' : '饱和',
        spreadCell(r.workerWakeups),
        num(r.perWorkerWakeups.median),
        r.excessOverOne === null ? '–' : num(r.excessOverOne),
        num(r.primaryWakeups.median),
        r.eagain ? spreadCell(r.eagain) : '–',
      ]),
    ),
  );
  const charts: DocsSection['charts'] = [];
  const workerCounts = [...new Set(rows.map((r) => r.workers))].sort((a, b) => a - b);
  for (const load of ['low', 'saturation'] as const) {
    const modes = [...new Set(rows.filter((r) => r.load === load).map((r) => r.mode))];
    charts.push({
      name: `herd-${load}`,
      svg: barChart({
        title: en
          ? `Worker wake-ups per connection, ${load === 'low' ? 'low load (one at a time)' : 'saturation'}`
          : `每个连接的 worker 唤醒次数，${load === 'low' ? '低负载（逐个连接）' : '饱和'}`,
        subtitle: en
          ? 'all workers added up; bar: median, whisker: min–max over repeats'
          : '所有 worker 之和；柱：中位数，须线：重复间的最小–最大',
        legend: workerCounts.map((w, i) => ({
          label: en ? `${w} worker${w > 1 ? 's' : ''}` : `${w} 个 worker`,
          series: i,
        })),
        groups: modes.map((mode) => {
          const first = rows.find((r) => r.mode === mode)!;
          return {
            heading: `${first.label} — ${ACCEPT_LABEL[lang][first.accept] ?? first.accept}`,
            rows: rows
              .filter((r) => r.mode === mode && r.load === load)
              .map((r) => ({
                label: en
                  ? `${r.workers} worker${r.workers > 1 ? 's' : ''}`
                  : `${r.workers} 个 worker`,
                value: r.workerWakeups.median,
                min: r.workerWakeups.min,
                max: r.workerWakeups.max,
                series: workerCounts.indexOf(r.workers),
              })),
          };
        }),
      }),
    });
  }
  md.push(
    '',
    `${en ? '**Noise:** ' : '**波动：**'}${noiseSentence(
      rows.filter((r) => r.load === 'low').map((r) => r.workerWakeups),
      en ? 'Worker wake-ups per connection at low load' : '低负载下每个连接的 worker 唤醒次数',
      lang,
    )}`,
    '',
  );
  return docsSection(md, charts, lang);
}
