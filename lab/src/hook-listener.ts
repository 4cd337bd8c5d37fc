/**
 * The receiving end of kit's lab hook: servers report what they do in UDP datagrams.
 *
 *   server process ──labEvent('accept', …)──▶ udp 127.0.0.1:<port> ──▶ onEvent(event)
 *
 * The lab passes CFS_LAB_PORT=<port> in the environment of every server it starts. A stage
 * that calls labEvent() then reports, one datagram per event, which process accepted a
 * connection, which worker it was handed to, who served a request, which worker forked or
 * exited. A stage that does not call it costs nothing and the lab shows what it can observe
 * from outside instead. Anything that is not a well-formed event is counted and dropped.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { LabEvent, LabEventKind } from '@cluster-from-scratch/kit/lab-hook';

export const HOOK_KINDS: readonly LabEventKind[] = ['accept', 'handoff', 'request', 'fork', 'exit'];

/** Parses one datagram; undefined when it is not a lab event. */
export function parseHookEvent(raw: string): LabEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const e = value as Record<string, unknown>;
  if (!HOOK_KINDS.includes(e.kind as LabEventKind)) return undefined;
  if (!Number.isInteger(e.pid) || (e.pid as number) <= 0) return undefined;
  if (e.worker !== undefined && (!Number.isInteger(e.worker) || (e.worker as number) <= 0)) {
    return undefined;
  }
  return {
    kind: e.kind as LabEventKind,
    pid: e.pid as number,
    worker: e.worker as number | undefined,
    role: e.role === 'primary' || e.role === 'worker' ? e.role : undefined,
    detail: typeof e.detail === 'string' ? e.detail.slice(0, 200) : undefined,
    at: typeof e.at === 'number' ? e.at : Date.now(),
  };
}

export class HookListener {
  private readonly socket: Socket = createSocket('udp4');
  malformed = 0;

  constructor(private readonly onEvent: (event: LabEvent) => void) {
    this.socket.on('message', (message) => {
      const event = parseHookEvent(message.toString('utf8'));
      if (event) this.onEvent(event);
      else this.malformed++;
    });
  }

  /** Binds 127.0.0.1 on a port the kernel picks; resolves with it. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.socket.once('error', reject);
      this.socket.bind(0, '127.0.0.1', () => {
        this.socket.off('error', reject);
        resolve(this.socket.address().port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
