/**
 * The proxy primary: one process owns the public port and relays every client connection
 * to a worker that listens on a port of its own.
 *
 *                         client A      client B      client C
 *                            │             │             │
 *                  ┌─────────▼─────────────▼─────────────▼──────────┐
 *                  │ primary  :PUBLIC (net.Server, pauseOnConnect)  │
 *                  │   rotation.next() → w1        w2        w3     │
 *                  │   connectUpstream ─┐          │         │      │
 *                  └────────────────────┼──────────┼─────────┼──────┘
 *                                       ▼          ▼         ▼
 *                                 worker 1 :p1  worker 2 :p2  worker 3 :p3   (listen(0))
 *
 * In: how many workers, and whether to be naive or resilient. Out: a running proxy with
 * { port, primaryPid, workerPids, close() } and events narrating what it does.
 *
 * Per client connection: pick an upstream round robin (rotation.ts), open a TCP connection
 * to it (connect-upstream.ts), then splice the two sockets together (splice.ts). The client
 * socket stays paused until the upstream is connected, so its first bytes wait in the kernel
 * and nothing is lost if the first worker tried refuses.
 *
 * naive (resilient: false) is the design the articles warn about: the list of upstream ports
 * is fixed at start. When a worker dies its port stays in the rotation, and every client
 * sent there gets an error, the way nginx keeps a dead upstream in its list until it fails.
 *
 * resilient (the default) fixes that three ways:
 * 1. a worker that exits leaves the rotation at once ('exit' arrives over the child's pipe);
 * 2. a failed upstream connect (the worker is dying, or has closed its listener, and its
 *    'exit' has not arrived yet) is retried on the next worker: the client sees nothing;
 * 3. a replacement is forked, and joins the rotation once it has reported its port.
 *
 * What this stage does not do yet: limit how fast replacements are forked (a worker that
 * crashes at once would be replaced forever; stage 05 adds the limit). A replacement that
 * fails to start is reported and not retried.
 */
import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { debuglog } from 'node:util';
import { labEvent, reportAccepts } from '@cluster-from-scratch/kit/lab-hook';
import { withTimeout } from '@cluster-from-scratch/kit/timeout';
import {
  connectUpstream,
  inTurnFrom,
  type NoUpstreamError,
  type Upstream,
} from './connect-upstream.ts';
import { Rotation } from './rotation.ts';
import { splice } from './splice.ts';
import {
  DEFAULT_STARTUP_TIMEOUT_MS,
  startWorker,
  type WorkerExit,
  type WorkerHandle,
} from './start-worker.ts';

const debug = debuglog('cfs-03');

export interface ProxyPrimaryOptions {
  /** How many workers to fork (default 2). */
  workers?: number;
  /** Public address (default 127.0.0.1:0, the kernel picks the port). */
  host?: string;
  port?: number;
  /** false: the naive proxy (fixed upstream list, no retry, no replacement). Default true. */
  resilient?: boolean;
  /** The worker program (default src/worker.ts, serving kit's helloHandler). */
  workerScript?: string | URL;
  workerArgs?: string[];
  /** How long a worker may take to report its port (default 10 s). */
  startupTimeoutMs?: number;
  /** Silence the workers' own narration. */
  quietWorkers?: boolean;
}

export interface WorkerInfo {
  id: number;
  pid: number;
  port: number;
}

export interface ProxyStats {
  /** Client connections accepted on the public port. */
  accepted: number;
  /** Client connections spliced to a worker. */
  forwarded: number;
  /** Upstream connects that failed and were retried on another worker. */
  retried: number;
  /** Client connections dropped because no worker took them. */
  failed: number;
  /** Client connections open right now. */
  open: number;
}

export interface ProxyEvents {
  'worker-ready': [worker: WorkerInfo & { replaces?: number }];
  'worker-exit': [worker: WorkerInfo, exit: WorkerExit & { expected: boolean }];
  'replace-failed': [replaces: WorkerInfo, error: Error];
  /** A client connection is now spliced to `upstream` (the upstream TCP connect succeeded). */
  forward: [clientPort: number, upstream: WorkerInfo, refused: WorkerInfo[]];
  /** An upstream connect failed (ECONNREFUSED, ECONNRESET); the resilient proxy tries the next. */
  refused: [clientPort: number, upstream: WorkerInfo, code: string];
  /** No worker took the connection; the client is dropped. */
  'no-upstream': [clientPort: number, error: Error];
}

function info(worker: Upstream): WorkerInfo {
  return { id: worker.id, pid: worker.pid, port: worker.port };
}

export class ProxyPrimary extends EventEmitter<ProxyEvents> {
  readonly primaryPid = process.pid;
  readonly resilient: boolean;
  private readonly options: ProxyPrimaryOptions;
  private readonly server: Server;
  /** Live workers by id. */
  private readonly live = new Map<number, WorkerHandle>();
  private readonly rotation = new Rotation<WorkerHandle>();
  /** Every open socket (both halves of every proxied connection), for close(). */
  private readonly sockets = new Set<Socket>();
  /** The client halves alone, for stats(). */
  private readonly clients = new Set<Socket>();
  /** Worker starts in progress, so close() can wait for them instead of leaking them. */
  private readonly starting = new Set<Promise<unknown>>();
  private readonly counts = { accepted: 0, forwarded: 0, retried: 0, failed: 0 };
  private nextId = 1;
  private closing = false;
  private closed: Promise<void> | undefined;
  private publicPort = 0;

  constructor(options: ProxyPrimaryOptions = {}) {
    super();
    this.options = options;
    this.resilient = options.resilient ?? true;
    // pauseOnConnect: do not read from a client before it has an upstream to go to.
    // allowHalfOpen: a client that half-closes after its request still gets the response.
    this.server = createServer({ pauseOnConnect: true, allowHalfOpen: true }, (client) =>
      this.onConnection(client),
    );
    reportAccepts(this.server, 'primary'); // the lab's view; free when no lab is listening
  }

  /** The public port (known once start() resolved). */
  get port(): number {
    return this.publicPort;
  }

  /** Pids of the workers alive now. */
  get workerPids(): number[] {
    return this.workers.map((w) => w.pid);
  }

  /** The workers alive now, by id. */
  get workers(): WorkerInfo[] {
    return [...this.live.values()].sort((a, b) => a.id - b.id).map(info);
  }

  /** The upstreams clients are sent to, in rotation order (the naive proxy keeps dead ones). */
  get upstreams(): WorkerInfo[] {
    return this.rotation.items.map(info);
  }

  stats(): ProxyStats {
    return { ...this.counts, open: this.clients.size };
  }

  /** Forks the workers, waits for every port, then opens the public port. */
  async start(): Promise<void> {
    const count = this.options.workers ?? 2;
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError(`workers must be a whole number ≥ 1, got ${count}`);
    }
    const results = await Promise.allSettled(
      Array.from({ length: count }, () => this.fork({ join: false })),
    );
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) {
      // One worker failed: end the ones that did start, then say which failed and why.
      await this.close();
      throw failure.reason;
    }
    // They report in any order; they join the rotation in id order, so turns go 1, 2, 3.
    for (const worker of [...this.live.values()].sort((a, b) => a.id - b.id)) {
      if (this.rotation.items.includes(worker)) continue;
      this.rotation.add(worker);
      this.emit('worker-ready', info(worker));
    }
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    }).catch(async (error: unknown) => {
      await this.close();
      throw error;
    });
    const address = this.server.address();
    this.publicPort = typeof address === 'object' && address ? address.port : 0;
    debug('public port %d, workers %o', this.publicPort, this.workers);
  }

  /** Closes the public port, drops every open connection, ends every worker. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      this.closing = true;
      const serverClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      for (const socket of this.sockets) socket.destroy();
      await Promise.allSettled([...this.starting]);
      await Promise.all([...this.live.values()].map((w) => stopWorker(w)));
      await serverClosed;
      debug('closed');
    })();
    return this.closed;
  }

  /**
   * Forks one worker; with `join`, puts it in the rotation as soon as it has reported its
   * port (start() adds the first workers itself, all together).
   */
  private fork(options: { join: boolean; replaces?: number }): Promise<WorkerHandle> {
    const started = (async () => {
      const worker = await startWorker({
        id: this.nextId++,
        script: this.options.workerScript,
        args: this.options.workerArgs,
        host: '127.0.0.1',
        timeoutMs: this.options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS,
        quiet: this.options.quietWorkers,
      });
      this.live.set(worker.id, worker);
      void worker.exited.then((exit) => this.onWorkerExit(worker, exit));
      if (this.closing) {
        // close() began while this worker was starting: it must not outlive the primary.
        await stopWorker(worker);
        throw new Error(`worker ${worker.id} started while the proxy was closing`);
      }
      if (options.join) {
        this.rotation.add(worker);
        this.emit('worker-ready', { ...info(worker), replaces: options.replaces });
      }
      return worker;
    })();
    this.starting.add(started);
    void started.catch(() => {}).finally(() => this.starting.delete(started));
    return started;
  }

  private onWorkerExit(worker: WorkerHandle, exit: WorkerExit): void {
    this.live.delete(worker.id);
    const expected = this.closing;
    // The naive proxy keeps the dead worker's port in its list: that is the bug it shows.
    if (this.resilient) this.rotation.remove(worker);
    this.emit('worker-exit', info(worker), { ...exit, expected });
    if (this.resilient && !expected) {
      this.fork({ join: true, replaces: worker.id }).catch((error: Error) => {
        if (!this.closing) this.emit('replace-failed', info(worker), error);
      });
    }
  }

  private onConnection(client: Socket): void {
    this.counts.accepted++;
    const clientPort = client.remotePort ?? 0;
    this.track(client);
    this.clients.add(client);
    client.once('close', () => this.clients.delete(client));
    // Until splice() takes over, an error on the client (a reset) only needs the socket gone.
    client.on('error', () => client.destroy());
    const first = this.rotation.next();
    const candidates = this.resilient
      ? inTurnFrom(this.rotation.items, first)
      : first
        ? [first]
        : [];
    connectUpstream(candidates, {
      retry: this.resilient,
      onRefused: (upstream, error) => {
        this.counts.retried++;
        this.emit('refused', clientPort, info(upstream), error.code ?? error.message);
      },
    }).then(
      ({ upstream, socket, refused }) => {
        if (client.destroyed || this.closing) {
          // The client left (or we are shutting down) while we were connecting: close the
          // upstream half too, or it would stay open towards the worker with nobody behind it.
          socket.destroy();
          return;
        }
        this.track(socket);
        this.counts.forwarded++;
        this.emit('forward', clientPort, info(upstream), refused.map(info));
        labEvent('handoff', { role: 'primary', worker: upstream.pid });
        splice(client, socket);
      },
      (error: NoUpstreamError | NodeJS.ErrnoException) => {
        this.counts.failed++;
        debug('client :%d dropped: %s', clientPort, error.message);
        this.emit('no-upstream', clientPort, error);
        // The client's request is still unread in the kernel: destroying the socket makes
        // the kernel answer with a reset, so the client gets an error, not a silent hang.
        client.destroy();
      },
    );
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }
}

/** SIGTERM, then SIGKILL if the worker has not exited within 5 s. */
async function stopWorker(worker: WorkerHandle): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  worker.child.kill('SIGTERM');
  await withTimeout(worker.exited, `worker ${worker.id} to exit after SIGTERM`, 5000).catch(() => {
    worker.child.kill('SIGKILL');
    return worker.exited;
  });
}

/** Starts a proxy primary and resolves once every worker is up and the public port is open. */
export async function startProxyPrimary(options: ProxyPrimaryOptions = {}): Promise<ProxyPrimary> {
  const primary = new ProxyPrimary(options);
  await primary.start();
  return primary;
}
