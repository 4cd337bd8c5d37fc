/**
 * Server-sent events: the one-way pipe from the lab server to every open page.
 *
 *   lab ──send('snapshot', {...})──▶ EventStream ──"event: snapshot\ndata: {...}\n\n"──▶ pages
 *
 * Why SSE and not a WebSocket: the page only listens (its buttons are plain POSTs), SSE is
 * plain HTTP that Node serves with no library, and EventSource reconnects by itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export class EventStream {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly onConnect: (send: (event: string, data: unknown) => void) => void) {
    // A comment line now and then keeps idle connections from being cut by anything between.
    this.heartbeat = setInterval(() => {
      for (const res of this.clients) res.write(': still here\n\n');
    }, 15_000);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Takes over a GET request and keeps it open as an event stream. */
  attach(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    // Tell EventSource to retry quickly after the lab restarts.
    res.write('retry: 1000\n\n');
    this.clients.add(res);
    req.on('close', () => this.clients.delete(res));
    this.onConnect((event, data) => res.write(format(event, data)));
  }

  send(event: string, data: unknown): void {
    if (this.clients.size === 0) return;
    const chunk = format(event, data);
    for (const res of this.clients) res.write(chunk);
  }

  /** Ends every stream (the lab is stopping): pages see the connection close. */
  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}

function format(event: string, data: unknown): string {
  // JSON.stringify never emits a raw newline, so one data: line is always enough.
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
