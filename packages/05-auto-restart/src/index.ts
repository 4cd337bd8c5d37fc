/**
 * Stage 05's public API: a self-healing supervisor and the pieces it is made of.
 *
 *   primary side   Supervisor (supervisor.ts)  RestartBudget  bindSharedHandle  handleSignals
 *                  narrateSupervisor / reportOverIpc
 *   worker side    worker.ts (the program)  Drain  dieGracefullyOnUncaughtException
 *                  exitOnDisconnect  appHandler
 */
export { appHandler, CRASH_PATH } from './app.ts';
export { Drain, type DrainResult } from './drain.ts';
export { exitOnDisconnect } from './exit-on-disconnect.ts';
export { dieGracefullyOnUncaughtException, type GracefulDeathOptions } from './graceful-death.ts';
export type { FromWorker, ServerConfig, ToWorker } from './protocol.ts';
export { narrateSupervisor, reportOverIpc } from './report.ts';
export {
  DEFAULT_RESTART_LIMIT,
  DEFAULT_RESTART_WINDOW_MS,
  RestartBudget,
} from './restart-budget.ts';
export { parseServeArgs, SERVE_USAGE, type ServeArgs, UsageError } from './serve-args.ts';
export { bindSharedHandle, type SharedHandle } from './shared-handle.ts';
export { handleSignals, type SignalOptions } from './signals.ts';
export {
  type ExitCause,
  type ForkReason,
  GiveUpError,
  type GiveUpInfo,
  type ReloadResult,
  SupervisedWorker,
  Supervisor,
  type SupervisorEvents,
  type SupervisorOptions,
  type WorkerExit,
  type WorkerState,
} from './supervisor.ts';
