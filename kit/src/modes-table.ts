/**
 * The catalogue of serving modes as markdown tables, in English and Chinese.
 *
 *   SERVING_MODES ──▶ servingModesTable(lang)     the benchmarks page: id, label, who accepts,
 *                                                  the exact command the bench runs
 *                 ──▶ servingModesReference(lang)  docs/{en,zh}/modes.md: also the stage, the
 *                                                  oldest Node, what it needs, one sentence
 *
 * Plain markdown with unpadded cells: the pages go through the repository's formatter, which
 * decides the padding.
 */
import { ACCEPT_MODELS, commandLine, type Lang, SERVING_MODES, type ServingMode } from './modes.ts';
import { nodeChanges, parseVersion } from './node-lines.ts';

/** "≥ 20.19.0", or for a mode that requires a change of Node's, its first release per line. */
function nodeCell(mode: ServingMode, lang: Lang): string {
  if (!mode.requires) return `≥ ${mode.minNode}`;
  const since = nodeChanges[mode.requires].since;
  const last = parseVersion(since.at(-1)!)[0];
  const lines = since.map((v) => `≥ ${v}`).join(', ');
  return lang === 'en'
    ? `${lines}, any ${last + 1}.x+ (\`${mode.requires}\`)`
    : `${lines}，${last + 1}.x 及以后（\`${mode.requires}\`）`;
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

function command(mode: ServingMode, workers: number, quiet: boolean): string {
  const { program, args } = commandLine(mode, workers, { quiet });
  return `\`${[program, ...args].join(' ')}\``;
}

/**
 * The bench's table. Labels stay in English in both languages: they are the names the result
 * tables and charts below use (the JSON records them).
 */
export function servingModesTable(
  lang: Lang,
  options: { workers: number; quiet: boolean; modes?: readonly ServingMode[] },
): string {
  const en = lang === 'en';
  return table(
    en ? ['mode', 'label', 'who accepts', 'server'] : ['模式', '名称', '谁来 accept', '服务程序'],
    (options.modes ?? SERVING_MODES).map((mode) => [
      `\`${mode.id}\``,
      mode.label.en,
      ACCEPT_MODELS[mode.accept][lang],
      command(mode, options.workers, options.quiet),
    ]),
  );
}

const STAGE_NAMES: Record<Lang, (stage: ServingMode['stage']) => string> = {
  en: (s) => (s === 'baseline' ? 'baseline' : s === 'node' ? 'Node itself' : `stage ${s}`),
  zh: (s) => (s === 'baseline' ? '基线' : s === 'node' ? 'Node 自身' : `第 ${s} 阶段`),
};

const NEEDS: Record<Lang, Record<ServingMode['needs'][number], string>> = {
  en: {
    root: 'root',
    nginx: 'nginx',
    haproxy: 'haproxy',
    'loopback-hosts': 'Linux (hosts on 127.0.1.x)',
  },
  zh: {
    root: 'root 权限',
    nginx: 'nginx',
    haproxy: 'haproxy',
    'loopback-hosts': 'Linux（主机在 127.0.1.x 上）',
  },
};

/** The docs' reference table: every mode, where it comes from and what it takes to run. */
export function servingModesReference(lang: Lang, modes = SERVING_MODES): string {
  const en = lang === 'en';
  return table(
    en
      ? ['mode', 'name', 'from', 'who accepts', 'what it does', 'Node', 'needs', 'in the lab']
      : ['模式', '名称', '来自', '谁来 accept', '做了什么', 'Node', '需要', '实验室'],
    modes.map((mode) => [
      `\`${mode.id}\``,
      mode.label[lang],
      STAGE_NAMES[lang](mode.stage),
      ACCEPT_MODELS[mode.accept][lang],
      mode.summary[lang],
      nodeCell(mode, lang),
      mode.needs.map((n) => NEEDS[lang][n]).join(', ') || '–',
      mode.inLab ? (en ? 'yes' : '有') : en ? 'no' : '无',
    ]),
  );
}

/**
 * Each mode's command line for 2 workers, as a person runs it (with narration); the lab adds
 * replaceArgs.
 */
export function servingModesCommands(modes = SERVING_MODES): string {
  const lines = modes.map((mode) => command(mode, 2, false).slice(1, -1));
  const width = Math.max(...lines.map((l) => l.length));
  return lines.map((line, i) => `npx tsx ${line.padEnd(width)}  # ${modes[i]!.id}`).join('\n');
}
