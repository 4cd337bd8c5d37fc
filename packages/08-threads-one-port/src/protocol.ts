/**
 * The messages between the main thread (the supervisor) and each worker thread.
 *
 *   main thread                                  worker thread (thread-server.ts)
 *     workerData { port, reusePort, id } ─────▶  listen on port (reusePort) or on port 0
 *                                        ◀──────  { cfs: 'listening', port }
 *     { cfs: 'disconnect' }              ─────▶  close the server, wait for its connections,
 *                                                 then let the thread end (code 0)
 *     { cfs: 'throw' | 'exit' | 'grow' | 'abort' }  the ways a thread can die, for the tests
 *                                                 and the demo: an uncaught exception,
 *                                                 process.exit(code), a heap that outgrows
 *                                                 resourceLimits, process.abort() (refused in
 *                                                 a thread: ERR_WORKER_UNSUPPORTED_OPERATION)
 *
 * No pid or seq/ack like stage 06's protocol: a postMessage between threads cannot be lost
 * half-way, and the Worker object itself says 'online', 'exit' and 'error'.
 */
export interface ThreadConfig {
  /** The port to listen on: the shared one with reusePort, or 0 for a port of its own. */
  port: number;
  host: string;
  reusePort: boolean;
  /** The supervisor's id for this worker (1, 2, … in fork order). */
  id: number;
}

export type ToThread =
  | { cfs: 'disconnect' }
  | { cfs: 'throw' }
  | { cfs: 'exit'; code: number }
  | { cfs: 'grow' }
  | { cfs: 'abort' };

export type FromThread =
  | { cfs: 'listening'; port: number }
  | { cfs: 'listen-error'; code: string; message: string };

export function isFromThread(message: unknown): message is FromThread {
  return typeof message === 'object' && message !== null && 'cfs' in message;
}
