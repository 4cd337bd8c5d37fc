/**
 * The scheduling policies that use the hook (schedule.ts) — BEYOND node:cluster, whose only
 * policies are SCHED_NONE (1) and SCHED_RR (2); the clone's SCHED_REUSEPORT is 3.
 *
 *   NODE_CLUSTER_SCHED_POLICY=iphash    → SCHED_IPHASH (4)    → addressHash
 *   NODE_CLUSTER_SCHED_POLICY=leastconn → SCHED_LEASTCONN (5) → leastConnections()
 *   setupPrimary({ schedule })          → that function, under SCHED_RR (the default)
 *
 * What goes in: the policy frozen at the first fork and the primary's settings. What comes
 * out: the schedule for one server's handle, or undefined for the policies that do not use one
 * (then the primary builds the handle it always built). Node ignores all of this: a program
 * that sets it runs on node:cluster as plain round robin.
 */
import type { ClusterSettings } from 'node:cluster';
import { addressHash, leastConnections, type Schedule } from './schedule.ts';

export const SCHED_IPHASH = 4;
export const SCHED_LEASTCONN = 5;
export const SCHEDULED_POLICIES: readonly number[] = [SCHED_IPHASH, SCHED_LEASTCONN];

const SCHED_RR = 2; // primary.ts's, repeated here so this file needs nothing from primary.ts

/** The policy for NODE_CLUSTER_SCHED_POLICY's value, or undefined if it is not one of ours. */
export function scheduledPolicyFromEnv(value: string | undefined): number | undefined {
  if (value === 'iphash') return SCHED_IPHASH;
  if (value === 'leastconn') return SCHED_LEASTCONN;
  return undefined;
}

/** Bad input gets a clear error at setupPrimary(), not a crash at the first connection. */
export function checkSchedule(settings: ClusterSettings): void {
  const { schedule } = settings as { schedule?: unknown };
  if (schedule !== undefined && typeof schedule !== 'function') {
    throw new TypeError(
      `setupPrimary({ schedule }): schedule must be a function (workers, connection) => worker, got ${typeof schedule}`,
    );
  }
}

/** A fresh schedule for one server (a round robin's turn or a count is per server). */
export function scheduleFor(policy: number, settings: ClusterSettings): Schedule | undefined {
  if (policy === SCHED_IPHASH) return addressHash;
  if (policy === SCHED_LEASTCONN) return leastConnections();
  const { schedule } = settings as { schedule?: Schedule };
  if (policy === SCHED_RR && typeof schedule === 'function') return schedule;
  return undefined;
}
