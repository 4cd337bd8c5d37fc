/**
 * Which Node lines the clone's SCHED_REUSEPORT can run on: those where net.Server#listen takes
 * `reusePort` (kit/src/node-lines.ts). Older lines ignore the option, so every worker after
 * the first would get EADDRINUSE; the primary refuses the policy up front instead.
 */
import { nodeHas, nodeSince } from '@cluster-from-scratch/kit/node-lines';

export const REUSE_PORT_SINCE = nodeSince('reusePort');

export function reusePortSupported(version: string = process.versions.node): boolean {
  return nodeHas('reusePort', version);
}
