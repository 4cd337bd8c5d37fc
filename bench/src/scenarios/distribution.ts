/**
 * distribution: who serves the load, mode by mode, under keep-alive and fresh connections.
 *
 *   repeat 1: mode A ×2, mode B ×2, … mode A ×4, mode B ×4, …   (modes alternate in a repeat)
 *   repeat 2: the same order again …
 *   per server: warm-up, then three loads
 *     keep-alive few   3 autocannon connections  → at best 2:1 on two workers, whatever the policy
 *     keep-alive many  64 autocannon connections → what the scheduler does per connection
 *     fresh            one request per connection (kit's raw client) → per-request scheduling
 *
 * Per run: per-worker requests and connections, Jain's index, CV, max/min, throughput, p50/p99.
 * Summary: for each mode × workers × load, the min/median/max of every figure over the repeats.
 */
import { freshLoad, keepAliveLoad, type LoadResult } from '../load.ts';
import { describeModes, findMode } from '../modes.ts';
import { barChart, shareChart } from '../report/svg.ts';
import {
  alternatingPlan,
  type DocsSection,
  docsSection,
  type Lang,
  type ScenarioResult,
  serverScenario,
} from '../scenario.ts';
import {
  bestJain,
  type FairnessRow,
  fairnessRow,
  padWorkers,
  type Spread,
  spreadOf,
  type WorkerCount,
} from '../stats.ts';
import {
  int,
  markdownTable,
  noiseSentence,
  num,
  plural,
  renderTable,
  spreadCell,
  workerBars,
} from '../table.ts';

export const DISTRIBUTION_MODES = [
  'node-rr',
  'node-none',
  's04-shared',
  's04-passing',
  's06-rr',
  's06-none',
  's03-proxy',
  'node-reuseport',
  's06-reuseport',
  's04-reuse-port',
  // nginx in front of 2 hosts (2 workers: 2 hosts × 1; 4: 2 × 2). Skipped, with the install
  // line, where nginx is missing. Its keep-alive loads show the two levels: nginx deals
  // requests, each host's cluster deals nginx's own upstream connections.
  's07-nginx',
  // The same hosts behind HAProxy (one process, one roundrobin counter for all its threads).
  's07-haproxy',
] as const;

/**
 * A front proxy (nginx, HAProxy) deals each request of a keep-alive connection to a host on its own, so
 * whole client connections do not bound its evenness: its best is 1, as for fresh connections.
 */
function dealsRequests(id: string): boolean {
  return findMode(id).accept === 'front-proxy';
}

export type LoadName = 'keep-alive-few' | 'keep-alive-many' | 'fresh';
const LOAD_ORDER: LoadName[] = ['keep-alive-few', 'keep-alive-many', 'fresh'];

interface LoadSpec {
  name: LoadName;
  kind: 'keep-alive' | 'fresh';
  /** Client connections held (keep-alive) or requests in flight (fresh). */
  connections: number;
  requests: number;
}

function workerCounts(quick: boolean): number[] {
  return quick ? [2] : [2, 4];
}

function loads(quick: boolean): LoadSpec[] {
  return [
    { name: 'keep-alive-few', kind: 'keep-alive', connections: 3, requests: quick ? 60 : 2000 },
    {
      name: 'keep-alive-many',
      kind: 'keep-alive',
      connections: quick ? 8 : 64,
      requests: quick ? 160 : 6000,
    },
    { name: 'fresh', kind: 'fresh', connections: 8, requests: quick ? 40 : 1000 },
  ];
}

export interface DistributionRun {
  repeat: number;
  mode: string;
  label: string;
  workers: number;
  load: LoadName;
  connections: number;
  requests: number;
  ok: number;
  failed: number;
  elapsedMs: number;
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  perWorker: WorkerCount[];
  byRequests: FairnessRow;
  byConnections: FairnessRow;
}

export interface DistributionRow {
  mode: string;
  label: string;
  workers: number;
  load: LoadName;
  connections: number;
  repeats: number;
  jain: Spread;
  jainConnections: Spread;
  /** The best Jain's index whole connections allow (keep-alive: connections over workers). */
  bestJain: number;
  cv: Spread;
  maxOverMin: Spread;
  throughput: Spread;
  p50Ms: Spread;
  p99Ms: Spread;
  failed: number;
  /** The per-worker tally of the repeat with the median Jain's index. */
  medianRun: WorkerCount[];
}

export interface DistributionSummary {
  rows: DistributionRow[];
}

export function summariseDistribution(runs: readonly DistributionRun[]): DistributionSummary {
  const keys = new Map<string, DistributionRun[]>();
  for (const run of runs) {
    const key = `${run.mode}|${run.workers}|${run.load}`;
    keys.set(key, [...(keys.get(key) ?? []), run]);
  }
  const rows: DistributionRow[] = [];
  for (const group of keys.values()) {
    const first = group[0]!;
    const byJain = [...group].sort((a, b) => a.byRequests.jain - b.byRequests.jain);
    const median = byJain[Math.floor((byJain.length - 1) / 2)]!;
    rows.push({
      mode: first.mode,
      label: first.label,
      workers: first.workers,
      load: first.load,
      connections: first.connections,
      repeats: group.length,
      jain: spreadOf(group.map((r) => r.byRequests.jain)),
      jainConnections: spreadOf(group.map((r) => r.byConnections.jain)),
      bestJain:
        first.load === 'fresh' || dealsRequests(first.mode)
          ? 1
          : bestJain(first.connections, first.workers),
      cv: spreadOf(group.map((r) => r.byRequests.cv)),
      maxOverMin: spreadOf(group.map((r) => r.byRequests.maxOverMin)),
      throughput: spreadOf(group.map((r) => r.throughput)),
      p50Ms: spreadOf(group.map((r) => r.p50Ms)),
      p99Ms: spreadOf(group.map((r) => r.p99Ms)),
      failed: group.reduce((sum, r) => sum + r.failed, 0),
      medianRun: median.perWorker,
    });
  }
  const modeOrder = (id: string) =>
    DISTRIBUTION_MODES.indexOf(id as (typeof DISTRIBUTION_MODES)[number]);
  rows.sort(
    (a, b) =>
      a.workers - b.workers ||
      LOAD_ORDER.indexOf(a.load) - LOAD_ORDER.indexOf(b.load) ||
      modeOrder(a.mode) - modeOrder(b.mode),
  );
  return { rows };
}

function toRun(
  base: Omit<
    DistributionRun,
    | 'ok'
    | 'failed'
    | 'elapsedMs'
    | 'throughput'
    | 'p50Ms'
    | 'p99Ms'
    | 'perWorker'
    | 'byRequests'
    | 'byConnections'
  >,
  workerPids: number[],
  result: LoadResult,
): DistributionRun {
  const perWorker = padWorkers(workerPids, result.served);
  return {
    ...base,
    ok: result.ok,
    failed: result.failed,
    elapsedMs: result.elapsedMs,
    throughput: result.throughput,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    perWorker,
    byRequests: fairnessRow(perWorker.map((w) => w.requests)),
    byConnections: fairnessRow(perWorker.map((w) => w.connections)),
  };
}

export const distribution = serverScenario<DistributionRun, DistributionSummary>({
  name: 'distribution',
  title: 'Load distribution per worker',
  inDefault: true,
  modes: DISTRIBUTION_MODES,
  plan: (ctx, modes) => alternatingPlan(ctx, modes, workerCounts(ctx.quick)),

  async measure({ repeat, workers, mode, server, ctx, progress }) {
    const runs: DistributionRun[] = [];
    for (const spec of loads(ctx.quick)) {
      progress.note(`repeat ${repeat}: ${mode.label} ×${workers} · ${spec.name}`);
      const result =
        spec.kind === 'fresh'
          ? await freshLoad({
              port: server.port,
              requests: spec.requests,
              concurrency: spec.connections,
            })
          : await keepAliveLoad({
              port: server.port,
              connections: spec.connections,
              requests: spec.requests,
            });
      runs.push(
        toRun(
          {
            repeat,
            mode: mode.id,
            label: mode.label,
            workers,
            load: spec.name,
            connections: spec.connections,
            requests: spec.requests,
          },
          server.workerPids,
          result,
        ),
      );
    }
    return runs;
  },

  settings: ({ ctx, modes }) => ({
    modes: modes.map((m) => m.id),
    servers: describeModes(modes, workerCounts(ctx.quick)[0] ?? 2),
    workers: workerCounts(ctx.quick),
    repeats: ctx.repeats,
    loads: loads(ctx.quick),
    order: 'each repeat runs every mode in turn (A B C … A B C …)',
  }),

  summarise: (runs) => summariseDistribution(runs),

  terminal(result) {
    const out: string[] = [];
    const rows = result.summary.rows;
    out.push(
      renderTable(
        [
          'mode',
          'w',
          'load',
          'Jain (req)',
          'best',
          'Jain (conn)',
          'max/min',
          'CV',
          'req/s',
          'p50 ms',
          'p99 ms',
          'fail',
        ],
        rows.map((r) => [
          r.label,
          r.workers,
          loadLabel(r.load, r.connections, 'en'),
          spreadCell(r.jain, (v) => num(v, 3)),
          num(r.bestJain, 3),
          spreadCell(r.jainConnections, (v) => num(v, 3)),
          num(r.maxOverMin.median),
          num(r.cv.median),
          spreadCell(r.throughput, int),
          num(r.p50Ms.median),
          num(r.p99Ms.median),
          r.failed,
        ]),
      ),
    );
    out.push('', 'Per worker (the repeat with the median Jain index):');
    for (const r of rows) {
      out.push(`  ${r.label} ×${r.workers} · ${loadLabel(r.load, r.connections, 'en')}`);
      out.push(workerBars(r.medianRun));
    }
    return out.join('\n');
  },

  docs(result, lang) {
    return distributionDocs(result, lang);
  },
});

export function loadLabel(load: LoadName, connections: number, lang: Lang): string {
  if (load === 'fresh') {
    return lang === 'en' ? `fresh, ${connections} at once` : `每请求新连接，并发 ${connections}`;
  }
  return lang === 'en' ? `keep-alive, ${connections} conn` : `keep-alive，${connections} 个连接`;
}

function distributionDocs(
  result: ScenarioResult<DistributionRun, DistributionSummary>,
  lang: Lang,
): DocsSection {
  const en = lang === 'en';
  const rows = result.summary.rows;
  const workerCounts = [...new Set(rows.map((r) => r.workers))];
  const md: string[] = [];
  md.push(
    en
      ? `Every mode serves the same hello-world app. Each server gets a short warm-up, then three loads in a row. **Jain (req)** is computed from the requests each worker served, **Jain (conn)** from the connections it accepted; **best** is the highest Jain's index whole connections allow (3 keep-alive connections on 2 workers can at best split 2:1, whatever the scheduler does), except behind nginx (07), which deals each request of a connection to a host on its own. Figures are the median over ${plural(result.settings.repeats as number, 'repeat')} with (min–max). Keep-alive latencies come from autocannon, which records whole milliseconds.`
      : `每种模式运行同一个 hello-world 应用。每个服务先短暂预热，然后依次承受三种负载。**Jain (req)** 按每个 worker 处理的请求数计算，**Jain (conn)** 按它接受的连接数计算；**best** 是以整条连接为单位所能达到的最高 Jain 指数（2 个 worker 上的 3 条 keep-alive 连接最多只能 2:1 分配，与调度策略无关）；nginx（07）在前面时除外，它把一条连接上的每个请求分别转给某台主机。数字为 ${result.settings.repeats} 次重复的中位数，括号内为（最小–最大）。keep-alive 的延迟来自 autocannon，它只记录整毫秒。`,
  );
  for (const workers of workerCounts) {
    md.push('', en ? `#### ${workers} workers` : `#### ${workers} 个 worker`, '');
    md.push(
      markdownTable(
        en
          ? [
              'mode',
              'load',
              'Jain (req)',
              'best',
              'Jain (conn)',
              'max/min',
              'CV',
              'req/s',
              'p50 ms',
              'p99 ms',
            ]
          : [
              '模式',
              '负载',
              'Jain (req)',
              'best',
              'Jain (conn)',
              'max/min',
              'CV',
              '请求/秒',
              'p50 ms',
              'p99 ms',
            ],
        rows
          .filter((r) => r.workers === workers)
          .map((r) => [
            r.label,
            loadLabel(r.load, r.connections, lang),
            spreadCell(r.jain, (v) => num(v, 3)),
            num(r.bestJain, 3),
            spreadCell(r.jainConnections, (v) => num(v, 3)),
            num(r.maxOverMin.median),
            num(r.cv.median),
            spreadCell(r.throughput, int),
            num(r.p50Ms.median),
            num(r.p99Ms.median),
          ]),
      ),
    );
  }
  const charts: DocsSection['charts'] = [];
  for (const workers of workerCounts) {
    const name = `distribution-jain-${workers}w`;
    const modes = [...new Set(rows.map((r) => r.mode))];
    charts.push({
      name,
      svg: barChart({
        title: en
          ? `Jain's fairness index by requests, ${workers} workers`
          : `按请求计的 Jain 公平指数，${workers} 个 worker`,
        subtitle: en
          ? 'bar: median of the repeats, whisker: min–max; 1 = perfectly even'
          : '柱：重复的中位数，须线：最小–最大；1 = 完全均匀',
        legend: LOAD_ORDER.map((load, series) => ({
          label: loadLabel(load, rows.find((r) => r.load === load)?.connections ?? 0, lang),
          series,
        })),
        axisMax: 1,
        digits: 3,
        groups: modes.map((mode) => ({
          heading: rows.find((r) => r.mode === mode)?.label,
          rows: rows
            .filter((r) => r.mode === mode && r.workers === workers)
            .map((r) => ({
              label: loadLabel(r.load, r.connections, lang),
              value: r.jain.median,
              min: r.jain.min,
              max: r.jain.max,
              series: LOAD_ORDER.indexOf(r.load),
              text: num(r.jain.median, 3),
            })),
        })),
      }),
    });
    const shareName = `distribution-shares-${workers}w`;
    charts.push({
      name: shareName,
      svg: shareChart({
        title: en
          ? `Share of requests per worker, ${workers} workers (median repeat)`
          : `每个 worker 处理的请求占比，${workers} 个 worker（中位数那次）`,
        subtitle: en
          ? 'one colour per worker; dashed lines mark an even split'
          : '每种颜色代表一个 worker；虚线为均分位置',
        groups: LOAD_ORDER.map((load) => ({
          heading: loadLabel(load, rows.find((r) => r.load === load)?.connections ?? 0, lang),
          rows: rows
            .filter((r) => r.load === load && r.workers === workers)
            .map((r) => {
              const total = r.medianRun.reduce((s, w) => s + w.requests, 0) || 1;
              return {
                label: r.label,
                shares: r.medianRun.map((w) => w.requests / total),
                text: `Jain ${num(r.jain.median, 3)}`,
              };
            }),
        })),
      }),
    });
  }
  md.push(
    '',
    `${en ? '**Noise:** ' : '**波动：**'}${noiseSentence(
      rows.map((r) => r.throughput),
      en ? 'Throughput' : '吞吐量',
      lang,
    )} ${noiseSentence(
      rows.filter((r) => r.load === 'fresh').map((r) => r.jain),
      en ? "Jain's index for fresh connections" : '新连接负载下的 Jain 指数',
      lang,
    )}`,
    '',
  );
  return docsSection(md, charts, lang);
}
