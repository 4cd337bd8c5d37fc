/**
 * One snapshot: everything the page draws, read from the lab's parts, as plain JSON.
 *
 *   LabServer ─┐
 *   LabLoad   ─┤
 *   Counts    ─┼─▶ snapshotOf() ──▶ { modes, server, front, primary, workers, load, fairness,
 *   Roster    ─┤                      held, restart, notice, hook }  ──▶ GET /api/state, SSE
 *   …         ─┘
 *
 * It only reads: nothing here changes a part, so a snapshot can be taken at any moment.
 */
import type { Counts } from './counts.ts';
import type { FairnessSeries } from './fairness-series.ts';
import type { LoadSpec } from './input.ts';
import type { LabLoad } from './load-run.ts';
import { ACCEPT_MODELS, MODES, modeStatus, routeOf } from './modes.ts';
import type { Notice } from './page-feed.ts';
import type { RollingRestart } from './rolling-restart.ts';
import type { Roster } from './roster.ts';
import type { LabServer } from './server-run.ts';

export interface LoadView {
  status: 'idle' | 'running' | 'done' | 'stopped';
  kind: LoadSpec['kind'] | undefined;
  connections: number | undefined;
  durationMs: number | undefined;
  requestsCap: number | undefined;
  elapsedMs: number;
  requests: number;
  failed: number;
  connectionsMade: number;
  /** Requests per second over the load so far. */
  rate: number;
  reasons: [string, number][];
  recentFailures: { at: number; reason: string }[];
}

export interface SnapshotParts {
  hookPort: number;
  /** Hook datagrams that were not lab events. */
  malformed: number;
  server: LabServer;
  load: LabLoad;
  counts: Counts;
  series: FairnessSeries;
  roster: Roster;
  restart: RollingRestart | undefined;
  notice: Notice | undefined;
  /** Behind a front (stage 07): each worker's host address. */
  hostOf: ReadonlyMap<number, string>;
}

export function snapshotOf(p: SnapshotParts) {
  const server = p.server.current;
  const mode = server?.mode ?? p.server.lastMode;
  const load = p.load.current;
  const tally = p.counts.tally;
  const f = p.counts.fairness(p.roster.live());
  const elapsedMs = p.load.elapsedMs();
  return {
    lab: { pid: process.pid, hookPort: p.hookPort },
    modes: MODES.map((m) => modeStatus(m)),
    server: {
      status: p.server.status,
      mode: mode?.id,
      label: mode?.label,
      accept: mode?.accept,
      route: mode ? routeOf(mode.accept) : undefined,
      /** What the primary does in this mode, for its box on the page. */
      primaryDoes: mode ? ACCEPT_MODELS[mode.accept].primary : undefined,
      supervised: mode?.supervised ?? false,
      workers: server?.workers ?? p.server.lastWorkers,
      port: server?.port,
      script: server?.program,
      error: p.server.error,
    },
    /** nginx and its hosts, when the mode is a front (stage 07); the page groups workers by host. */
    front: server?.front
      ? {
          nginx: server.front.nginx,
          hosts: server.front.hosts.map((h) => ({
            address: h.address,
            port: h.port,
            primaryPid: h.primaryPid,
          })),
        }
      : undefined,
    primary: server
      ? {
          pid: server.primaryPid,
          alive: p.server.status === 'running',
          accepted: p.counts.primaryAccepted(server.primaryPid, mode?.accept),
          accepts: p.counts.primaryAccepts(server.primaryPid, mode?.accept),
          served: p.counts.primaryServed,
        }
      : undefined,
    workers: p.roster
      .list()
      .map((w) => ({ ...w, host: p.hostOf.get(w.pid), ...p.counts.worker(w.key) })),
    load: {
      status: load?.status ?? 'idle',
      kind: load?.spec.kind,
      connections: load?.spec.connections,
      durationMs: load?.spec.durationMs,
      requestsCap: load?.spec.requests,
      elapsedMs,
      requests: tally.requests,
      failed: tally.failed,
      connectionsMade: tally.connections,
      rate: elapsedMs > 0 ? (tally.requests / elapsedMs) * 1000 : 0,
      reasons: [...tally.reasons],
      recentFailures: tally.recentFailures,
    } satisfies LoadView,
    fairness: {
      jain: f.jain,
      maxOverMin: Number.isFinite(f.maxOverMin) ? f.maxOverMin : null,
      cv: f.coefficientOfVariation,
      workers: f.workers,
      series: p.series.points,
    },
    /** The long-lived load: open connections per worker, over time and at each kill. */
    held: load?.held?.view(p.roster.live()),
    restart: p.restart?.view(tally.failed),
    notice: p.notice,
    hook: {
      port: p.hookPort,
      counts: p.counts.hookCounts,
      active: p.counts.hooked,
      malformed: p.malformed,
    },
  };
}

export type Snapshot = ReturnType<typeof snapshotOf>;
