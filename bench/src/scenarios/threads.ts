/**
 * threads: worker processes against worker threads (stage 08), side by side in one run.
 *
 *   pairs of modes that differ in what a worker is, nothing else:
 *     node-reuseport  ↔ s08-threads        every worker listens on the port with reusePort
 *     s03-proxy       ↔ s08-threads-proxy  the primary (main thread) relays to workers' own ports
 *   each step, alternating A B A B …:
 *     start the server ─▶ start-up: harness start → ready report (ms); per thread: fork → listening
 *     warm up ─▶ memory: PSS and RSS summed over the server's processes (/proc/<pid>/smaps_rollup)
 *     keep-alive load (autocannon) ─▶ req/s
 *     fresh connections ─▶ conn/s, Jain's index over the workers, server CPU ms per connection
 *   then the crash part: a fresh-connection load against s05-supervisor (a worker process
 *   killed with SIGKILL) and s08-threads (a worker thread ended by an uncaught exception);
 *   failed requests while the worker is replaced.
 *
 * Why PSS: RSS counts a page once per process that maps it, so N processes sharing the node
 * binary and V8's read-only pages count them N times; threads are one process and count them
 * once. PSS shares each page out among the processes mapping it: it adds up honestly.
 */
import { fairness } from '@cluster-from-scratch/kit/fairness';
import { isAlive, memoryKb } from '@cluster-from-scratch/kit/platform';
import { freshLoad } from '../load.ts';
import { MS_PER_TICK, measureLoads } from '../measure-loads.ts';
import { availableModes, describeModes, type Mode } from '../modes.ts';
import {
  checkAborted,
  type DocsSection,
  type Lang,
  type RunContext,
  type Scenario,
  type ScenarioResult,
  type ServerNote,
} from '../scenario.ts';
import { type RunningServer, startServer, stopServer } from '../server.ts';
import { type Spread, spreadOf } from '../stats.ts';
import { int, markdownTable, num, plural, renderTable, spreadCell } from '../table.ts';

const PAIRS = [
  ['node-reuseport', 's08-threads'],
  ['s03-proxy', 's08-threads-proxy'],
] as const;
const THREAD_MODES = new Set(['s08-threads', 's08-threads-proxy']);
const CRASH_MODES = ['s05-supervisor', 's08-threads'] as const;

function sizes(quick: boolean) {
  return quick
    ? {
        workers: [2],
        keepAliveConnections: 4,
        keepAliveRequests: 300,
        freshRequests: 200,
        freshConcurrency: 8,
        crashRequests: 300,
      }
    : {
        workers: [2, 4],
        keepAliveConnections: 8,
        keepAliveRequests: 4000,
        freshRequests: 1500,
        freshConcurrency: 8,
        crashRequests: 1500,
      };
}

export interface ThreadsRun {
  part: 'compare' | 'crash';
  round: number;
  mode: string;
  label: string;
  workers: number;
  threads: boolean;
  startMs: number;
  /** Stage 08 only: fork → 'listening' of each thread. */
  perWorkerStartMs: number[];
  pssMb: number;
  rssMb: number;
  keepAlive: number;
  fresh: number;
  jain: number;
  cpuMsPerConn: number;
  failed: number;
  /** Crash part: requests sent, and whether the crashed worker was replaced. */
  crashRequests?: number;
  replaced?: boolean;
}

export interface ThreadsRow {
  mode: string;
  label: string;
  workers: number;
  threads: boolean;
  startMs: Spread;
  perWorkerStartMs: Spread;
  pssMb: Spread;
  rssMb: Spread;
  keepAlive: Spread;
  fresh: Spread;
  jain: Spread;
  cpuMsPerConn: Spread;
}

export interface CrashRow {
  mode: string;
  label: string;
  failed: Spread;
  requests: number;
  replaced: string;
}

export interface ThreadsSummary {
  rows: ThreadsRow[];
  crash: CrashRow[];
}

/** Sum over the server's processes (threads: one process), in MB. */
function memoryMb(pids: readonly number[]): { pssMb: number; rssMb: number } {
  let pss = 0;
  let rss = 0;
  for (const pid of pids) {
    const m = memoryKb(pid);
    if (!m) return { pssMb: Number.NaN, rssMb: Number.NaN };
    pss += m.pssKb;
    rss += m.rssKb;
  }
  return { pssMb: pss / 1024, rssMb: rss / 1024 };
}

async function timedStart(ctx: RunContext, mode: Mode, workers: number) {
  const started = performance.now();
  const server = await startServer(ctx.harness, mode, workers);
  return { server, startMs: performance.now() - started };
}

async function stop(server: RunningServer, unclean: ServerNote[]): Promise<void> {
  const result = await stopServer(server);
  if (!result.clean) {
    unclean.push({
      mode: server.mode.id,
      workers: server.workers,
      clean: false,
      detail: result.detail,
    });
  }
}

function perWorkerStart(server: RunningServer): number[] {
  const startup = (server as unknown as { startupMs?: unknown }).startupMs;
  return Array.isArray(startup) ? startup.filter((v): v is number => typeof v === 'number') : [];
}

async function compare(
  ctx: RunContext,
  mode: Mode,
  workers: number,
  round: number,
  unclean: ServerNote[],
): Promise<ThreadsRun> {
  const s = sizes(ctx.quick);
  const { server, startMs } = await timedStart(ctx, mode, workers);
  try {
    await freshLoad({ port: server.port, requests: ctx.quick ? 12 : 120, concurrency: 4 });
    const memory = memoryMb(server.pids);
    const { keepAlive, fresh, cpuMsPerConn, failed } = await measureLoads(server, s);
    // Jain over every worker the server has, one that served nothing counting as 0.
    const counts = fresh.served.map((w) => w.requests);
    while (counts.length < workers) counts.push(0);
    return {
      part: 'compare',
      round,
      mode: mode.id,
      label: mode.label,
      workers,
      threads: THREAD_MODES.has(mode.id),
      startMs,
      perWorkerStartMs: perWorkerStart(server),
      ...memory,
      keepAlive: keepAlive.throughput,
      fresh: fresh.throughput,
      jain: fairness(counts).jain,
      cpuMsPerConn,
      failed,
    };
  } finally {
    await stop(server, unclean);
  }
}

/**
 * A worker dies a quarter of the way into a fresh-connection load: how many requests fail
 * before the load ends, and was the worker replaced? Processes: SIGKILL to a worker of the
 * stage 05 supervisor. Threads: an uncaught exception in thread 1 of stage 08.
 */
async function crash(
  ctx: RunContext,
  mode: Mode,
  round: number,
  unclean: ServerNote[],
): Promise<ThreadsRun> {
  const s = sizes(ctx.quick);
  const workers = 2;
  const { server, startMs } = await timedStart(ctx, mode, workers);
  try {
    await freshLoad({ port: server.port, requests: ctx.quick ? 12 : 120, concurrency: 4 });
    const threads = THREAD_MODES.has(mode.id);
    let done = 0;
    const victim = server.workerPids[0] as number;
    const crashNow = () => {
      if (threads) server.child.send({ cmd: 'throw', id: 1 });
      else process.kill(victim, 'SIGKILL');
    };
    // Both programs report a replacement over IPC: { event: 'fork', replaces, … }.
    const replacement = server.child
      .waitForMessage(
        (m) => {
          const e = m as { event?: string; replaces?: unknown };
          return e.event === 'fork' && e.replaces !== undefined && e.replaces !== null;
        },
        { what: `${mode.label} to fork a replacement`, timeout: 20_000 },
      )
      .then(
        () => true,
        () => false,
      );
    const result = await freshLoad({
      port: server.port,
      requests: s.crashRequests,
      concurrency: s.freshConcurrency,
      onResult: () => {
        if (++done === Math.floor(s.crashRequests / 4)) crashNow();
      },
    });
    const replaced = await replacement;
    return {
      part: 'crash',
      round,
      mode: mode.id,
      label: mode.label,
      workers,
      threads,
      startMs,
      perWorkerStartMs: [],
      pssMb: Number.NaN,
      rssMb: Number.NaN,
      keepAlive: Number.NaN,
      fresh: result.throughput,
      jain: Number.NaN,
      cpuMsPerConn: Number.NaN,
      failed: result.failed,
      crashRequests: result.ok + result.failed,
      replaced: replaced && (threads || !isAlive(victim)),
    };
  } finally {
    await stop(server, unclean);
  }
}

function summarise(runs: readonly ThreadsRun[]): ThreadsSummary {
  const groups = new Map<string, ThreadsRun[]>();
  for (const r of runs.filter((r) => r.part === 'compare')) {
    const key = `${r.mode}|${r.workers}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const rows = [...groups.values()].map((g) => {
    const first = g[0] as ThreadsRun;
    const of = (pick: (r: ThreadsRun) => number) => spreadOf(g.map(pick));
    return {
      mode: first.mode,
      label: first.label,
      workers: first.workers,
      threads: first.threads,
      startMs: of((r) => r.startMs),
      perWorkerStartMs: spreadOf(g.flatMap((r) => r.perWorkerStartMs)),
      pssMb: of((r) => r.pssMb),
      rssMb: of((r) => r.rssMb),
      keepAlive: of((r) => r.keepAlive),
      fresh: of((r) => r.fresh),
      jain: of((r) => r.jain),
      cpuMsPerConn: of((r) => r.cpuMsPerConn),
    };
  });
  rows.sort((a, b) => a.workers - b.workers);
  const crashGroups = new Map<string, ThreadsRun[]>();
  for (const r of runs.filter((r) => r.part === 'crash')) {
    crashGroups.set(r.mode, [...(crashGroups.get(r.mode) ?? []), r]);
  }
  const crashRows = [...crashGroups.values()].map((g) => ({
    mode: (g[0] as ThreadsRun).mode,
    label: (g[0] as ThreadsRun).label,
    failed: spreadOf(g.map((r) => r.failed)),
    requests: (g[0] as ThreadsRun).crashRequests ?? 0,
    replaced: `${g.filter((r) => r.replaced).length}/${g.length}`,
  }));
  return { rows, crash: crashRows };
}

const HEAD = {
  en: [
    'mode',
    'workers',
    'start → ready ms',
    'per thread ms',
    'PSS MB',
    'RSS MB',
    'keep-alive req/s',
    'fresh conn/s',
    'Jain',
    'CPU ms/conn',
  ],
  zh: [
    '模式',
    'worker 数',
    '启动→就绪 ms',
    '每线程 ms',
    'PSS MB',
    'RSS MB',
    'keep-alive 请求/秒',
    '新连接/秒',
    'Jain',
    'CPU ms/连接',
  ],
};
const CRASH_HEAD = {
  en: ['mode', 'what dies', 'requests', 'failed', 'replaced'],
  zh: ['模式', '死掉的是', '请求数', '失败', '已替换'],
};

function cells(r: ThreadsRow): (string | number)[] {
  return [
    r.label,
    r.workers,
    spreadCell(r.startMs, int),
    r.perWorkerStartMs.n ? spreadCell(r.perWorkerStartMs, int) : '–',
    spreadCell(r.pssMb, (v) => num(v, 0)),
    spreadCell(r.rssMb, (v) => num(v, 0)),
    spreadCell(r.keepAlive, int),
    spreadCell(r.fresh, int),
    spreadCell(r.jain, (v) => num(v, 3)),
    spreadCell(r.cpuMsPerConn, (v) => num(v, 3)),
  ];
}

function crashCells(r: CrashRow, lang: Lang): (string | number)[] {
  const what = THREAD_MODES.has(r.mode)
    ? lang === 'en'
      ? 'a thread: uncaught exception'
      : '一个线程：未捕获的异常'
    : lang === 'en'
      ? 'a process: SIGKILL'
      : '一个进程：SIGKILL';
  return [r.label, what, r.requests, spreadCell(r.failed, int), r.replaced];
}

function docs(result: ScenarioResult<ThreadsRun, ThreadsSummary>, lang: Lang): DocsSection {
  const en = lang === 'en';
  const s = result.settings as ReturnType<typeof sizes> & { repeats: number };
  const md = [
    en
      ? `Processes and threads side by side, alternating (A B A B …), ${plural(s.repeats, 'repeat')}, median with (min–max). Per server: **start → ready** is the time from starting the program to its ready report (every worker listening); **per thread** is each thread's fork → 'listening' (stage 08 reports it). **PSS** and **RSS** are summed over the server's processes from \`/proc/<pid>/smaps_rollup\` after the warm-up: RSS counts a shared page once per process that maps it, so it overstates N processes against one process of N threads; PSS shares each page out and adds up, which is why it is the figure to compare. Then a keep-alive load (autocannon, ${s.keepAliveConnections} connections, ${s.keepAliveRequests} requests) and ${s.freshRequests} fresh connections, ${s.freshConcurrency} at a time: Jain's index over the workers, and the server's CPU time per connection (\`/proc/<pid>/stat\`, one process for the threads).`
      : `进程与线程并排、交替（A B A B …）测量，${s.repeats} 次重复，取中位数（最小–最大）。每个服务：**启动→就绪** 是从启动程序到它发出就绪报告（所有 worker 都在监听）的时间；**每线程** 是每个线程从 fork 到 'listening' 的时间（第 08 阶段会报告）。**PSS** 和 **RSS** 是预热后从 \`/proc/<pid>/smaps_rollup\` 读出、对服务的所有进程求和：RSS 对共享页面每个映射它的进程各算一次，所以会夸大 N 个进程相对于“一个进程 N 个线程”的内存；PSS 把每个共享页面分摊给各进程，可以相加，所以应该比较 PSS。随后是 keep-alive 负载（autocannon，${s.keepAliveConnections} 个连接，${s.keepAliveRequests} 个请求）和 ${s.freshRequests} 个新连接（每次 ${s.freshConcurrency} 个）：worker 间的 Jain 指数，以及每个连接的服务端 CPU 时间（\`/proc/<pid>/stat\`；线程只有一个进程）。`,
    '',
    markdownTable(HEAD[lang], result.summary.rows.map(cells)),
    '',
    en
      ? `**What a crash costs.** ${s.crashRequests} fresh connections, ${s.freshConcurrency} at a time, against 2 workers; a quarter of the way in one worker dies. Failed requests are those that got no answer, over ${plural(s.repeats, 'repeat')}.`
      : `**一次崩溃的代价。** 对 2 个 worker 发 ${s.crashRequests} 个新连接（每次 ${s.freshConcurrency} 个），发到四分之一时让一个 worker 死掉。失败的请求是没有得到应答的请求，共 ${s.repeats} 次重复。`,
    '',
    result.summary.crash.length
      ? markdownTable(
          CRASH_HEAD[lang],
          result.summary.crash.map((r) => crashCells(r, lang)),
        )
      : en
        ? '(no crash mode could run here)'
        : '（这里没有可运行的崩溃模式）',
    '',
  ];
  if (result.skipped.length) {
    md.push(
      (en ? 'Not run here: ' : '未在此运行：') +
        result.skipped.map((k) => `\`${k.mode}\` (${k.reason})`).join('; '),
      '',
    );
  }
  return { markdown: md.join('\n'), charts: [] };
}

export const threads: Scenario<ThreadsRun, ThreadsSummary> = {
  name: 'threads',
  title: 'processes vs worker threads: throughput, fairness, CPU, memory, start-up, crash cost',
  inDefault: true,
  async run(ctx) {
    const s = sizes(ctx.quick);
    const wanted = ctx.modes ?? PAIRS.flat();
    const { modes, skipped } = availableModes(wanted);
    const crashAvailable = availableModes(CRASH_MODES);
    const steps: { what: string; go: () => Promise<ThreadsRun> }[] = [];
    const unclean: ServerNote[] = [];
    for (let round = 1; round <= ctx.repeats; round++) {
      for (const workers of s.workers) {
        for (const mode of modes) {
          steps.push({
            what: `repeat ${round}: ${mode.label} ×${workers}`,
            go: () => compare(ctx, mode, workers, round, unclean),
          });
        }
      }
      for (const mode of crashAvailable.modes) {
        steps.push({
          what: `repeat ${round}: crash, ${mode.label}`,
          go: () => crash(ctx, mode, round, unclean),
        });
      }
    }
    const progress = ctx.progress(steps.length);
    const runs: ThreadsRun[] = [];
    for (const step of steps) {
      checkAborted(ctx.signal);
      progress.step(step.what);
      runs.push(await step.go());
    }
    progress.finish();
    return {
      scenario: 'threads',
      title: threads.title,
      settings: {
        servers: describeModes(modes, 2),
        crashServers: describeModes(crashAvailable.modes, 2),
        ...s,
        repeats: ctx.repeats,
        msPerTick: MS_PER_TICK,
      },
      skipped: [
        ...skipped,
        ...crashAvailable.skipped.filter((k) => !skipped.some((x) => x.mode === k.mode)),
      ],
      unclean,
      runs,
      summary: summarise(runs),
    };
  },
  terminal(result) {
    return [
      renderTable(HEAD.en, result.summary.rows.map(cells)),
      '',
      'A worker dies a quarter of the way into a fresh-connection load (2 workers):',
      result.summary.crash.length
        ? renderTable(
            CRASH_HEAD.en,
            result.summary.crash.map((r) => crashCells(r, 'en')),
          )
        : '  (no crash mode could run here)',
    ].join('\n');
  },
  docs,
};
