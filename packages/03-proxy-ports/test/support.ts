/**
 * What the tests share: start the proxy program, ask it things, be its client.
 */
import { connect } from 'node:net';
import type { ManagedChild, ProcessHarness } from '@cluster-from-scratch/kit/harness';
import { SERVED_BY_HEADER } from '@cluster-from-scratch/kit/hello-app';
import { openIdleConnections } from '@cluster-from-scratch/kit/http-load';
import type { ServeMessage } from '../src/serve.ts';

export const serveScript = new URL('../src/serve.ts', import.meta.url);
export const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

export type Ready = Extract<ServeMessage, { type: 'ready' }>;
export type Stats = Extract<ServeMessage, { type: 'stats' }>;
export type ProxyEvent = Extract<ServeMessage, { type: 'event' }>;

export async function startServe(
  harness: ProcessHarness,
  args: string[],
): Promise<{ primary: ManagedChild; ready: Ready }> {
  const primary = harness.start(serveScript, { args: ['--quiet', '--events', ...args] });
  const ready = await primary.waitForMessage<Ready>((m) => (m as ServeMessage).type === 'ready', {
    what: "the proxy's ready message",
    timeout: 30_000,
  });
  return { primary, ready };
}

export async function stats(primary: ManagedChild): Promise<Stats> {
  primary.send({ cmd: 'stats' });
  return primary.waitForMessage<Stats>((m) => (m as ServeMessage).type === 'stats', {
    what: 'the stats reply',
  });
}

/** The proxy events received so far (call stats() first to be sure earlier ones are in). */
export function events(primary: ManagedChild, name?: string): ProxyEvent[] {
  return (primary.messages as ServeMessage[]).filter(
    (m): m is ProxyEvent => m.type === 'event' && (name === undefined || m.event === name),
  );
}

export interface ProbeResult {
  ok: boolean;
  servedBy?: number;
  /** The client's own port: what the proxy sees as the client's remote port. */
  localPort?: number;
  error?: string;
}

/** One HTTP request on a fresh connection, read to the end; never rejects. */
export function probe(port: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let raw = '';
    let localPort: number | undefined;
    let done = false;
    const finish = (result: ProbeResult) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ ...result, localPort });
    };
    socket.setEncoding('latin1');
    socket.on('connect', () => {
      localPort = socket.localPort;
      socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    });
    socket.on('data', (chunk: string) => {
      raw += chunk;
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish({ ok: false, error: error.code ?? error.message }),
    );
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1]);
      const servedBy = Number(new RegExp(`^${SERVED_BY_HEADER}: (\\d+)`, 'im').exec(raw)?.[1]);
      if (status === 200 && servedBy) finish({ ok: true, servedBy });
      else finish({ ok: false, error: raw ? 'malformed response' : 'closed without a response' });
    });
  });
}

/** `count` requests one after the other. */
export async function probeInSequence(port: number, count: number): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  for (let i = 0; i < count; i++) results.push(await probe(port));
  return results;
}

/** Opens `count` connections that send nothing; resolves once all are connected. */
export const openIdle = openIdleConnections;

export function countBy<T>(items: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}
