/**
 * scaling: one process vs 1, 2, 4 workers, and the clone vs node:cluster in pairs.
 *
 *   part 1, setups:  one process · node:cluster RR ×1 · ×2 · ×4 · node:cluster reusePort ×2 · ×4
 *                    · stage 04's reusePort ×2
 *                    (alternating per repeat)
 *   part 2, pairs:   node:cluster RR ×2 vs clone RR ×2: A B, B A, A B, B A …  (same for NONE,
 *                    and for reusePort: node's workers listening with reusePort vs the clone's
 *                    SCHED_REUSEPORT)
 *
 *   per server: keep-alive throughput (autocannon), then a fixed amount of fresh-connection
 *               traffic at low concurrency: throughput and server CPU time per connection
 *               (Σ utime+stime of every server process from /proc/<pid>/stat, before/after)
 *
 * On a 2-core machine with the load generator on the same cores, more workers cannot show
 * more throughput: the client and the servers share two cores. The setups show the cost of
 * each extra process and hop, not scaling. CPU per connection at a fixed amount of traffic is
 * the steadier figure: it swings far less between identical runs than throughput does.
 */
import { MS_PER_TICK, measureLoads } from '../measure-loads.ts';
import { describeModes, findMode, type Mode } from '../modes.ts';
import { barChart } from '../report/svg.ts';
import {
  type DocsSection,
  docsSection,
  type Lang,
  type RunContext,
  type ScenarioResult,
  type Step,
  serverScenario,
} from '../scenario.ts';
import { padWorkers, ratio, type Spread, spreadOf, type WorkerCount } from '../stats.ts';
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

interface Measured {
  keepAliveThroughput: number;
  freshThroughput: number;
  freshOk: number;
  failed: number;
  cpuTicks: number;
  cpuMsPerConn: number;
  /** Who served the fresh connections. */
  perWorker: WorkerCount[];
}

export interface ScalingRun extends Measured {
  part: 'setup' | 'pair';
  /** Repeat number (setups) or pair number (pairs). */
  round: number;
  /** For pairs: which of the two ran first in this pair. */
  order?: 'node first' | 'clone first';
  policy?: PairPolicy;
  mode: string;
  label: string;
  workers: number;
}

export interface SetupRow {
  setup: string;
  mode: string;
  workers: number;
  keepAlive: Spread;
  fresh: Spread;
  cpuMsPerConn: Spread;
}

export interface PairRow {
  policy: PairPolicy;
  node: string;
  clone: string;
  pairs: number;
  /** clone / node per pair. */
  keepAliveRatio: Spread;
  freshRatio: Spread;
  cpuRatio: Spread;
  nodeCpu: Spread;
  cloneCpu: Spread;
  nodeFresh: Spread;
  cloneFresh: Spread;
  perPair: { round: number; order: string; keepAlive: number; fresh: number; cpu: number }[];
}

export interface ScalingSummary {
  setups: SetupRow[];
  pairs: PairRow[];
}

type PairPolicy = 'rr' | 'none' | 'reuseport';

const POLICY_NAMES: Record<PairPolicy, string> = {
  rr: 'SCHED_RR',
  none: 'SCHED_NONE',
  reuseport: 'reusePort',
};

/**
 * Not s07-nginx: CPU per connection is summed over the pids of the ready report, which for the
 * front leaves out nginx and the hosts' primaries (the processes that do the relaying), and two
 * extra hops on the same two cores would measure the machine more than the scaling.
 */
const SETUPS: { mode: string; workers: number }[] = [
  { mode: 'single', workers: 1 },
  { mode: 'node-rr', workers: 1 },
  { mode: 'node-rr', workers: 2 },
  { mode: 'node-rr', workers: 4 },
  // A socket per worker (Node 22.12+ / 23.1+; left out, with the reason, on older lines).
  { mode: 'node-reuseport', workers: 2 },
  { mode: 'node-reuseport', workers: 4 },
  { mode: 's04-reuse-port', workers: 2 },
];

const PAIRS: { policy: PairPolicy; node: string; clone: string }[] = [
  // The node side runs the same program as the clone side (stage 06's serve script, or bench's
  // node-cluster.ts), only with --impl node: the pair differs in the cluster module alone.
  { policy: 'rr', node: 's06-node-rr', clone: 's06-rr' },
  { policy: 'none', node: 's06-node-none', clone: 's06-none' },
  // node:cluster has no reusePort policy: its side is bench's node-cluster.ts, whose workers
  // listen with reusePort themselves; the clone's side is SCHED_REUSEPORT in stage 06's program.
  { policy: 'reuseport', node: 'node-reuseport', clone: 's06-reuseport' },
];

export const SCALING_MODES = [
  ...new Set([...SETUPS.map((s) => s.mode), ...PAIRS.flatMap((p) => [p.node, p.clone])]),
];

export function setupName(label: string, workers: number, single: boolean): string {
  return single ? label : `${label} ×${workers}`;
}

export function summariseScaling(runs: readonly ScalingRun[]): ScalingSummary {
  const setups: SetupRow[] = [];
  for (const s of SETUPS) {
    const group = runs.filter(
      (r) => r.part === 'setup' && r.mode === s.mode && r.workers === s.workers,
    );
    if (!group.length) continue;
    setups.push({
      setup: setupName(group[0]!.label, s.workers, s.mode === 'single'),
      mode: s.mode,
      workers: s.workers,
      keepAlive: spreadOf(group.map((r) => r.keepAliveThroughput)),
      fresh: spreadOf(group.map((r) => r.freshThroughput)),
      cpuMsPerConn: spreadOf(group.map((r) => r.cpuMsPerConn)),
    });
  }
  const pairs: PairRow[] = [];
  for (const p of PAIRS) {
    const mine = runs.filter((r) => r.part === 'pair' && r.policy === p.policy);
    const rounds = [...new Set(mine.map((r) => r.round))];
    const perPair = rounds.flatMap((round) => {
      const a = mine.find((r) => r.round === round && r.mode === p.node);
      const b = mine.find((r) => r.round === round && r.mode === p.clone);
      if (!a || !b) return [];
      return [
        {
          round,
          order: a.order ?? '',
          keepAlive: ratio(b.keepAliveThroughput, a.keepAliveThroughput),
          fresh: ratio(b.freshThroughput, a.freshThroughput),
          cpu: ratio(b.cpuMsPerConn, a.cpuMsPerConn),
        },
      ];
    });
    if (!perPair.length) continue;
    const of = (mode: string, f: (r: ScalingRun) => number) =>
      spreadOf(mine.filter((r) => r.mode === mode).map(f));
    pairs.push({
      policy: p.policy,
      node: findMode(p.node).label,
      clone: findMode(p.clone).label,
      pairs: perPair.length,
      keepAliveRatio: spreadOf(perPair.map((x) => x.keepAlive)),
      freshRatio: spreadOf(perPair.map((x) => x.fresh)),
      cpuRatio: spreadOf(perPair.map((x) => x.cpu)),
      nodeCpu: of(p.node, (r) => r.cpuMsPerConn),
      cloneCpu: of(p.clone, (r) => r.cpuMsPerConn),
      nodeFresh: of(p.node, (r) => r.freshThroughput),
      cloneFresh: of(p.clone, (r) => r.freshThroughput),
      perPair,
    });
  }
  return { setups, pairs };
}

function sizesFor(quick: boolean) {
  return {
    keepAliveConnections: quick ? 8 : 32,
    keepAliveRequests: quick ? 200 : 6000,
    freshRequests: quick ? 60 : 3000,
    freshConcurrency: 4,
  };
}

const pairCountFor = (ctx: RunContext) => (ctx.quick ? 1 : Math.max(6, ctx.repeats));

/** What a step is: a setup of part 1, or one side of a pair of part 2. */
type ScalingTag = Pick<ScalingRun, 'part' | 'order' | 'policy'>;

/**
 * Part 1: every setup, repeat by repeat. Part 2: the pairs, node first in odd pairs and clone
 * first in even ones (A B, B A, …), so neither side always gets the warmer or noisier slot.
 * A setup or a pair whose mode cannot run here is left out.
 */
function scalingPlan(ctx: RunContext, modes: readonly Mode[]): Step<ScalingTag>[] {
  const has = (id: string) => modes.some((m) => m.id === id);
  const setups = SETUPS.filter((s) => has(s.mode) && (!ctx.quick || s.workers <= 2));
  const pairs = PAIRS.filter((p) => has(p.node) && has(p.clone));
  const steps: Step<ScalingTag>[] = [];
  for (let round = 1; round <= ctx.repeats; round++) {
    for (const s of setups) {
      const mode = findMode(s.mode);
      steps.push({
        mode,
        workers: s.workers,
        repeat: round,
        what: `setups, repeat ${round}: ${setupName(mode.label, s.workers, s.mode === 'single')}`,
        tag: { part: 'setup' },
      });
    }
  }
  for (let round = 1; round <= pairCountFor(ctx); round++) {
    for (const p of pairs) {
      const nodeFirst = round % 2 === 1;
      for (const id of nodeFirst ? [p.node, p.clone] : [p.clone, p.node]) {
        const mode = findMode(id);
        steps.push({
          mode,
          workers: 2,
          repeat: round,
          what: `pair ${round} (${p.policy}): ${mode.label} ×2`,
          tag: { part: 'pair', order: nodeFirst ? 'node first' : 'clone first', policy: p.policy },
        });
      }
    }
  }
  return steps;
}

export const scaling = serverScenario<ScalingRun, ScalingSummary, ScalingTag>({
  name: 'scaling',
  title: 'Scaling and cost: one process vs workers, clone vs node:cluster',
  inDefault: true,
  modes: SCALING_MODES,
  plan: scalingPlan,

  async measure({ repeat, workers, mode, server, ctx, tag }) {
    const { keepAlive, fresh, ...cpu } = await measureLoads(server, sizesFor(ctx.quick));
    return [
      {
        part: tag.part,
        round: repeat,
        ...(tag.part === 'pair' ? { order: tag.order, policy: tag.policy } : {}),
        mode: mode.id,
        label: mode.label,
        workers,
        keepAliveThroughput: keepAlive.throughput,
        freshThroughput: fresh.throughput,
        freshOk: fresh.ok,
        ...cpu, // failed, cpuTicks, cpuMsPerConn
        perWorker: padWorkers(server.workerPids, fresh.served),
      },
    ];
  },

  settings: ({ ctx, modes }) => {
    const steps = scalingPlan(ctx, modes);
    return {
      servers: describeModes([...new Set(steps.map((s) => s.mode.id))].map(findMode), 2),
      ...sizesFor(ctx.quick),
      repeats: ctx.repeats,
      pairs: pairCountFor(ctx),
      pairWorkers: 2,
      msPerTick: MS_PER_TICK,
    };
  },

  summarise: (runs) => summariseScaling(runs),

  terminal(result) {
    const { setups, pairs } = result.summary;
    const out = [
      renderTable(
        ['setup', 'keep-alive req/s', 'fresh conn/s', 'CPU ms/conn'],
        setups.map((s) => [
          s.setup,
          spreadCell(s.keepAlive, int),
          spreadCell(s.fresh, int),
          spreadCell(s.cpuMsPerConn, (v) => num(v, 3)),
        ]),
      ),
      '',
      'Clone / node:cluster, per pair (A B, B A, …), 2 workers:',
      pairs.length
        ? renderTable(
            [
              'policy',
              'pairs',
              'keep-alive ratio',
              'fresh ratio',
              'CPU/conn ratio',
              'node CPU ms/conn',
              'clone CPU ms/conn',
            ],
            pairs.map((p) => [
              p.policy,
              p.pairs,
              spreadCell(p.keepAliveRatio, (v) => num(v, 3)),
              spreadCell(p.freshRatio, (v) => num(v, 3)),
              spreadCell(p.cpuRatio, (v) => num(v, 3)),
              spreadCell(p.nodeCpu, (v) => num(v, 3)),
              spreadCell(p.cloneCpu, (v) => num(v, 3)),
            ]),
          )
        : '  (stage 06 has no server script yet: no pairs)',
      '',
      'Fresh connections per worker (last run of each setup):',
    ];
    const last = new Map<string, ScalingRun>();
    for (const run of result.runs) last.set(`${run.part}|${run.mode}|${run.workers}`, run);
    for (const run of last.values()) {
      out.push(
        `  ${setupName(run.label, run.workers, run.mode === 'single')}${run.part === 'pair' ? ' (pairs)' : ''}`,
      );
      out.push(workerBars(run.perWorker));
    }
    return out.join('\n');
  },

  docs(result, lang) {
    return scalingDocs(result, lang);
  },
});

/** A chart's bars for one figure: every setup, then the two sides of each pair. */
function chartGroups(
  setups: readonly SetupRow[],
  pairs: readonly PairRow[],
  lang: Lang,
  figure: { setup(r: SetupRow): Spread; node(p: PairRow): Spread; clone(p: PairRow): Spread },
  text?: (value: number) => string,
) {
  const en = lang === 'en';
  const bar = (label: string, spread: Spread, series: number) => ({
    label,
    value: spread.median,
    min: spread.min,
    max: spread.max,
    series,
    ...(text ? { text: text(spread.median) } : {}),
  });
  const policy = (p: PairRow) => POLICY_NAMES[p.policy];
  return [
    {
      heading: en ? 'setups' : '配置',
      rows: setups.map((r, i) =>
        bar(r.mode === 'single' ? (en ? 'one process' : '单进程') : r.setup, figure.setup(r), i),
      ),
    },
    ...pairs.map((p) => ({
      heading: en ? `pairs, ${policy(p)}` : `成对，${policy(p)}`,
      rows: [bar(`${p.node} ×2`, figure.node(p), 0), bar(`${p.clone} ×2`, figure.clone(p), 1)],
    })),
  ];
}

function scalingDocs(result: ScenarioResult<ScalingRun, ScalingSummary>, lang: Lang): DocsSection {
  const en = lang === 'en';
  const { setups, pairs } = result.summary;
  const s = result.settings as Record<string, number>;
  const md: string[] = [
    en
      ? `**This machine cannot show scaling.** It has ${result.machine.cpus} cores, and the load generator runs on them too: with more workers the servers and the client only compete for the same cores. What the first table shows is the cost of each extra process and hop, not how a cluster scales on a bigger machine.`
      : `**这台机器无法展示扩展性。** 它只有 ${result.machine.cpus} 个核，压测客户端也运行在这些核上：worker 越多，服务器和客户端只是在争抢同样的核。第一张表展示的是每多一个进程、多一跳的开销，而不是集群在更大机器上的扩展能力。`,
    '',
    en
      ? `Per server: a keep-alive load (autocannon, ${s.keepAliveConnections} connections, ${s.keepAliveRequests} requests), then ${s.freshRequests} fresh connections, ${s.freshConcurrency} at a time. **CPU ms/conn** is the user + system CPU time of every server process (\`/proc/<pid>/stat\`, 10 ms ticks) during the fresh-connection traffic, divided by the connections. Median over ${plural(s.repeats as number, 'repeat')} with (min–max).`
      : `每个服务：先跑一轮 keep-alive 负载（autocannon，${s.keepAliveConnections} 个连接，共 ${s.keepAliveRequests} 个请求），再发 ${s.freshRequests} 个新连接，每次 ${s.freshConcurrency} 个。**CPU ms/连接** 是新连接流量期间所有服务进程的用户态 + 内核态 CPU 时间（\`/proc/<pid>/stat\`，以 10 ms 为单位）除以连接数。数字为 ${s.repeats} 次重复的中位数（最小–最大）。`,
    '',
    markdownTable(
      en
        ? ['setup', 'keep-alive req/s', 'fresh conn/s', 'CPU ms/conn']
        : ['配置', 'keep-alive 请求/秒', '新连接/秒', 'CPU ms/连接'],
      setups.map((r) => [
        r.mode === 'single' ? (en ? 'one process' : '单进程') : r.setup,
        spreadCell(r.keepAlive, int),
        spreadCell(r.fresh, int),
        spreadCell(r.cpuMsPerConn, (v) => num(v, 3)),
      ]),
    ),
    '',
    en ? '#### Clone vs node:cluster, in pairs' : '#### 克隆版与 node:cluster 成对比较',
    '',
  ];
  if (pairs.length) {
    md.push(
      en
        ? `Each pair starts node:cluster and the clone one after the other (${s.pairWorkers} workers each), alternating which goes first (A B, B A, …). A ratio is clone ÷ node:cluster within one pair; the table gives the median ratio over ${plural(s.pairs as number, 'pair')} with (min–max). Below 1 means the clone used less CPU per connection (or served less, for throughput). node:cluster has no reusePort policy: in that pair its side is \`bench/src/servers/node-cluster.ts\`, whose workers listen with \`reusePort: true\` themselves, against the clone's SCHED_REUSEPORT in stage 06's program.`
        : `每一对依次启动 node:cluster 和克隆版（各 ${s.pairWorkers} 个 worker），交替先后顺序（A B, B A, …）。比值为同一对内 克隆版 ÷ node:cluster；表中为 ${s.pairs} 对的中位数（最小–最大）。小于 1 表示克隆版每个连接用的 CPU 更少（对吞吐量而言则是更慢）。node:cluster 没有 reusePort 策略：在 reusePort 这一对里，它的一方是 \`bench/src/servers/node-cluster.ts\`，其 worker 自己用 \`reusePort: true\` 监听，对面是第 06 阶段程序里克隆版的 SCHED_REUSEPORT。`,
      '',
      markdownTable(
        en
          ? [
              'policy',
              'pairs',
              'keep-alive req/s ratio',
              'fresh conn/s ratio',
              'CPU/conn ratio',
              'node CPU ms/conn',
              'clone CPU ms/conn',
            ]
          : [
              '策略',
              '对数',
              'keep-alive 吞吐比',
              '新连接吞吐比',
              'CPU/连接 比',
              'node CPU ms/连接',
              '克隆版 CPU ms/连接',
            ],
        pairs.map((p) => [
          POLICY_NAMES[p.policy],
          p.pairs,
          spreadCell(p.keepAliveRatio, (v) => num(v, 3)),
          spreadCell(p.freshRatio, (v) => num(v, 3)),
          spreadCell(p.cpuRatio, (v) => num(v, 3)),
          spreadCell(p.nodeCpu, (v) => num(v, 3)),
          spreadCell(p.cloneCpu, (v) => num(v, 3)),
        ]),
      ),
    );
  } else {
    md.push(
      en
        ? 'Not measured: stage 06 has no server script yet.'
        : '未测量：第 06 阶段还没有服务脚本。',
    );
  }
  const charts: DocsSection['charts'] = [
    {
      name: 'scaling-cpu',
      svg: barChart({
        title: en ? 'Server CPU time per fresh connection' : '每个新连接的服务器 CPU 时间',
        subtitle: en
          ? 'all server processes, ms per connection; median, whisker min–max'
          : '所有服务进程，每连接毫秒数；中位数，须线为最小–最大',
        digits: 3,
        groups: chartGroups(setups, pairs, lang, {
          setup: (r) => r.cpuMsPerConn,
          node: (p) => p.nodeCpu,
          clone: (p) => p.cloneCpu,
        }),
      }),
    },
    {
      name: 'scaling-throughput',
      svg: barChart({
        title: en ? 'Fresh connections per second' : '每秒新连接数',
        subtitle: en
          ? `${s.freshConcurrency} at a time; client and servers share ${result.machine.cpus} cores: not a scaling test`
          : `每次 ${s.freshConcurrency} 个；客户端与服务器共用 ${result.machine.cpus} 个核：不是扩展性测试`,
        digits: 0,
        groups: chartGroups(
          setups,
          pairs,
          lang,
          { setup: (r) => r.fresh, node: (p) => p.nodeFresh, clone: (p) => p.cloneFresh },
          int,
        ),
      }),
    },
  ];
  const all = [
    ...setups.flatMap((r) => [r.fresh, r.keepAlive]),
    ...pairs.flatMap((p) => [p.nodeFresh, p.cloneFresh]),
  ];
  const cpu = [
    ...setups.map((r) => r.cpuMsPerConn),
    ...pairs.flatMap((p) => [p.nodeCpu, p.cloneCpu]),
  ];
  md.push(
    '',
    `${en ? '**Noise:** ' : '**波动：**'}${noiseSentence(all, en ? 'Throughput' : '吞吐量', lang)} ${noiseSentence(
      cpu,
      en ? 'CPU time per connection' : '每连接 CPU 时间',
      lang,
    )}`,
    '',
  );
  return docsSection(md, charts, lang);
}
