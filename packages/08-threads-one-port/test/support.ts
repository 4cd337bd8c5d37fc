/**
 * Starting src/serve.ts under the kit's harness and reading what it reports over IPC.
 */
import type { ManagedChild, ProcessHarness } from '@cluster-from-scratch/kit/harness';
import { isReadyMessage, type ReadyMessage } from '@cluster-from-scratch/kit/server-ready';

export const SERVE = new URL('../src/serve.ts', import.meta.url);

export interface Ready extends ReadyMessage {
  workerIds: string[];
  strategy: 'reuseport' | 'proxy';
  startupMs: number[];
}

export interface ServeEvent {
  event: string;
  id?: number;
  name?: string;
  code?: number | string;
  error?: { name: string; code?: string; message: string };
  asked?: boolean;
  replaces?: number;
  [key: string]: unknown;
}

const isEvent = (m: unknown, name: string): m is ServeEvent =>
  typeof m === 'object' && m !== null && (m as ServeEvent).event === name;

export async function startServe(
  harness: ProcessHarness,
  args: string[] = [],
): Promise<{ child: ManagedChild; ready: Ready }> {
  const child = harness.start(SERVE, { args: [...args, '--quiet'], name: 'serve.ts' });
  const ready = await child.waitForMessage<Ready>(isReadyMessage, {
    what: 'serve.ts to report { port, primaryPid, workerPids, workerIds }',
  });
  return { child, ready };
}

export function waitEvent(
  child: ManagedChild,
  name: string,
  match: (m: ServeEvent) => boolean = () => true,
): Promise<ServeEvent> {
  return child.waitForMessage<ServeEvent>((m) => isEvent(m, name) && match(m), {
    what: `serve.ts to report a '${name}' event`,
  });
}

export function events(child: ManagedChild, name: string): ServeEvent[] {
  return child.messages.filter((m): m is ServeEvent => isEvent(m, name));
}
