/**
 * Which Node lines the clone's SCHED_REUSEPORT can run on: those where net.Server#listen takes
 * `reusePort` (23.1.0, backported to 22.12.0). Older lines ignore the option, so every worker
 * after the first would get EADDRINUSE; the primary refuses the policy up front instead.
 *
 * A local check on purpose, like stage 04's: when the kit's table of Node lines lands, this
 * becomes one line that asks it.
 */

export const REUSE_PORT_SINCE = '22.12.0 (or 23.1.0 on the 23 line)';

export function reusePortSupported(version: string = process.versions.node): boolean {
  const match = /^v?(\d+)\.(\d+)\./.exec(version);
  if (!match) throw new TypeError(`reusePortSupported: not a Node version: ${version}`);
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major > 23 || (major === 23 && minor >= 1) || (major === 22 && minor >= 12);
}
