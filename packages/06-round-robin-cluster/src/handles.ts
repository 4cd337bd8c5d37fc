/**
 * handles: the shapes of the libuv handles and messages the cluster passes around.
 *
 * Node's net module keeps a listening socket's native handle in `server._handle` (a TCPWrap)
 * and calls `handle.onconnection(err, clientHandle)` for every accepted connection. The cluster
 * works one level below net.Server, on those handles, because that is what child_process can
 * send over IPC ('net.Native'). These interfaces describe the few members we use.
 */
import type { Worker } from './worker.ts';

/** A connected socket's native handle, as accepted by the primary. */
export interface ConnectionHandle {
  close(callback?: () => void): void;
}

/** A listening socket's native handle (TCPWrap or PipeWrap). */
export interface ListeningHandle {
  onconnection: ((err: number, handle?: ConnectionHandle) => void) | null;
  getsockname?: (out: Record<string, unknown>) => number;
  close(callback?: () => void): void;
}

/** What a worker asks for: the serverQuery net.js builds, plus our index. */
export interface ListenQuery {
  address: string | null;
  port: number;
  addressType: number | string;
  fd?: number;
  flags?: number;
  backlog?: number;
  readableAll?: boolean;
  writableAll?: boolean;
  index: number;
  data: unknown;
}

/** Where the primary's answer to a queryServer goes: errno, extra reply fields, maybe a handle. */
export type AddCallback = (
  errno: number | null,
  reply: Record<string, unknown> | null,
  handle: ListeningHandle | null,
) => void;

/** What RoundRobinHandle and SharedHandle both offer the primary. */
export interface ServerHandle {
  readonly key: string;
  data: unknown;
  /** Registers the worker and answers its queryServer through `send`. */
  add(worker: Worker, send: AddCallback): void;
  /** Forgets the worker; true when it was the last one and the socket is now closed. */
  remove(worker: Worker): boolean;
  /** Does this worker use this socket? */
  has(worker: Worker): boolean;
}

/** The socket an accepted or listening net.Server is built on. */
export interface NetServerInternals {
  _handle: ListeningHandle | null;
  _connections?: number;
  maxConnections?: number;
}
