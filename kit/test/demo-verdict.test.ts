/**
 * The demo runner's verdict (kit/src/demo-verdict.ts), on recorded lines: what fails a demo and
 * what does not, in particular the "at least half in Chinese" rule.
 */
import { describe, expect, it } from 'vitest';
import { type DemoRun, judgeDemo, narratedTexts } from '../src/demo-verdict.ts';
import en from '../src/messages/en.ts';

const words = en.demos;
const run = (overrides: Partial<DemoRun>): DemoRun => ({
  lines: [],
  code: 0,
  signal: null,
  timedOut: false,
  timeoutSeconds: 240,
  language: 'zh',
  translated: true,
  ...overrides,
});

describe('demo verdict', () => {
  it('takes the text of narrated lines without the [role pid] prefix', () => {
    expect(
      narratedTexts([
        '[主进程 4242] 正在 fork',
        '[worker 2 4250] served',
        '[host 127.0.1.1 primary 99] up',
        '| a table | row |',
        '  [primary (crash-loop supervisor) 7] gave up',
      ]),
    ).toEqual(['正在 fork', 'served', 'up', 'gave up']);
  });

  it('passes a Chinese demo whose value-only lines stay as they are', () => {
    const verdict = judgeDemo(
      run({
        lines: [
          '[主进程 1] 正在 fork demos/child.ts',
          '[主进程 1] request add(2, 3) → 5',
          '[工作进程 1 2] 收到一条用户消息：{"a":1}',
          '[主进程 1] ████ 12',
          '| undefined (property) | kept |',
        ],
      }),
      words,
    );
    expect(verdict).toMatchObject({ ok: true, narrated: 3, inChinese: 2, problems: [] });
  });

  it('does not count the translated prefix as Chinese', () => {
    const verdict = judgeDemo(
      run({ lines: ['[主进程 1] forking a child', '[主进程 1] done', '[子进程 2] 你好'] }),
      words,
    );
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual([words.tooLittleChinese(1, 3)]);
  });

  it('only reports too little Chinese for a stage that has no Chinese catalogue yet', () => {
    const verdict = judgeDemo(
      run({ lines: ['[主进程 1] forking a child'], translated: false }),
      words,
    );
    expect(verdict).toMatchObject({
      ok: true,
      problems: [],
      notes: [words.notYetTranslated(0, 1)],
    });
  });

  it('does not ask English demos for Chinese', () => {
    expect(judgeDemo(run({ lines: ['[primary 1] done'], language: 'en' }), words).ok).toBe(true);
  });

  it('fails on a non-zero exit, a signal, a timeout and processes left running', () => {
    expect(judgeDemo(run({ code: 1 }), words).problems).toEqual([words.exitedWith('code 1')]);
    expect(judgeDemo(run({ code: null, signal: 'SIGKILL' }), words).problems).toEqual([
      words.exitedWith('SIGKILL'),
    ]);
    expect(judgeDemo(run({ code: null, timedOut: true }), words).problems).toEqual([
      words.timedOut(240),
    ]);
    const left = [{ pid: 42, cmdline: 'node worker.ts' }];
    expect(judgeDemo(run({ leftRunning: left }), words).problems).toEqual([
      words.leftRunning(42, 'node worker.ts'),
    ]);
  });

  it('fails on a value never filled in: undefined in narration, [object Object] anywhere', () => {
    const missing = judgeDemo(run({ lines: ['[主进程 1] 端口 undefined'] }), words);
    expect(missing.problems).toEqual([words.printedUndefined('[主进程 1] 端口 undefined')]);
    const object = judgeDemo(run({ lines: ['got [object Object]'] }), words);
    expect(object.problems).toEqual([words.printedUndefined('got [object Object]')]);
    // Data (not narration) may say undefined: stage 02's serialization table does.
    expect(judgeDemo(run({ lines: ['| { a: undefined } | kept |'] }), words).ok).toBe(true);
  });
});
