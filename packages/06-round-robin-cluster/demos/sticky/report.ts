/**
 * What the sessions came to: one narrated line per client, "K of N sessions completed", and
 * for a parent with an IPC channel (the tests) a report to count.
 *
 *   SessionResult[] ──▶ completed, failures by reason, sessions per worker pid, mixed
 *                       (sessions answered by more than one worker), handshake retries,
 *                       round trips, the primary's CPU time ──▶ process.send({ type: 'report' })
 *
 * Every way reports through here, whichever primary it ran (a cluster or stage 04's), so the
 * tests read one shape.
 */
import { inLanguage } from '@cluster-from-scratch/kit/language';
import type { Say } from '@cluster-from-scratch/kit/narrate';
import en from '../messages/sticky-en.ts';
import zh from '../messages/sticky-zh.ts';
import { client, clients, clientsApart, quiet, way } from './options.ts';
import type { SessionResult } from './socketio-client.ts';

const m = inLanguage({ en, zh }).sessions;

export interface PrimaryFacts {
  /** true on the clone, false on node:cluster, null for stage 04's primary (no cluster). */
  clone: boolean | null;
  policy: string;
  workerPids: number[];
  /** The primary's CPU time while the sessions ran. */
  primaryCpuMs: number;
}

export function reportSessions(results: SessionResult[], primary: PrimaryFacts, say: Say): void {
  const failures: Record<string, number> = {};
  const sessionsPerWorker: Record<string, number> = {};
  let mixed = 0;
  for (const [n, r] of results.entries()) {
    const distinct = [...new Set(r.pids)];
    if (distinct.length > 1) mixed++;
    for (const pid of distinct) sessionsPerWorker[pid] = (sessionsPerWorker[pid] ?? 0) + 1;
    if (!r.ok) failures[r.why] = (failures[r.why] ?? 0) + 1;
    if (!quiet) say(m.session(n + 1, r.ok, distinct.join(','), r.why));
  }
  const completed = results.filter((r) => r.ok).length;
  // Handshakes tried again (see socketIoSession()): counted, so a reader sees the race.
  const retries = results.reduce((sum, r) => sum + r.retries, 0);
  say(m.result(completed, clients));
  const roundTrips = results.reduce((sum, r) => sum + r.pids.length, 0);
  if (clientsApart && roundTrips > 0) {
    const { primaryCpuMs } = primary;
    say(m.primaryCost(primaryCpuMs, roundTrips, (primaryCpuMs * 1000) / roundTrips));
  }
  process.send?.({
    type: 'report',
    way,
    client,
    clients,
    completed,
    failures,
    retries,
    mixed,
    sessionsPerWorker,
    roundTrips,
    ...primary,
  });
}

/** The CPU time this process spends in `work`, in milliseconds, beside its result. */
export async function withCpuTime<T>(work: () => Promise<T>): Promise<[T, number]> {
  const before = process.cpuUsage();
  const result = await work();
  const cpu = process.cpuUsage(before);
  return [result, (cpu.user + cpu.system) / 1000];
}
