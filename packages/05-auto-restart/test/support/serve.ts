/**
 * Starting src/serve.ts under the harness and reading what it reports over IPC.
 */
import type { ManagedChild, ProcessHarness } from '@cluster-from-scratch/kit/harness';

export const SERVE = new URL('../../src/serve.ts', import.meta.url);

export interface Started {
  port: number;
  primaryPid: number;
  workerPids: number[];
}

export interface ServeEvent {
  event: string;
  id?: number;
  pid?: number;
  [key: string]: unknown;
}

export function isEvent(message: unknown, name: string): message is ServeEvent {
  return typeof message === 'object' && message !== null && (message as ServeEvent).event === name;
}

export async function startServe(
  harness: ProcessHarness,
  args: string[] = [],
): Promise<{ child: ManagedChild; started: Started }> {
  const child = harness.start(SERVE, { args, name: 'serve.ts' });
  const started = await child.waitForMessage<Started>(
    (m) => typeof m === 'object' && m !== null && 'workerPids' in m,
    { what: 'serve.ts to report { port, primaryPid, workerPids }' },
  );
  return { child, started };
}

/** Every event of one kind reported so far, in order. */
export function events(child: ManagedChild, name: string): ServeEvent[] {
  return child.messages.filter((m): m is ServeEvent => isEvent(m, name));
}

/** Position of the first message matching, or -1 (to assert order). */
export function indexOf(child: ManagedChild, match: (m: ServeEvent) => boolean): number {
  return child.messages.findIndex(
    (m) => isEvent(m, (m as ServeEvent).event) && match(m as ServeEvent),
  );
}

export function waitEvent(
  child: ManagedChild,
  name: string,
  match: (m: ServeEvent) => boolean = () => true,
  what = `a '${name}' event`,
): Promise<ServeEvent> {
  return child.waitForMessage<ServeEvent>((m) => isEvent(m, name) && match(m), { what });
}
