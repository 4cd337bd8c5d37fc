/**
 * The checks both generated configs (nginx-config.ts, haproxy-config.ts) make before writing a
 * line: where the proxy listens, where its hosts are, and whole numbers in range.
 *
 * The addresses a host of this stage may have: the loopback range (127.0.0.0/8, hosts that
 * share this machine's network) or 198.18.0.0/15 (hosts in network namespaces this run made,
 * netns.ts). Anything else could be a real network's, and traffic must stay on this machine.
 *
 *   isHostAddress('127.0.1.2')  → true     isHostAddress('198.19.0.3') → true
 *   isHostAddress('10.0.0.1')   → false
 */
import { isIPv4 } from 'node:net';

export function isHostAddress(address: string): boolean {
  if (!isIPv4(address)) return false;
  const [a, b] = address.split('.').map(Number);
  return a === 127 || (a === 198 && (b === 18 || b === 19));
}

export const HOST_ADDRESS_RANGES = 'loopback 127.x.x.x or 198.18.0.0/15';

/** Throws a RangeError naming `what` when `address` is off both ranges. */
export function checkHostAddress(what: string, address: string): void {
  if (!isHostAddress(address)) {
    throw new RangeError(
      `${what} must be an IPv4 address in ${HOST_ADDRESS_RANGES}, got '${address}'`,
    );
  }
}

/** Refuses a listen address off the loopback range: the proxy listens on this machine only. */
export function checkLoopback(what: string, address: string): void {
  if (!isIPv4(address) || !address.startsWith('127.')) {
    throw new RangeError(`${what} must be an IPv4 loopback address (127.x.x.x), got '${address}'`);
  }
}

export function checkWhole(what: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${what} must be a whole number from ${min} to ${max}, got ${value}`);
  }
}
