/**
 * The benchmarks page of the docs site, rebuilt from bench/results/*.json.
 *
 *   results/distribution.json ─┐
 *   results/herd.json ─────────┼─▶ docs/en/benchmarks.md + docs/zh/benchmarks.md
 *   results/…                  ┘   docs/public/bench/<chart>.<lang>.svg
 *
 * A scenario that has never run gets a line saying how to run it; the page is never half
 * written (each file is written whole).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { servingModesTable } from '@cluster-from-scratch/kit/modes-table';
import { binPath } from '@cluster-from-scratch/kit/run-command';
import { clock } from '../progress.ts';
import type { Lang, Scenario, ScenarioResult } from '../scenario.ts';
import { readResult } from './results.ts';

export interface PageFiles {
  pages: string[];
  charts: string[];
}

/** The Node versions the results were measured on: one, or several (each section names its own). */
function nodesOf(results: readonly (ScenarioResult | undefined)[], lang: Lang): string {
  const versions = [...new Set(results.flatMap((r) => (r ? [r.machine.node] : [])))];
  if (versions.length <= 1) return `Node ${versions[0] ?? process.version}`;
  return lang === 'en'
    ? `Node ${versions.join(' and ')} (each section says which)`
    : `Node ${versions.join(' 和 ')}（每节注明所用版本）`;
}

const INTRO: Record<Lang, (r: ScenarioResult | undefined, node: string) => string> = {
  en: (r, node) =>
    [
      '# Benchmarks',
      '',
      '<!-- This page is written by `npm run bench` from bench/results/*.json. Edit bench/src/, not this file. -->',
      '',
      'Measured side by side on one machine, with the same hello-world app in every mode. The figures show *how* each design spreads connections and what it costs; they are not absolute speeds.',
      '',
      r
        ? `**Machine:** ${r.machine.cpus} cores (${r.machine.cpuModel}), ${node}, ${r.machine.platform}, kernel ${r.machine.kernel}. The load generator runs on the same ${r.machine.cpus} cores as the servers, and other work shares the machine, so throughput swings widely between identical runs (each section says by how much); every table gives the median with (min–max) over the repeats, and modes alternate within each repeat (A B C … A B C …) so slow moments hit all of them.`
        : '',
      '',
      '**Reproduce:** `npm run bench` (all scenarios, about 5 minutes on a quiet machine, up to 10 on a busy one), `npm run bench -- distribution` (one), `npm run bench -- --quick` (a smoke run that leaves this page alone). What each metric means, and why autocannon is not used for fresh connections: `bench/README.md`.',
    ].join('\n'),
  zh: (r, node) =>
    [
      '# 基准测试',
      '',
      '<!-- 本页由 `npm run bench` 根据 bench/results/*.json 写出。请修改 bench/src/，不要直接编辑本文件。 -->',
      '',
      '所有模式在同一台机器上并排测量，运行同一个 hello-world 应用。这些数字说明每种设计*如何*分配连接以及它的开销，并不是绝对速度。',
      '',
      r
        ? `**机器：** ${r.machine.cpus} 核（${r.machine.cpuModel}），${node}，${r.machine.platform}，内核 ${r.machine.kernel}。压测客户端与服务器共用这 ${r.machine.cpus} 个核，机器上还有其他任务，所以完全相同的两次运行吞吐量也会相差很大（每节都给出了具体波动）；每张表给出多次重复的中位数和（最小–最大），并且每次重复内各模式轮流运行（A B C … A B C …），让慢下来的时刻均匀落在所有模式上。`
        : '',
      '',
      '**复现：** `npm run bench`（全部场景，机器空闲时约 5 分钟，繁忙时最多约 10 分钟），`npm run bench -- distribution`（单个场景），`npm run bench -- --quick`（冒烟运行，不改本页）。各项指标的含义，以及为什么“每请求一个新连接”不用 autocannon：见 `bench/README.md`。',
    ].join('\n'),
};

const NOT_RUN: Record<Lang, (name: string) => string> = {
  en: (name) => `Not measured yet: run \`npm run bench -- ${name}\`.`,
  zh: (name) => `尚未测量：运行 \`npm run bench -- ${name}\`。`,
};

function runLine(result: ScenarioResult, lang: Lang): string {
  const when = result.startedAt.slice(0, 16).replace('T', ' ');
  const took = clock(result.durationMs / 1000);
  const base =
    lang === 'en'
      ? `*Measured ${when} UTC on Node ${result.machine.node} with \`${result.command}\` in ${took}.*`
      : `*测量于 ${when} UTC，Node ${result.machine.node}，命令 \`${result.command}\`，耗时 ${took}。*`;
  const notes: string[] = [];
  for (const s of result.skipped) {
    notes.push(
      lang === 'en'
        ? `- Mode \`${s.mode}\` was not measured: ${s.reason}.`
        : `- 模式 \`${s.mode}\` 未测量：${s.reason}。`,
    );
  }
  for (const u of result.unclean) {
    notes.push(
      lang === 'en'
        ? `- \`${u.mode}\` ×${u.workers} did not exit by itself on SIGTERM (${u.detail}); the harness ended it.`
        : `- \`${u.mode}\` ×${u.workers} 收到 SIGTERM 后没有自行退出（${u.detail}），由 harness 结束。`,
    );
  }
  return [base, ...(notes.length ? ['', ...notes] : [])].join('\n');
}

export function writeDocsPages(
  resultsDir: string,
  docsDir: string,
  scenarios: readonly Scenario[],
): PageFiles {
  const files: PageFiles = { pages: [], charts: [] };
  const results = scenarios.map((s) => [s, readResult(resultsDir, s.name)] as const);
  const any = results.find(([, r]) => r)?.[1];
  const chartDir = join(docsDir, 'public', 'bench');
  mkdirSync(chartDir, { recursive: true });
  for (const lang of ['en', 'zh'] as const) {
    const md: string[] = [
      INTRO[lang](
        any,
        nodesOf(
          results.map(([, r]) => r),
          lang,
        ),
      ),
      '',
      lang === 'en'
        ? '**Modes.** Every mode serves the same hello-world app (arguments shown for 2 workers):'
        : '**模式。** 每种模式都运行同一个 hello-world 应用（参数以 2 个 worker 为例）：',
      '',
      servingModesTable(lang, { workers: 2, quiet: true }),
    ];
    for (const [scenario, result] of results) {
      md.push('', `## ${sectionTitle(scenario.name, lang)}`, '');
      if (!result) {
        md.push(NOT_RUN[lang](scenario.name));
        continue;
      }
      const section = scenario.docs(result, lang);
      md.push(runLine(result, lang), '', section.markdown.trim());
      for (const chart of section.charts) {
        const file = join(chartDir, `${chart.name}.${lang}.svg`);
        writeFileSync(file, chart.svg);
        files.charts.push(file);
      }
    }
    const dir = join(docsDir, lang);
    mkdirSync(dir, { recursive: true });
    const page = join(dir, 'benchmarks.md');
    const text = `${md
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()}\n`;
    writeFileSync(page, formatMarkdown(page, text));
    files.pages.push(page);
  }
  return files;
}

const TITLES: Record<string, Record<Lang, string>> = {
  distribution: { en: 'Distribution: who serves the load', zh: '负载分配：谁处理了请求' },
  herd: {
    en: 'Thundering herd (惊群): wasted wake-ups per connection',
    zh: '惊群（thundering herd）：每个连接浪费的唤醒',
  },
  fds: { en: 'Descriptors per client connection', zh: '每个客户端连接占用的描述符' },
  scaling: { en: 'Scaling and cost', zh: '扩展性与开销' },
  'long-lived': {
    en: 'Long-lived connections: open connections per worker, and a worker killed',
    zh: '长连接：各工作进程打开的连接数，以及杀死一个工作进程之后',
  },
  threads: { en: 'Processes or threads (stage 08)', zh: '进程还是线程（第 08 阶段）' },
  'autocannon-check': {
    en: 'Why not autocannon for fresh connections',
    zh: '为什么“每请求新连接”不用 autocannon',
  },
};

export function sectionTitle(name: string, lang: Lang): string {
  return TITLES[name]?.[lang] ?? name;
}

/**
 * The repository's formatter decides how markdown tables are padded (`npm test` checks every
 * markdown file with it), so the page goes through it before it is written.
 */
function formatMarkdown(path: string, text: string): string {
  const biome = binPath('biome');
  if (!existsSync(biome)) {
    console.error(`note: ${biome} not found; ${path} is written unformatted`);
    return text;
  }
  return execFileSync(biome, ['format', `--stdin-file-path=${path}`], {
    input: text,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
}
