/**
 * The messages a supervisor and its workers exchange over the IPC channel.
 *
 *   primary                                   worker
 *      │  fork()                                 │
 *      │ ◀──────────── { cfs: 'online' } ─────── │  its 'message' listener exists now
 *      │ ── { cfs: 'server', … } + handle ─────▶ │  listen() on the shared socket
 *      │ ◀──────────── { cfs: 'ready' } ──────── │  accepting connections
 *      │                                         │
 *      │ ◀──────────── { cfs: 'suicide' } ────── │  uncaught exception: replace me now
 *      │ ── { cfs: 'drain' } ──────────────────▶ │  rolling restart / shutdown: finish and go
 *      │ ◀──────────── { cfs: 'drain-timeout' }  │  connections never drained: ending them
 *
 * Every message carries a `cfs` key so it can never be mistaken for a message the
 * application itself sends over the same channel (node:cluster marks its own with `cmd:
 * 'NODE_CLUSTER'` for the same reason).
 *
 * Why 'online' before 'server': a message that arrives before the child has a 'message'
 * listener is dropped, handle and all. An ES module (and tsx loads every worker as one) runs
 * its body only after its imports are loaded, so the primary waits to hear from the worker.
 */

export interface ServerConfig {
  /** How long a leaving worker waits for its connections before it ends them. */
  drainTimeoutMs: number;
  /** http.Server#keepAliveTimeout for the worker's app (0 disables it). */
  keepAliveTimeoutMs: number;
}

export type ToWorker = ({ cfs: 'server' } & ServerConfig) | { cfs: 'drain' };

export type FromWorker =
  | { cfs: 'online' }
  | { cfs: 'ready' }
  | { cfs: 'suicide'; reason: string }
  | { cfs: 'drain-timeout'; open: number };

function hasCfsKey(message: unknown): message is { cfs: string } {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { cfs?: unknown }).cfs === 'string'
  );
}

export function isFromWorker(message: unknown): message is FromWorker {
  return hasCfsKey(message);
}

export function isToWorker(message: unknown): message is ToWorker {
  return hasCfsKey(message);
}
