/**
 * One keep-alive HTTP/1.1 connection written by hand, so a test controls exactly when each
 * byte goes out: a request can be left half-sent, or the connection left idle.
 */
import { connect, type Socket } from 'node:net';
import { withTimeout } from '@cluster-from-scratch/kit/timeout';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export class RawHttpConnection {
  private buffer = '';
  private waiter: (() => void) | undefined;
  isClosed = false;
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.waiter?.();
    });
    socket.on('error', () => undefined); // a reset shows as 'close' below
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        this.isClosed = true;
        this.waiter?.();
        resolve();
      });
    });
  }

  static open(port: number, host = '127.0.0.1'): Promise<RawHttpConnection> {
    const socket = connect({ port, host });
    return withTimeout(
      new Promise<RawHttpConnection>((resolve, reject) => {
        socket.once('connect', () => resolve(new RawHttpConnection(socket)));
        socket.once('error', reject);
      }),
      `a connection to ${host}:${port}`,
    );
  }

  write(text: string): void {
    this.socket.write(text);
  }

  /** GET `path` on this connection, keep-alive. */
  get(path = '/'): Promise<RawResponse> {
    this.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    return this.response();
  }

  /** The next complete response on this connection. */
  response(what = 'a complete HTTP response'): Promise<RawResponse> {
    return withTimeout(
      new Promise<RawResponse>((resolve, reject) => {
        const check = () => {
          const parsed = this.take();
          if (parsed) {
            this.waiter = undefined;
            resolve(parsed);
          } else if (this.isClosed) {
            this.waiter = undefined;
            reject(new Error(`connection closed before ${what}`));
          }
        };
        this.waiter = check;
        check();
      }),
      what,
    );
  }

  destroy(): void {
    this.socket.destroy();
  }

  private take(): RawResponse | undefined {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const [statusLine = '', ...lines] = this.buffer.slice(0, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    if (this.buffer.length < end + 4 + length) return undefined;
    const body = this.buffer.slice(end + 4, end + 4 + length);
    this.buffer = this.buffer.slice(end + 4 + length);
    return { status: Number(statusLine.split(' ')[1]), headers, body };
  }
}
