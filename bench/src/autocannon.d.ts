/**
 * The part of autocannon 8 this bench uses. autocannon ships no types and we add no
 * dependency for them; these few declarations follow its README and lib/httpClient.js.
 */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';
  import type { Socket } from 'node:net';

  namespace autocannon {
    /** One load connection. It reconnects on error or when the server closes, keeping its id. */
    interface Client extends EventEmitter {
      conn: Socket;
      /** Raw header pairs of each response, before autocannon decides whether to count it. */
      on(
        event: 'headers',
        listener: (info: { statusCode: number; headers: string[] }) => void,
      ): this;
      on(event: string, listener: (...args: unknown[]) => void): this;
    }

    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p90: number;
      p97_5: number;
      p99: number;
    }

    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      /** Total requests; autocannon stops after this many responses. */
      amount?: number;
      headers?: Record<string, string>;
      pipelining?: number;
      /** Seconds. */
      timeout?: number;
      reconnectRate?: number;
      /** Milliseconds between samples; a finished run is noticed on the next one. */
      sampleInt?: number;
      setupClient?: (client: Client) => void;
    }

    interface Result {
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      latency: Histogram;
      requests: Histogram & { sent: number };
      throughput: Histogram;
    }

    interface Instance extends EventEmitter, PromiseLike<Result> {
      stop(): void;
    }
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;
  export = autocannon;
}
