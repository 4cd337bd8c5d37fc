/**
 * What the primary does with signals.
 *
 *   SIGHUP, SIGUSR2 ─▶ supervisor.reload()   rolling restart, no downtime (PM2's "reload")
 *   SIGTERM, SIGINT ─▶ supervisor.stop()     drain every worker, then exit 0
 *
 * Signal numbers are the platform's: on Linux SIGHUP 1, SIGINT 2, SIGTERM 15, SIGUSR1 10,
 * SIGUSR2 12 (the article's `kill -l` table is macOS's). SIGKILL and SIGSTOP cannot be
 * handled at all; process.on('SIGKILL') throws EINVAL. That is why no-orphans cannot rely
 * on the primary's last words, and the workers watch their IPC channel instead.
 */
import type { Say } from '@cluster-from-scratch/kit/narrate';
import { m } from './messages/index.ts';
import type { Supervisor } from './supervisor.ts';

export interface SignalOptions {
  say: Say;
  /** Called once stop() has finished (a program exits here). */
  onStopped: (signal: NodeJS.Signals) => void;
}

/** Installs the handlers; returns a function that removes them. */
export function handleSignals(supervisor: Supervisor, options: SignalOptions): () => void {
  const reload = (signal: NodeJS.Signals) => {
    options.say(m.rollingRestart(signal));
    supervisor.reload().catch((error: Error) => options.say(error.message));
  };
  const stop = (signal: NodeJS.Signals) => {
    options.say(m.gracefulShutdown(signal));
    void supervisor.stop().then(() => options.onStopped(signal));
  };
  const handlers: [NodeJS.Signals, (signal: NodeJS.Signals) => void][] = [
    ['SIGHUP', reload],
    ['SIGUSR2', reload],
    ['SIGTERM', stop],
    ['SIGINT', stop],
  ];
  for (const [signal, handler] of handlers) process.on(signal, handler);
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
