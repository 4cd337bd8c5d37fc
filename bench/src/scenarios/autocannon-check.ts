/**
 * autocannon-check: can autocannon load with a fresh connection per request? (It cannot.)
 *
 *   one plain server; for run lengths of 1, 2, 4 s, each of:
 *     autocannon + header "Connection: close"   counted, received, sent, p50/p99 latency
 *     autocannon reconnectRate 1 / 2            counted vs responses actually received
 *     kit's raw client (connect, request, read to close, repeat)     the reference
 *
 *   "received" is counted on the side: a setupClient hook sees every response's headers before
 *   autocannon decides whether to count it.
 *
 * Not part of the default run: it tests the tool, not the project. `npm run bench --
 * autocannon-check` reruns it; bench/README.md quotes what it found.
 */

import autocannon from 'autocannon';
import { freshLoad } from '../load.ts';
import { findMode } from '../modes.ts';
import {
  type DocsSection,
  type Lang,
  type RunContext,
  type Scenario,
  type ScenarioResult,
  type ServerNote,
  withServer,
} from '../scenario.ts';
import { int, markdownTable, num, renderTable } from '../table.ts';

type Variant = 'connection-close' | 'reconnect-rate-1' | 'reconnect-rate-2' | 'raw-client';

export interface CheckRun {
  variant: Variant;
  seconds: number;
  /** Responses the tool reports. */
  counted: number;
  /** Responses that really arrived (headers seen). */
  received: number;
  /** Requests written to sockets. */
  sent: number;
  /** Distinct TCP connections that carried a response. */
  connections: number;
  p50Ms: number;
  p99Ms: number;
}

const CONNECTIONS = 4;

async function withAutocannon(
  port: number,
  seconds: number,
  variant: Exclude<Variant, 'raw-client'>,
): Promise<CheckRun> {
  let received = 0;
  const sockets = new Set<object>();
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/`,
    connections: CONNECTIONS,
    duration: seconds,
    ...(variant === 'connection-close' ? { headers: { connection: 'close' } } : {}),
    ...(variant === 'reconnect-rate-1' ? { reconnectRate: 1 } : {}),
    ...(variant === 'reconnect-rate-2' ? { reconnectRate: 2 } : {}),
    setupClient(client) {
      client.on('headers', () => {
        received++;
        sockets.add(client.conn);
      });
    },
  });
  return {
    variant,
    seconds,
    counted: result.requests.total,
    received,
    sent: result.requests.sent,
    connections: sockets.size,
    // No counted response, no latency: autocannon's empty histogram would say 0 ms.
    p50Ms: result.requests.total ? result.latency.p50 : Number.NaN,
    p99Ms: result.requests.total ? result.latency.p99 : Number.NaN,
  };
}

export const autocannonCheck: Scenario<CheckRun, { runs: CheckRun[] }> = {
  name: 'autocannon-check',
  title: 'autocannon and a fresh connection per request',
  inDefault: false,

  async run(ctx: RunContext) {
    const lengths = ctx.quick ? [1] : [1, 2, 4];
    const variants: Variant[] = [
      'connection-close',
      'reconnect-rate-1',
      'reconnect-rate-2',
      'raw-client',
    ];
    const progress = ctx.progress(lengths.length * variants.length);
    const runs: CheckRun[] = [];
    const unclean: ServerNote[] = [];
    await withServer(ctx, findMode('single'), 1, unclean, async (server) => {
      for (const seconds of lengths) {
        for (const variant of variants) {
          progress.step(`${variant}, ${seconds} s`);
          if (variant === 'raw-client') {
            const r = await freshLoad({
              port: server.port,
              requests: Number.MAX_SAFE_INTEGER,
              concurrency: CONNECTIONS,
              maxMs: seconds * 1000,
            });
            runs.push({
              variant,
              seconds,
              counted: r.ok,
              received: r.ok,
              sent: r.ok + r.failed,
              connections: r.ok + r.failed,
              p50Ms: r.p50Ms,
              p99Ms: r.p99Ms,
            });
          } else {
            runs.push(await withAutocannon(server.port, seconds, variant));
          }
        }
      }
    });
    progress.finish();
    return {
      scenario: 'autocannon-check',
      title: this.title,
      settings: {
        connections: CONNECTIONS,
        lengths,
        server: 'one process (bench/src/servers/single.ts)',
      },
      skipped: [],
      unclean,
      runs,
      summary: { runs },
    };
  },

  terminal(result) {
    return renderTable(
      ['variant', 'run s', 'counted', 'received', 'sent', 'connections', 'p50 ms', 'p99 ms'],
      result.runs.map((r) => [
        r.variant,
        r.seconds,
        int(r.counted),
        int(r.received),
        int(r.sent),
        int(r.connections),
        r.counted ? num(r.p50Ms) : '–',
        r.counted ? num(r.p99Ms) : '–',
      ]),
    );
  },

  docs(result, lang) {
    return checkDocs(result, lang);
  },
};

function checkDocs(
  result: ScenarioResult<CheckRun, { runs: CheckRun[] }>,
  lang: Lang,
): DocsSection {
  const en = lang === 'en';
  return {
    markdown: [
      en
        ? `One plain server, ${CONNECTIONS} client connections, runs of growing length. **counted** is what the tool reports; **received** counts every response that actually arrived (seen by a hook on each connection); **sent** is requests written. With \`Connection: close\`, autocannon writes a second request on the socket the server is closing, so half its requests are lost and the latency of each answer is measured from an ever older queued request: it grows with the run. \`reconnectRate\` throws away the response that triggers the reconnect: at 1 it counts nothing. The raw client is what the benchmarks use.`
        : `一个普通服务器，${CONNECTIONS} 个客户端连接，运行时间逐渐加长。**counted** 是工具报告的数字；**received** 统计真正收到的响应（由每个连接上的钩子看到）；**sent** 是写出的请求数。带 \`Connection: close\` 时，autocannon 会在服务器正在关闭的 socket 上再写一个请求，于是一半请求丢失，而每个响应的延迟是从越来越早排队的请求开始计算的：运行越久延迟越大。\`reconnectRate\` 会丢弃触发重连的那个响应：设为 1 时它什么都不计。基准测试使用的是原始客户端。`,
      '',
      markdownTable(
        en
          ? ['variant', 'run (s)', 'counted', 'received', 'sent', 'p50 ms', 'p99 ms']
          : ['方式', '时长 (s)', 'counted', 'received', 'sent', 'p50 ms', 'p99 ms'],
        result.runs.map((r) => [
          r.variant,
          r.seconds,
          int(r.counted),
          int(r.received),
          int(r.sent),
          r.counted ? num(r.p50Ms) : '–',
          r.counted ? num(r.p99Ms) : '–',
        ]),
      ),
    ].join('\n'),
    charts: [],
  };
}
