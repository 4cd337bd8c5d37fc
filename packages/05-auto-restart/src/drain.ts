/**
 * Draining: how a worker leaves without failing the requests it already holds.
 *
 *   start(timeout)
 *     │ listener.close()        stop accepting; the kernel keeps queueing new connections
 *     │                         on the shared socket for the workers that still listen
 *     │ 'connection: close'     on every response from now on, so keep-alive clients come
 *     │                         back on a new connection (which another worker accepts)
 *     ├─▶ last connection ends ──▶ listener's close callback ─▶ { by: 'clients' }
 *     └─▶ timeout first ─────────▶ destroy what is left ──────▶ { by: 'timeout', destroyed }
 *
 * Why the worker keeps a net.Server and hands each connection to the http.Server with
 * emit('connection') (the article's pattern): net.Server#close(cb) calls back only once
 * every connection it accepted has closed, which is exactly "let in-flight requests finish".
 *
 * Why we do not drop idle keep-alive connections ourselves (Node 19+'s http.Server#close
 * does): a client may be writing its next request on that connection at this very moment;
 * closing it under the client fails that request. We answer the next request with
 * 'connection: close' instead. An idle client that never sends one would hold the worker
 * for ever (a4-22: the article's "about 60 s" is really whatever the client and the
 * timeouts make it), so a hard timeout ends what is left: one slow client cannot keep a
 * worker, and the recovery it is part of, waiting.
 */
import type { Server as HttpServer, ServerResponse } from 'node:http';
import type { Server as NetServer, Socket } from 'node:net';
import { debuglog } from 'node:util';

const debug = debuglog('cfs-05');

export interface DrainResult {
  /** 'clients': every connection ended by itself; 'timeout': we ended the rest. */
  by: 'clients' | 'timeout';
  /** Connections still open when the timeout fired (0 when the clients finished). */
  destroyed: number;
}

export class Drain {
  private readonly sockets = new Set<Socket>();
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;
  private result: Promise<DrainResult> | undefined;

  constructor(
    private readonly listener: NetServer,
    app: HttpServer,
  ) {
    listener.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      app.emit('connection', socket);
    });
    // prepend: this must run before the application's handler writes the headers.
    app.prependListener('request', (_req, res) => {
      this.inFlight.add(res);
      res.once('close', () => this.inFlight.delete(res));
      if (this.draining) res.setHeader('connection', 'close');
    });
  }

  /** Connections this worker holds right now. */
  get openConnections(): number {
    return this.sockets.size;
  }

  /** Starts draining (once; later calls get the same result). */
  start(timeoutMs: number, onTimeout?: (open: number) => void): Promise<DrainResult> {
    this.result ??= new Promise<DrainResult>((resolve) => {
      this.draining = true;
      // Responses already being prepared have not sent their headers yet: close those too.
      for (const res of this.inFlight) {
        if (!res.headersSent) res.setHeader('connection', 'close');
      }
      let timer: NodeJS.Timeout | undefined;
      if (!this.listener.listening) {
        resolve({ by: 'clients', destroyed: 0 });
        return;
      }
      this.listener.close(() => {
        clearTimeout(timer);
        resolve({ by: 'clients', destroyed: 0 });
      });
      timer = setTimeout(() => {
        const open = this.sockets.size;
        debug('drain timeout after %d ms: destroying %d connection(s)', timeoutMs, open);
        onTimeout?.(open);
        for (const socket of this.sockets) socket.destroy();
        resolve({ by: 'timeout', destroyed: open });
      }, timeoutMs);
    });
    return this.result;
  }
}
