/**
 * Stage 08's public API: worker threads on one port, supervised like cluster's workers.
 *
 *   ThreadCluster (thread-cluster.ts)  fork / online / listening / exit / giveup, disconnect
 *   startThread    a TypeScript worker thread on every Node line
 *   startThreadProxy  threads on ports of their own behind the main thread (stage 03's pieces)
 *   runWall        what happens when a server or socket is posted to a thread
 *   exitDecision   leave, restart or give up (exercise 08.1)
 */
export { type ExitDecision, exitDecision } from './exit-decision.ts';
export type { FromThread, ThreadConfig, ToThread } from './protocol.ts';
export {
  autoStrategy,
  parseServeArgs,
  SERVE_USAGE,
  type ServeArgs,
  UsageError,
} from './serve-args.ts';
export { startThread } from './start-thread.ts';
export {
  type Strategy,
  ThreadCluster,
  type ThreadClusterEvents,
  type ThreadClusterOptions,
  type ThreadExit,
  ThreadWorker,
  type WorkerState,
} from './thread-cluster.ts';
export { startThreadProxy, type ThreadProxy } from './thread-proxy.ts';
export { type Attempt, runWall, type WallOutcome } from './wall.ts';
