/**
 * ReusePortHandle: every worker binds a socket of its own on one port, with SO_REUSEPORT.
 * BEYOND node:cluster: the scheduling policy SCHED_REUSEPORT (3) exists only in this clone.
 *
 * What goes in: a key and the first worker's listen options; then workers (add/remove) and
 * the port each one reports once it is listening (bound). What comes out: an answer to each
 * queryServer that carries no handle at all, only `reusePort: { port }`: "listen yourself, on
 * this port, with reusePort". The primary holds no socket for it.
 *
 *   worker 1 ── queryServer port 0 ──▶ first one: { reusePort: { port: 0 } }
 *   worker 2 ── queryServer port 0 ──▶ waits (nobody knows the port yet)
 *   worker 1 ── listening port 41645 ─▶ bound(): port = 41645 → worker 2: { reusePort: { port: 41645 } }
 *   worker 3 ── queryServer port 0 ──▶ { reusePort: { port: 41645 } } at once
 *
 *   then, per connection: the kernel hashes it to one worker's socket; the primary never hears
 *
 * Why the first worker picks the port: port 0 means "any free port" to every bind() on its
 * own, so workers binding 0 independently would land on different ports. The primary could
 * bind a socket to find one, but net cannot bind without listening, and a listening socket in
 * the group would take connections nobody answers. So the first worker binds port 0 and the
 * port it gets is the cluster's. With a fixed port nobody waits.
 *
 * If the first worker leaves (or fails to listen) before reporting a port, the next waiting
 * worker is asked to bind port 0 instead, so nobody waits forever.
 *
 * What this policy cannot do, and node:cluster's two can: look at load (the hash does not),
 * keep connections queued for a worker that dies (its queue is reset unless the sysctl
 * net.ipv4.tcp_migrate_req=1 moves them), and keep other processes out (any process of the same
 * user that binds the port with SO_REUSEPORT joins the group). See the README.
 */
import type { AddCallback, ListenQuery, ServerHandle } from './handles.ts';
import type { Worker } from './worker.ts';

export class ReusePortHandle implements ServerHandle {
  readonly key: string;
  data: unknown;
  readonly workers = new Map<number, Worker>();
  /** The cluster's port for this server, once known. */
  port: number | null;
  /** The worker asked to bind port 0 and tell us what it got. */
  private binder: Worker | null = null;
  /** Workers waiting for the port, in the order they asked. */
  private waiting: { worker: Worker; send: AddCallback }[] = [];

  constructor(key: string, query: ListenQuery) {
    this.key = key;
    this.port = query.port === 0 ? null : query.port;
  }

  add(worker: Worker, send: AddCallback): void {
    this.workers.set(worker.id, worker);
    if (this.port !== null) {
      send(null, { reusePort: { port: this.port } }, null);
    } else if (this.binder === null) {
      this.binder = worker;
      send(null, { reusePort: { port: 0 } }, null);
    } else {
      this.waiting.push({ worker, send });
    }
  }

  /** A worker is listening on `port`: the first report fixes the cluster's port. */
  bound(worker: Worker, port: number): void {
    if (this.port !== null || worker !== this.binder) return;
    this.port = port;
    this.binder = null;
    for (const { send } of this.waiting.splice(0)) send(null, { reusePort: { port } }, null);
  }

  has(worker: Worker): boolean {
    return this.workers.has(worker.id);
  }

  remove(worker: Worker): boolean {
    if (!this.workers.delete(worker.id)) return false;
    this.waiting = this.waiting.filter((w) => w.worker !== worker);
    if (worker === this.binder) {
      // It left before saying which port it got: let the next one in line pick it.
      this.binder = null;
      const next = this.waiting.shift();
      if (next) {
        this.binder = next.worker;
        next.send(null, { reusePort: { port: 0 } }, null);
      }
    }
    // Nothing to close here: every socket belongs to a worker and closes with it.
    return this.workers.size === 0;
  }
}
