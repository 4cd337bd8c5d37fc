/**
 * The "Serving modes" page (docs/en/modes.md, docs/zh/modes.md), written from kit's catalogue
 * of serving modes. Nothing on it is typed by hand: a new entry in kit/src/modes.ts shows up
 * here after `npm run pages -w @cluster-from-scratch/docs`, and docs/test/modes-page.test.ts
 * fails until it does.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { type Lang, SERVING_MODES } from '@cluster-from-scratch/kit/modes';
import { servingModesCommands, servingModesReference } from '@cluster-from-scratch/kit/modes-table';
import { binPath } from '@cluster-from-scratch/kit/run-command';
import { docsDir } from './paths.ts';

export const MODES_PAGES: Record<Lang, string> = { en: 'en/modes.md', zh: 'zh/modes.md' };

function markdown(lang: Lang): string {
  const en = lang === 'en';
  const count = SERVING_MODES.length;
  return [
    en ? '# Serving modes' : '# 服务模式',
    '',
    en
      ? '<!-- Written by `npm run pages -w @cluster-from-scratch/docs` from kit/src/modes.ts. Edit the catalogue, not this file. -->'
      : '<!-- 本页由 `npm run pages -w @cluster-from-scratch/docs` 根据 kit/src/modes.ts 写出。请修改目录，不要直接编辑本文件。 -->',
    '',
    en
      ? `Every way this project puts workers behind one port, ${count} in all, from one catalogue (\`kit/src/modes.ts\`) that the benchmarks, the lab and this page read. Each mode serves the same hello-world app; what differs is who takes a connection off the listening socket.`
      : `本项目把多个 worker 放在同一个端口后面的所有方式，共 ${count} 种，都来自同一份目录（\`kit/src/modes.ts\`），基准测试、实验室和本页都读取它。每种模式运行同一个 hello-world 应用，区别在于由谁从监听 socket 上取走连接。`,
    '',
    servingModesReference(lang),
    '',
    en
      ? '**Node** is the oldest Node the mode runs on; **needs** is what the machine must have besides. A mode that cannot run on a machine is skipped there, with the reason: the benchmarks print it and note it on their page, the lab lists the mode disabled.'
      : '**Node** 是该模式能运行的最低 Node 版本；**需要** 是机器上还必须有的东西。在某台机器上无法运行的模式会被跳过并给出原因：基准测试打印原因并记在它的页面上，实验室把该模式列为不可用。',
    '',
    en
      ? "Each mode's command line for 2 workers, as you would run it; the lab adds the catalogue's `replaceArgs` (a killed worker is replaced: stage 06's `--restart`), the benchmarks its `quietArgs` (no narration):"
      : '每种模式在 2 个 worker 时的命令行，即手动运行的命令；实验室会再加上目录里的 `replaceArgs`（被杀的 worker 会被替换：阶段 06 的 `--restart`），基准测试会加上 `quietArgs`（不输出叙述）：',
    '',
    '```sh',
    servingModesCommands(),
    '```',
    '',
    en
      ? "Adding a mode is one entry in `SERVING_MODES` plus its server program. The program serves `helloHandler` on 127.0.0.1:0, sends kit's ready report `{ port, primaryPid, workerPids }` over IPC once every worker listens, and exits 0 on SIGTERM."
      : '新增一种模式只需在 `SERVING_MODES` 中加一项，再加上它的服务程序。该程序在 127.0.0.1:0 上提供 `helloHandler`，所有 worker 开始监听后通过 IPC 发送 kit 的就绪报告 `{ port, primaryPid, workerPids }`，收到 SIGTERM 时以 0 退出。',
    '',
  ].join('\n');
}

/** The page as it should be, formatted the way the repository's formatter writes markdown. */
export function modesPage(lang: Lang): { path: string; content: string } {
  const path = MODES_PAGES[lang];
  const content = execFileSync(
    binPath('biome'),
    ['format', `--stdin-file-path=${join(docsDir, path)}`],
    {
      input: markdown(lang),
      encoding: 'utf8',
    },
  );
  return { path, content };
}
