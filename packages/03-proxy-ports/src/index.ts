/**
 * Stage 03, one port and many processes the hard way: the public API.
 *
 *   startProxyPrimary({ workers: 3 })  → { port, primaryPid, workerPids, close() }
 *   listenOnOnePort()                  → the EADDRINUSE experiment, reported cleanly
 *
 * Runnable: src/serve.ts (the proxy as a program, for benchmarks and curl).
 */
export {
  type ConnectResult,
  type ConnectUpstreamOptions,
  connectTo,
  connectUpstream,
  inTurnFrom,
  NoUpstreamError,
  type Upstream,
} from './connect-upstream.ts';
export { narrateProxy } from './narrate-proxy.ts';
export {
  type ProxyEvents,
  ProxyPrimary,
  type ProxyPrimaryOptions,
  type ProxyStats,
  startProxyPrimary,
  type WorkerInfo,
} from './proxy-primary.ts';
export { Rotation } from './rotation.ts';
export {
  listenOnOnePort,
  type SamePortOptions,
  type SamePortOutcome,
  type SamePortRun,
} from './same-port.ts';
export type { ServeMessage } from './serve.ts';
export { splice } from './splice.ts';
export {
  DEFAULT_STARTUP_TIMEOUT_MS,
  DEFAULT_WORKER_SCRIPT,
  startWorker,
  type WorkerExit,
  type WorkerHandle,
  WorkerStartError,
} from './start-worker.ts';
export type { WorkerMessage } from './worker.ts';
