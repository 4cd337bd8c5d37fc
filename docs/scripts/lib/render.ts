/**
 * The model → markdown, in English and in Chinese.
 *
 *   reading-guide.md  per article: sections → stage, source, demo; claims → verdict, proof
 *   modern-node.md    every dated / wrong / loose claim, by stage: then, now, proof
 *
 * Output is deterministic (no dates, sorted inputs), so a test can rebuild the pages in memory
 * and compare them with the committed ones.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { siteStages } from '../../.vitepress/stages.ts';
import type { Article, Claim, Verdict } from './claims.ts';
import { articleMeta, claimZh, type Lang, todayZh } from './i18n.ts';
import { lineRecords, lineVerdictSection } from './line-verdicts.ts';
import { type ClaimRow, differences, type Model, type SectionRow, type Status } from './model.ts';
import { repoRoot } from './paths.ts';

/**
 * Text for a table cell: no raw pipes, no HTML, no Vue interpolation, and no `{…}` that
 * markdown-it-attrs would read as attributes (`settings = {args, …options}` broke the build).
 */
export function cell(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\{/g, '&#123;')
      .replace(/\}/g, '&#125;')
      .replace(/\|/g, '\\|')
      // 200*1024 … 200*1024 would otherwise turn the text between into emphasis.
      .replace(/([*_~`[\]])/g, '\\$1')
      .replace(/\n/g, ' ')
  );
}

function code(text: string): string {
  return `\`${text.replace(/\|/g, '\\|')}\``;
}

const verdictBadge: Record<Verdict, string> = {
  holds: 'tip',
  dated: 'warning',
  wrong: 'danger',
  loose: 'warning',
  'not checkable here': 'info',
};

const verdictZh: Record<Verdict, string> = {
  holds: '成立',
  dated: '过时',
  wrong: '错误',
  loose: '不严谨',
  'not checkable here': '此处无法验证',
};

function verdict(v: Verdict, lang: Lang): string {
  return `<Badge type="${verdictBadge[v]}" text="${lang === 'en' ? v : verdictZh[v]}" />`;
}

function stageTitle(stage: string, lang: Lang): string {
  const s = siteStages.find((x) => x.slug.startsWith(`${stage}-`))!;
  return lang === 'en' ? s.en : s.zh;
}

function stageLink(stage: string): string {
  const s = siteStages.find((x) => x.slug.startsWith(`${stage}-`))!;
  return `[${stage}](./stages/${s.slug}.md)`;
}

function claimText(c: Claim, lang: Lang): string {
  return lang === 'en' ? c.claim : (claimZh[c.id] ?? `${c.claim}（英文原文）`);
}

function todayText(c: Claim, lang: Lang): string {
  return lang === 'en' ? c.today : (todayZh[c.id] ?? `${c.today}（英文原文）`);
}

function readmeExcerpt(text: string): string {
  const flat = text
    .replace(/^\s*[|>*-]+\s*/, '')
    .replace(/\s*\|\s*$/, '')
    .replace(/\s*\|\s*/g, ' · ')
    .replace(/`/g, '');
  return flat.length > 140 ? `${flat.slice(0, 137)}…` : flat;
}

const MAX_TESTS = 3;

export function proof(row: ClaimRow, lang: Lang): string {
  const t = (en: string, zh: string) => (lang === 'en' ? en : zh);
  const parts: string[] = [];
  for (const test of row.tests.slice(0, MAX_TESTS)) {
    parts.push(`${code(test.file)} “${cell(test.title)}”`);
  }
  if (row.tests.length > MAX_TESTS) {
    const more = row.tests.length - MAX_TESTS;
    parts.push(t(`and ${more} more`, `另有 ${more} 个测试`));
  }
  if (row.status === 'readme') {
    const r = row.readme[0]!;
    parts.push(
      `${code(r.file)} ${t('line', '第')} ${r.line}${t('', ' 行')}: ${cell(readmeExcerpt(r.text))}`,
    );
  }
  for (const demo of row.demos.slice(0, 2))
    parts.push(`${t('demo', '演示')}: ${code(demo.command)}`);
  if (row.status === 'pending') {
    parts.push(
      t(
        `*not yet covered: stage ${row.claim.stage} has no tests yet*`,
        `*尚未覆盖：阶段 ${row.claim.stage} 还没有测试*`,
      ),
    );
  }
  if (row.status === 'missing') {
    parts.push(
      t(
        `**uncovered**: stage ${row.claim.stage} has tests, but no test title or README line names ${row.claim.id}`,
        `**未覆盖**：阶段 ${row.claim.stage} 已有测试，但没有测试标题或 README 行提到 ${row.claim.id}`,
      ),
    );
  }
  return parts.join('<br>');
}

function statusCounts(rows: ClaimRow[]): Record<Status, number> {
  const counts: Record<Status, number> = { tested: 0, readme: 0, pending: 0, missing: 0 };
  for (const r of rows) counts[r.status]++;
  return counts;
}

function coverageTable(model: Model, lang: Lang): string[] {
  const t = (en: string, zh: string) => (lang === 'en' ? en : zh);
  const out = [
    t(
      '| Stage | Claims | Shown by a test | README only | Not yet covered | Uncovered |',
      '| 阶段 | 论断数 | 有测试 | 仅 README | 尚未覆盖 | 未覆盖 |',
    ),
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  const total: Record<Status, number> = { tested: 0, readme: 0, pending: 0, missing: 0 };
  for (const s of siteStages) {
    const stage = s.slug.slice(0, 2);
    const rows = model.claims.filter((c) => c.claim.stage === stage);
    const n = statusCounts(rows);
    for (const k of Object.keys(total) as Status[]) total[k] += n[k];
    out.push(
      `| ${stageLink(stage)} ${stageTitle(stage, lang)} | ${rows.length} | ${n.tested} | ${n.readme} | ${n.pending} | ${n.missing} |`,
    );
  }
  out.push(
    `| **${t('all', '合计')}** | **${model.claims.length}** | **${total.tested}** | **${total.readme}** | **${total.pending}** | **${total.missing}** |`,
  );
  return out;
}

function sectionTable(sections: SectionRow[], lang: Lang): string[] {
  const t = (en: string, zh: string) => (lang === 'en' ? en : zh);
  const out = [
    t(
      '| Section | Stage | Read the code | Run | Claims |',
      '| 章节 | 阶段 | 阅读代码 | 运行 | 论断 |',
    ),
    '| --- | --- | --- | --- | --- |',
  ];
  for (const s of sections) {
    const none = s.written ? '—' : t('*not written yet*', '*尚未编写*');
    const sources =
      s.sources.length === 0
        ? none
        : s.sources.map(code).join('<br>') +
          (s.sourcesFrom === 'tests' ? t(' *(imported by the tests)*', ' *（测试所导入）*') : '');
    const demos = s.demos.length === 0 ? none : s.demos.map(code).join('<br>');
    out.push(
      `| ${cell(s.section)} | ${s.stages.map(stageLink).join(' ')} | ${sources} | ${demos} | ${s.claimIds
        .map((id) => `[${id}](#${id})`)
        .join(' ')} |`,
    );
  }
  return out;
}

function claimTable(rows: ClaimRow[], lang: Lang): string[] {
  const t = (en: string, zh: string) => (lang === 'en' ? en : zh);
  const out = [
    t(
      '| Claim | Section | What the article says | Verdict | Shown by |',
      '| 论断 | 章节 | 文章的说法（转述） | 结论 | 证明 |',
    ),
    '| --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    out.push(
      `| <span id="${r.claim.id}">${r.claim.id}</span> | ${cell(r.claim.section)} | ${cell(claimText(r.claim, lang))} | ${verdict(r.claim.verdict, lang)} | ${proof(r, lang)} |`,
    );
  }
  return out;
}

// No YAML frontmatter: biome's markdown formatter would mangle it. The H1 gives the title.
const header = () => [
  "<!-- This page is written by docs/scripts/write-pages.ts from CLAIMS.md and the stages' tests and READMEs.",
  '     Do not edit it: change the script or the sources, then run npm run pages -w @cluster-from-scratch/docs. -->',
  '',
];

export function renderReadingGuide(model: Model, lang: Lang): string {
  const t = (en: string, zh: string) => (lang === 'en' ? en : zh);
  const lines = [...header()];
  lines.push(`# ${t('Reading guide', '阅读指南')}`, '');
  lines.push(
    t(
      'Reading one of the five articles? Find the section you are on below. Its row names the stage that builds the idea, the source file to read, and the demo to run. Below each article, every claim it makes has its own row: its verdict on Node 20, and the test whose title carries the claim id and shows the behaviour.',
      '正在读五篇文章中的某一篇？在下面找到你所在的章节。每一行给出实现这个想法的阶段、要读的源文件和要运行的演示。每篇文章的下方，文中的每个论断各占一行：它在 Node 20 上的结论，以及标题里带有该论断编号、展示其行为的测试。',
    ),
    '',
    t(
      `The claims come from \`../shared/articles/CLAIMS.md\` (${model.claims.length} claims, ids \`a1-01\` …): each was checked on Node v20.20 on Linux and paraphrased there, as it is here. The section names are the articles' own headings (in Chinese), kept short, as locators. This page is rebuilt from that file and from the stages' test titles and READMEs before every build, so it cannot drift from the code.`,
      `论断来自 \`../shared/articles/CLAIMS.md\`（共 ${model.claims.length} 条，编号 \`a1-01\` ……）：每一条都在 Linux 上的 Node v20.20 中验证过，并用自己的话转述。章节名沿用文章自己的标题，只作定位之用。每次构建前，本页都会根据该文件以及各阶段的测试标题和 README 重新写出，因此不会与代码脱节。`,
    ),
    '',
    t('Verdicts:', '结论的含义：'),
    '',
    t(
      `- ${verdict('holds', lang)} true on Node 20 / Linux, as observed.`,
      `- ${verdict('holds', lang)} 在 Node 20 / Linux 上观察属实。`,
    ),
    t(
      `- ${verdict('dated', lang)} true for the Node the article used, different on Node 20 (a renamed API, a new default, a new error text).`,
      `- ${verdict('dated', lang)} 对文章所用的 Node 版本成立，Node 20 已不同（API 改名、默认值改变、错误信息改变）。`,
    ),
    t(
      `- ${verdict('wrong', lang)} not true then or now.`,
      `- ${verdict('wrong', lang)} 当时和现在都不成立。`,
    ),
    t(
      `- ${verdict('loose', lang)} true only under a condition the article does not state.`,
      `- ${verdict('loose', lang)} 只在文章没有说明的条件下成立。`,
    ),
    t(
      `- ${verdict('not checkable here', lang)} needs Windows, nginx, PM2 or Egg; the stage README says what is known.`,
      `- ${verdict('not checkable here', lang)} 需要 Windows、nginx、PM2 或 Egg；阶段的 README 说明已知的情况。`,
    ),
    '',
    t(
      'Every dated, wrong or loose claim is also on [Modern Node differs](./modern-node.md), with what Node 20 does instead.',
      '所有过时、错误或不严谨的论断也列在[现代 Node 的不同](./modern-node.md)中，并写明 Node 20 的实际行为。',
    ),
    '',
    `## ${t('Coverage', '覆盖情况')}`,
    '',
    t(
      'A claim is shown by a test when a test title in `packages/*/test/` names its id; README only means a stage README names it (claims that cannot be run here). *Not yet covered* claims belong to a stage whose tests are not written yet.',
      '当 `packages/*/test/` 中某个测试的标题带有论断编号时，该论断即“有测试”；“仅 README”表示只有阶段的 README 提到它（在这里无法运行的论断）。“尚未覆盖”的论断属于还没有测试的阶段。',
    ),
    '',
    ...coverageTable(model, lang),
    '',
    ...lineVerdictSection(lineRecords(), lang, (id) => `[${id}](#${id})`, cell),
  );
  for (const article of model.articles) {
    lines.push(...renderArticle(model, article, lang));
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function renderArticle(model: Model, article: Article, lang: Lang): string[] {
  const t = (en: string, zh: string) => (lang === 'en' ? en : zh);
  const meta = articleMeta[article.id];
  const stages = [...new Set(article.claims.map((c) => c.stage))].sort();
  const lines = [
    `## ${article.id} · ${meta?.title ?? article.file} {#${article.id}}`,
    '',
    `${code(article.file)}${article.note ? ` (${cell(article.note)})` : ''}. ${meta ? (lang === 'en' ? meta.en : meta.zh) : ''}`,
    '',
    `${t('Stages', '相关阶段')}: ${stages.map(stageLink).join(' · ')}. ${t('Claims', '论断')}: ${article.claims.length}.`,
    '',
    `### ${t('Sections', '章节')} {#${article.id}-sections}`,
    '',
    ...sectionTable(
      model.sections.filter((s) => s.article === article.id),
      lang,
    ),
    '',
    `### ${t('Claims', '论断')} {#${article.id}-claims}`,
    '',
    ...claimTable(
      model.claims.filter((c) => c.claim.article === article.id),
      lang,
    ),
    '',
  ];
  return lines;
}

/** The headline differences, each pointing at its claim rows. */
const headlines: { ids: string[]; en: string; zh: string }[] = [
  {
    ids: ['a1-14'],
    en: "`exec`/`execFile`'s `maxBuffer` defaults to 1 MiB (1024 × 1024) since v12, not 200 KiB; going over kills the child with `ERR_CHILD_PROCESS_STDIO_MAXBUFFER`.",
    zh: '`exec`/`execFile` 的 `maxBuffer` 从 v12 起默认是 1 MiB（1024 × 1024），不是 200 KiB；超出时子进程被杀死，错误码 `ERR_CHILD_PROCESS_STDIO_MAXBUFFER`。',
  },
  {
    ids: ['a1-05'],
    en: "A ChildProcess emits `'disconnect'` (not \"discount\"), and also `'spawn'` and `'exit'`.",
    zh: "ChildProcess 触发的是 `'disconnect'`（不是 “discount”），此外还有 `'spawn'` 和 `'exit'`。",
  },
  {
    ids: ['a2-12', 'a4-05', 'a4-07'],
    en: 'The IPC channel is a Unix domain socket (a connected `socketpair`, two-way on one fd), not a shell-style pipe, and nothing "listens" on it.',
    zh: 'IPC 通道是 Unix 域套接字（已连接的 `socketpair`，一个 fd 双向通信），不是 shell 那样的管道，也没有谁在上面“监听”。',
  },
  {
    ids: ['a5-02', 'a5-06'],
    en: "`child_process.fork` starts a fresh Node (clone + execve): nothing of the parent's memory is copied; a cluster worker runs the same code because it runs the same file again.",
    zh: '`child_process.fork` 启动的是全新的 Node（clone + execve）：父进程的内存一点也没有复制；cluster 的 worker 运行同样的代码，是因为它把同一个文件重新执行了一遍。',
  },
  {
    ids: ['a3-14', 'a4-14'],
    en: '`SO_REUSEADDR` does not let independent sockets listen on one port, on any line. Only `SO_REUSEPORT` does, and only when every socket on the port asks for it: Node 20 never sets it (`listen({ reusePort: true })` is ignored); from 22.12 / 23.1 `reusePort: true` does (see By Node line). Cluster workers share a port because they share one socket.',
    zh: '`SO_REUSEADDR` 在任何版本线上都不能让彼此独立的套接字监听同一个端口。只有 `SO_REUSEPORT` 可以，而且要求端口上的每个套接字都设置它：Node 20 从不设置（`listen({ reusePort: true })` 被忽略）；从 22.12 / 23.1 起 `reusePort: true` 会设置（见“按 Node 版本线”）。cluster 的工作进程能共用端口，是因为它们共用同一个套接字。',
  },
  {
    ids: ['a1-34', 'a3-19'],
    en: '`cluster.isMaster` → `cluster.isPrimary` (deprecated in the docs since v16; still works, no warning).',
    zh: '`cluster.isMaster` → `cluster.isPrimary`（自 v16 起文档中弃用；仍可用，不报警告）。',
  },
  {
    ids: ['a1-39', 'a3-26', 'a5-26', 'a5-29'],
    en: "`setupMaster` → `setupPrimary`: callable again and again (each call merges settings for later forks), and `'setup'` is emitted on the next tick with the settings.",
    zh: "`setupMaster` → `setupPrimary`：可以反复调用（每次调用都合并到后续 fork 的设置中），`'setup'` 在下一个 tick 触发并带上设置对象。",
  },
  {
    ids: ['a4-23', 'a4-25'],
    en: "`worker.suicide` → `worker.exitedAfterDisconnect`; the articles' 'suicide' message and 'giveup' event are the application's own.",
    zh: "`worker.suicide` → `worker.exitedAfterDisconnect`；文章中的 'suicide' 消息和 'giveup' 事件是应用自己定义的。",
  },
  {
    ids: ['a2-17', 'a1-29'],
    en: 'Round robin (`SCHED_RR`) is the default everywhere except Windows, where it is `SCHED_NONE` (the kernel picks).',
    zh: '除 Windows 外，轮询（`SCHED_RR`）都是默认策略；Windows 上默认 `SCHED_NONE`（由内核挑选）。',
  },
  {
    ids: ['a2-22'],
    en: '`NODE_CLUSTER_SCHED_POLICY` takes `rr` or `none` (not "node"); anything else is silently ignored.',
    zh: '`NODE_CLUSTER_SCHED_POLICY` 的取值是 `rr` 或 `none`（不是 “node”）；其他值会被悄悄忽略。',
  },
  {
    ids: ['a1-58'],
    en: 'A worker declines a connection once `server.maxConnections` is reached, and the primary hands it to another worker.',
    zh: '达到 `server.maxConnections` 后 worker 会拒收连接，由主进程转交给其他 worker。',
  },
  {
    ids: ['a1-56', 'a5-14'],
    en: 'Worker start-up lives in `initializeClusterIPC()` (lib/internal/process/pre_execution.js), keyed on `NODE_UNIQUE_ID`.',
    zh: 'worker 的启动逻辑如今在 `initializeClusterIPC()`（lib/internal/process/pre_execution.js）中，依据 `NODE_UNIQUE_ID` 判断。',
  },
  {
    ids: ['a1-23'],
    en: 'Node raises its soft open-file limit (`RLIMIT_NOFILE`) to the hard limit at start-up, so "1024 fds" is a shell default, not Node\'s.',
    zh: 'Node 启动时会把打开文件数的软限制（`RLIMIT_NOFILE`）提高到硬限制，所以 “1024 个 fd” 只是 shell 的默认值，不是 Node 的。',
  },
  {
    ids: ['a1-35'],
    en: 'Size the worker pool with `os.availableParallelism()` (v18.14+) rather than `os.cpus().length`.',
    zh: '用 `os.availableParallelism()`（v18.14+）而不是 `os.cpus().length` 来决定 worker 数量。',
  },
];

/**
 * Beyond the articles: behaviour of Node 20 the stages ran into that no article claims. Each
 * names the test that shows it; the page script fails if that test is gone.
 */
const beyond: { file: string; title: string; en: string; zh: string }[] = [
  {
    file: 'packages/06-round-robin-cluster/test/relisten.test.ts',
    title: 'once the port is free, the same server listens on it',
    en: 'A bug of node:cluster from 22.22.1, 24.13.1 and 25.5.0 (not on 20): under `SCHED_NONE`, a worker whose `listen(port)` failed with `EADDRINUSE` and that listens on that port again once it is free dies with `ERR_INTERNAL_ASSERTION` from `shared()` in `internal/cluster/child` (nodejs/node#64869; the fix, nodejs/node#65020, is not released yet; it comes from nodejs/node#60141, which dropped the listen index from the key of a fixed port). The clone listens, on every line.',
    zh: 'node:cluster 从 22.22.1、24.13.1 和 25.5.0 起的一个 bug（20 没有）：在 `SCHED_NONE` 下，一个 `listen(port)` 因 `EADDRINUSE` 失败的工作进程，在端口空出后再次监听同一端口时，会因 `internal/cluster/child` 中 `shared()` 抛出的 `ERR_INTERNAL_ASSERTION` 而退出（nodejs/node#64869；修复 nodejs/node#65020 尚未发布；起因是 nodejs/node#60141 把固定端口的键中的监听序号去掉了）。克隆版在每个版本线上都能正常监听。',
  },
  {
    file: 'packages/02-fork-ipc/test/backpressure.test.ts',
    title: 'Node 20: disconnect() drops messages still queued in the sender',
    en: "`disconnect()` cancels messages still queued in the sender, and their `send()` callbacks report no error; flush first (stage 02's `disconnectWhenFlushed()`).",
    zh: '`disconnect()` 会取消发送方队列中尚未写出的消息，而它们的 `send()` 回调不报告任何错误；应先 flush（阶段 02 的 `disconnectWhenFlushed()`）。',
  },
  {
    file: 'packages/01-spawn-exec/test/differential.test.ts',
    title: 'an AbortSignal answers at once with an AbortError',
    en: 'An `AbortSignal` makes `execFile` call back at once with an `AbortError`, before the killed child has been reaped (its exit code and signal are still `null`).',
    zh: '`AbortSignal` 会让 `execFile` 立即以 `AbortError` 回调，此时被杀死的子进程还没被回收（退出码和信号仍为 `null`）。',
  },
];

function beyondLines(lang: Lang): string[] {
  return beyond.flatMap((b) => {
    const path = join(repoRoot, b.file);
    const source = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    // A stage may rename its test; then the item is left out rather than pointing nowhere.
    if (!source?.includes(b.title)) return [];
    return [`- ${lang === 'en' ? b.en : b.zh} (${code(b.file)} “${cell(b.title)}…”)`];
  });
}

export function renderModernNode(model: Model, lang: Lang): string {
  const t = (en: string, zh: string) => (lang === 'en' ? en : zh);
  const rows = differences(model);
  const inTable = new Set(rows.map((r) => r.claim.id));
  const known = new Set(model.claims.map((c) => c.claim.id));
  const link = (id: string) => {
    if (!known.has(id)) throw new Error(`modern-node headline names ${id}, which CLAIMS.md lacks`);
    return inTable.has(id) ? `[${id}](#${id})` : `[${id}](./reading-guide.md#${id})`;
  };
  const lines = [...header()];
  lines.push(`# ${t('Modern Node differs', '现代 Node 的不同')}`, '');
  lines.push(
    t(
      'The articles were written for Node v0.10 (a5), v10 (a1) and v12 (a2). This project is tested on Node 20, 22, 24 and 26 on Linux, and where an article is dated (true then, different now), wrong (not true then either) or loose (true only under a condition it does not state), the project shows what Node does today, with a test. This page lists every such claim of `CLAIMS.md`, with its verdict as checked there on Node v20.20; where a later line behaves differently, the test asserts what each line does and the table *By Node line* shows it, from recorded runs.',
      '这几篇文章针对的是 Node v0.10（a5）、v10（a1）和 v12（a2）。本项目在 Linux 上的 Node 20、22、24 和 26 上测试；凡是文章过时（当时成立、如今不同）、错误（当时也不成立）或不严谨（只在文中未说明的条件下成立）的地方，项目都用测试展示 Node 今天的行为。本页列出 `CLAIMS.md` 中所有这样的论断，结论是该文件在 Node v20.20 上核对的结果；凡是较新的版本线行为不同的，测试会断言每个版本线的实际行为，“按 Node 版本线”一表根据记录下来的运行结果列出。',
    ),
    '',
    `## ${t('At a glance', '要点')}`,
    '',
  );
  for (const h of headlines) {
    lines.push(`- ${lang === 'en' ? h.en : h.zh} (${h.ids.map(link).join(', ')})`);
  }
  const counts = { dated: 0, wrong: 0, loose: 0 } as Record<string, number>;
  for (const r of rows) counts[r.claim.verdict] = (counts[r.claim.verdict] ?? 0) + 1;
  lines.push(
    '',
    t(
      `${rows.length} claims in all: ${counts.dated} dated, ${counts.wrong} wrong, ${counts.loose} loose. Grouped below by the stage that demonstrates them.`,
      `共 ${rows.length} 条：过时 ${counts.dated} 条，错误 ${counts.wrong} 条，不严谨 ${counts.loose} 条。下面按展示它们的阶段分组。`,
    ),
    '',
  );
  lines.push(...lineVerdictSection(lineRecords(), lang, link, cell));
  const extra = beyondLines(lang);
  if (extra.length > 0) {
    lines.push(
      `## ${t('Beyond the articles', '文章之外')}`,
      '',
      t(
        'Things about Node that no article claims, but the stages ran into:',
        '没有哪篇文章提到、但各阶段实际遇到的 Node 行为：',
      ),
      '',
      ...extra,
      '',
    );
  }
  for (const s of siteStages) {
    const stage = s.slug.slice(0, 2);
    const stageRows = rows.filter((r) => r.claim.stage === stage);
    if (stageRows.length === 0) continue;
    lines.push(
      `## ${stage} · ${lang === 'en' ? s.en : s.zh} {#stage-${stage}}`,
      '',
      t(
        `Chapter: [${s.slug}](./stages/${s.slug}.md).`,
        `章节：[${s.slug}](./stages/${s.slug}.md)。`,
      ),
      '',
      t(
        '| Claim | Article § | The article says | Node 20 does | Verdict | Shown by |',
        '| 论断 | 文章章节 | 文章的说法（转述） | Node 20 的实际行为 | 结论 | 证明 |',
      ),
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const r of stageRows) {
      lines.push(
        `| <span id="${r.claim.id}">[${r.claim.id}](./reading-guide.md#${r.claim.id})</span> | ${r.claim.article} · ${cell(r.claim.section)} | ${cell(claimText(r.claim, lang))} | ${cell(todayText(r.claim, lang))} | ${verdict(r.claim.verdict, lang)} | ${proof(r, lang)} |`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

export interface Page {
  /** docs-relative path */
  path: string;
  content: string;
}

export function renderPages(model: Model): Page[] {
  return (['en', 'zh'] as const).flatMap((lang) => [
    { path: `${lang}/reading-guide.md`, content: renderReadingGuide(model, lang) },
    { path: `${lang}/modern-node.md`, content: renderModernNode(model, lang) },
  ]);
}
