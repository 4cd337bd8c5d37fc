/**
 * measureLoads: the two loads a side-by-side comparison puts on one running server, and what
 * the server spent on them (scaling, threads).
 *
 *   keep-alive load (autocannon: C connections, R requests)        ─▶ keepAlive (req/s, …)
 *   fresh connections (N requests, K at a time), with the CPU ticks
 *   of every server pid read just before and just after             ─▶ fresh, cpuTicks, cpuMsPerConn
 *
 * Why CPU per connection: at a fixed amount of traffic it swings far less between identical
 * runs than throughput does on this shared 2-core machine. Only the fresh load is timed in CPU:
 * a connection per request is the part that differs between ways of dealing connections out.
 */
import { cpuTicks } from '@cluster-from-scratch/kit/platform';
import { freshLoadMeasuring, keepAliveLoad, type LoadResult } from './load.ts';

/** Linux reports CPU time in clock ticks of 1/100 s (USER_HZ). */
export const MS_PER_TICK = 10;

export interface LoadSizes {
  keepAliveConnections: number;
  keepAliveRequests: number;
  freshRequests: number;
  freshConcurrency: number;
}

export interface MeasuredLoads {
  keepAlive: LoadResult;
  fresh: LoadResult;
  /** Failed requests of both loads. */
  failed: number;
  /** Server CPU ticks (utime + stime, summed over its pids) during the fresh load. */
  cpuTicks: number;
  /** NaN when no fresh request succeeded. */
  cpuMsPerConn: number;
}

export async function measureLoads(
  server: { port: number; pids: readonly number[] },
  sizes: LoadSizes,
): Promise<MeasuredLoads> {
  const keepAlive = await keepAliveLoad({
    port: server.port,
    connections: sizes.keepAliveConnections,
    requests: sizes.keepAliveRequests,
  });
  const { result: fresh, delta } = await freshLoadMeasuring(
    server,
    { requests: sizes.freshRequests, concurrency: sizes.freshConcurrency },
    cpuTicks,
  );
  const ticks = [...delta.values()].reduce((sum, t) => sum + t, 0);
  return {
    keepAlive,
    fresh,
    failed: keepAlive.failed + fresh.failed,
    cpuTicks: ticks,
    cpuMsPerConn: fresh.ok ? (ticks * MS_PER_TICK) / fresh.ok : Number.NaN,
  };
}
