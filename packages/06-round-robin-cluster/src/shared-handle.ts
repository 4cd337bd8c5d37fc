/**
 * SharedHandle: the primary binds once and gives every worker the same socket
 * (Node: internal/cluster/shared_handle). Used under SCHED_NONE.
 *
 * What goes in: a key and the first worker's listen options; then workers (add/remove).
 * What comes out: the *bound but not listening* socket handle, sent to each worker with the
 * answer to its queryServer. Each worker calls listen() on its copy and accepts by itself; the
 * kernel decides which process wins each connection (stage 04's shared socket, inside cluster).
 *
 *   primary: bind(port) ─── handle ──▶ worker 1: listen(), accept, accept …
 *               │      └─── handle ──▶ worker 2: listen(), accept …
 *               └─ keeps its copy (so later workers can get it), never listens or accepts
 *
 * Why bind without listening: a primary that listened would also be in the accept race and
 * take connections it never answers (a2-09's trap). Userland has no "bind only" call, so we use
 * net._createServerHandle, the function net and Node's cluster use themselves (public on the net
 * module, underscore and all). That call is Node's; the sharing around it is ours.
 *
 * UDP sockets are shared this way too, whatever the policy: udp-handle.ts extends this class
 * with a bind of its own (dgram binds asynchronously, so answers wait for it: `pending`).
 */
import net from 'node:net';
import { constants } from 'node:os';
import type { AddCallback, ListeningHandle, ListenQuery, ServerHandle } from './handles.ts';
import type { Worker } from './worker.ts';

type CreateServerHandle = (
  address: string | null,
  port: number,
  addressType: number,
  fd?: number,
  flags?: number,
) => ListeningHandle | number;

const createServerHandle = (net as unknown as { _createServerHandle: CreateServerHandle })
  ._createServerHandle;

/**
 * For a fixed TCP port: 0 when the socket is on it, else the errno of its failed bind (libuv
 * keeps a delayed EADDRINUSE and getsockname returns it).
 */
function bindError(handle: ListeningHandle, port: number): number {
  if (!(port > 0) || typeof handle.getsockname !== 'function') return 0;
  const out: { port?: number } = {};
  const err = handle.getsockname(out);
  if (err !== 0) return err;
  return out.port === port ? 0 : -constants.errno.EADDRINUSE;
}

export class SharedHandle implements ServerHandle {
  readonly key: string;
  data: unknown;
  readonly workers = new Map<number, Worker>();
  handle: ListeningHandle | null = null;
  /** The bind error (negative errno), 0 when bound. */
  errno = 0;
  /** Answers waiting for a bind still under way; null once bound or failed. */
  protected pending: AddCallback[] | null = null;

  constructor(key: string, address: string | null, query: ListenQuery) {
    this.key = key;
    this.bind(address, query);
  }

  /** TCP: bind now (net._createServerHandle is synchronous). */
  protected bind(address: string | null, query: ListenQuery): void {
    const result = createServerHandle(
      address,
      query.port,
      Number(query.addressType),
      query.fd,
      query.flags,
    );
    const delayed = typeof result === 'number' ? 0 : bindError(result, query.port);
    if (typeof result === 'number') this.errno = result;
    else if (delayed !== 0) {
      // Deliberate difference: libuv reports a TCP bind's EADDRINUSE only at listen(), so the
      // socket is unbound here. Node sends it anyway and the worker's net finds out
      // (checkBindError: "bound to another port"); we find out now and answer EADDRINUSE,
      // which the worker's net turns into the same 'error'. So the primary never keeps, and
      // no later worker ever joins, a socket that is not on its port.
      result.close();
      this.errno = delayed;
    } else this.handle = result;
  }

  add(worker: Worker, send: AddCallback): void {
    this.workers.set(worker.id, worker);
    if (this.pending) this.pending.push(send);
    else send(this.errno, null, this.handle);
  }

  /** The bind is over (bound, or errno set): answer everyone who asked meanwhile. */
  protected settle(): void {
    const waiting = this.pending ?? [];
    this.pending = null;
    for (const send of waiting) send(this.errno, null, this.handle);
  }

  /** Lets the socket go (the last worker left). */
  protected closeSocket(): void {
    this.handle?.close();
  }

  has(worker: Worker): boolean {
    return this.workers.has(worker.id);
  }

  remove(worker: Worker): boolean {
    if (!this.workers.delete(worker.id)) return false;
    if (this.workers.size !== 0) return false;
    this.closeSocket();
    this.handle = null;
    this.pending = null;
    return true;
  }
}
