/**
 * The ready report every runnable server of the project sends over IPC once it listens:
 *
 *   serve script ──process.send({ port, primaryPid, workerPids })──▶ bench / lab / tests
 *
 * One shape for every stage, so the benchmarks and the lab can start any mode the same way.
 */
export interface ReadyMessage {
  port: number;
  primaryPid: number;
  workerPids: number[];
  /**
   * Only from servers whose workers are threads (stage 08): one `<pid>.<threadId>` per thread,
   * the name each puts in x-served-by. workerPids then repeats the one pid, once per thread.
   */
  workerIds?: string[];
}

/** Is `message` a ready report (a real port, a primary pid, positive integer worker pids)? */
export function isReadyMessage(message: unknown): message is ReadyMessage {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  return (
    typeof m.port === 'number' &&
    m.port > 0 &&
    typeof m.primaryPid === 'number' &&
    Array.isArray(m.workerPids) &&
    m.workerPids.every((pid) => Number.isInteger(pid) && pid > 0)
  );
}
