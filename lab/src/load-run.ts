/**
 * The load the lab drives: one at a time, bounded in time and in requests, stoppable.
 *
 *   start(spec, server) ──kit clients (keepAlive | freshConnections)──HTTP──▶ the server's port
 *                       └─long-lived: HeldLoad (held-load.ts), clients that hold a connection
 *        every response ──▶ onResult(result)   (who served it: x-served-by)
 *        the end (done, stopped or failed) ──▶ onEnd(load, error?)
 *
 * It counts nothing itself: whoever is told onResult counts (a held load also keeps its open
 * connections per worker, which only it can know).
 */
import {
  freshConnections,
  keepAlive,
  type RequestResult,
} from '@cluster-from-scratch/kit/http-load';
import { heldClients } from './held-client.ts';
import { HeldLoad } from './held-load.ts';
import type { LoadSpec } from './input.ts';
import { replacementOf } from './replacement.ts';
import type { Roster } from './roster.ts';
import type { RunningServer } from './server-run.ts';
import type { LabMessages } from './words.ts';

export interface LoadRun {
  spec: LoadSpec;
  abort: AbortController;
  startedAt: number;
  endedAt?: number;
  status: 'running' | 'done' | 'stopped';
  finished: Promise<void>;
  /** The long-lived load's clients and their connections, for that kind. */
  held?: HeldLoad;
}

export class LabLoad {
  current: LoadRun | undefined;

  constructor(
    private readonly events: {
      onResult(result: RequestResult): void;
      onEnd(load: LoadRun, error?: Error): void;
    },
  ) {}

  get running(): boolean {
    return this.current?.status === 'running';
  }

  start(spec: LoadSpec, server: RunningServer, roster: Roster): LoadRun {
    const { port } = server;
    const abort = new AbortController();
    const common = {
      port,
      requests: spec.requests,
      durationMs: spec.durationMs,
      signal: abort.signal,
      onResult: (result: RequestResult) => this.events.onResult(result),
    };
    const held =
      spec.kind === 'long-lived'
        ? new HeldLoad(
            {
              port,
              holder: heldClients(port),
              live: () => roster.live(),
              replaced: (worker) => replacementOf(server, roster, worker),
              onResult: common.onResult,
            },
            spec.connections,
            abort.signal,
          )
        : undefined;
    const run = (): Promise<unknown> =>
      held
        ? held.run(spec.durationMs)
        : spec.kind === 'fresh'
          ? freshConnections({ ...common, concurrency: spec.connections })
          : keepAlive({ ...common, connections: spec.connections });
    const load: LoadRun = {
      spec,
      abort,
      startedAt: Date.now(),
      status: 'running',
      finished: Promise.resolve(),
      ...(held ? { held } : {}),
    };
    load.finished = run().then(
      () => this.ended(load),
      (error: Error) => this.ended(load, error),
    );
    this.current = load;
    return load;
  }

  /** Stops a running load and waits until its clients have let go. */
  async stop(): Promise<void> {
    const load = this.current;
    if (load?.status !== 'running') return;
    load.status = 'stopped';
    load.abort.abort();
    await load.finished;
  }

  /** Forgets the last load (a new server starts from nothing). */
  clear(): void {
    this.current = undefined;
  }

  /** Milliseconds the current load has run (or ran). */
  elapsedMs(now = Date.now()): number {
    const load = this.current;
    return load ? (load.endedAt ?? now) - load.startedAt : 0;
  }

  private ended(load: LoadRun, error?: Error): void {
    if (load.status === 'running') load.status = 'done';
    load.endedAt = Date.now();
    this.events.onEnd(load, error);
  }
}

/** The load in words, in the catalogue `m`'s language. */
export function describeLoad(spec: LoadSpec, m: LabMessages): string {
  const bound = m.loads.bound(spec.durationMs / 1000, spec.requests);
  if (spec.kind === 'browser') return m.loads.browser(bound);
  if (spec.kind === 'long-lived')
    return m.loads.longLived(spec.connections, spec.durationMs / 1000);
  if (spec.kind === 'fresh') return m.loads.fresh(spec.connections, bound);
  return m.loads.keepAlive(spec.connections, bound);
}
