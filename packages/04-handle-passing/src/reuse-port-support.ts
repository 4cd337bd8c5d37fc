/**
 * Which Node lines can put several sockets on one port.
 *
 *   reusePortSupported('20.20.2') → false   listen({ reusePort: true }) is silently ignored
 *   reusePortSupported('22.12.0') → true    net sets SO_REUSEPORT before bind()
 *   reusePortSupported('23.0.0')  → false   23.x has it from 23.1.0
 *
 * `net.Server#listen({ reusePort })` arrived in 23.1.0 and was backported to 22.12.0. Older
 * lines do not reject the option, they ignore it, so the first sign of an old line is the
 * EADDRINUSE a second listener gets. Asking the version up front turns that into a message
 * that says what to upgrade to.
 *
 * A local check on purpose: the one table of "which line does what" for the whole kit is not
 * there yet; when it is, this file becomes one line that asks it.
 */

export const REUSE_PORT_SINCE = '22.12.0 (or 23.1.0 on the 23 line)';

export function reusePortSupported(version: string = process.versions.node): boolean {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) throw new TypeError(`reusePortSupported: not a Node version: ${version}`);
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major > 23) return true;
  if (major === 23) return minor >= 1;
  if (major === 22) return minor >= 12;
  return false;
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
