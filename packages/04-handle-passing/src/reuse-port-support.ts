/**
 * Which Node lines can put several sockets on one port: those where net.Server#listen takes
 * `reusePort` (kit/src/node-lines.ts: 22.12.0 on 22.x, 23.1.0 on 23.x and later). Older lines
 * do not reject the option, they ignore it, so the first sign of an old line is the EADDRINUSE
 * a second listener gets. Asking the version up front turns that into a message that says
 * what to upgrade to.
 */
import { execFileSync } from 'node:child_process';
import { nodeHas, nodeSince } from '@cluster-from-scratch/kit/node-lines';

export const REUSE_PORT_SINCE = nodeSince('reusePort');

export function reusePortSupported(version: string = process.versions.node): boolean {
  return nodeHas('reusePort', version);
}

/** Thrown where a caller asks for several sockets on one port on a line that cannot do it. */
export class ReusePortUnsupportedError extends Error {
  override name = 'ReusePortUnsupportedError';
  readonly code = 'CFS_REUSE_PORT_UNSUPPORTED';
  constructor(detail: string, version: string = process.versions.node) {
    super(
      `listen({ reusePort: true }) needs Node ${REUSE_PORT_SINCE}; this is Node ${version}, ` +
        `which ignores the option: ${detail}`,
    );
  }
}

/**
 * Can this process make a network namespace of its own and set net.ipv4.tcp_migrate_req in it?
 * Tried for real: being root is not enough (a container may lack CAP_SYS_ADMIN, an old kernel
 * the sysctl). The host's own setting is never touched.
 */
export function canOwnNetworkNamespace(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync(
      'unshare',
      ['-n', 'sh', '-c', 'ip link set lo up && sysctl -qw net.ipv4.tcp_migrate_req=1'],
      { stdio: 'ignore' },
    );
    return true;
  } catch {
    return false;
  }
}
