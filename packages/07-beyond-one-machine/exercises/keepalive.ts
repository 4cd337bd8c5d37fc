/**
 * Exercise 07.1 — Upstream keep-alive: one connection to a host for many requests.
 * This file is yours: write upstreamKeepAlive() where it says TODO(exercise 07.1); the rest is
 * done. Check it with `npm run verify -- 07.1`; stuck? `npm run hint -- 07.1`.
 * (Made from the solution, src/keepalive.ts, by `npm run exercises:generate`.)
 *
 * Upstream keep-alive: the three lines that make nginx reuse its connections to the hosts
 * (exercise 07.1).
 *
 *   client ──▶ nginx worker ══ one connection, many requests ══▶ host
 *
 * Without them nginx speaks HTTP/1.0 to a host and sends `Connection: close`: every request
 * opens a new TCP connection to the host (a connect, an accept in the host, a socket that ends
 * in TIME_WAIT). With them, each nginx worker keeps up to `connections` idle connections per
 * upstream block and takes one of them for the next request.
 *
 * All three are needed, and that is the trap: `keepalive N` alone only gives nginx a cache
 * that nothing is put into, because an HTTP/1.0 upstream closes after one answer; HTTP/1.1
 * without clearing the Connection header still forwards `close` when the client sent it.
 */

export interface KeepAliveDirectives {
  /** Lines for the `upstream { … }` block. */
  upstream: string[];
  /** Lines for the `location { … }` that proxies to it. */
  location: string[];
}

/**
 * The directives for `connections` idle upstream connections per nginx worker; 0 means none
 * (a new upstream connection for every request).
 */
export function upstreamKeepAlive(connections: number): KeepAliveDirectives {
  // TODO(exercise 07.1): when connections > 0, return three directives: one for the upstream
  // block, two for the location. nginx's documentation of its upstream module, directive
  // `keepalive`, says which. Any one of them alone changes nothing you can count.
  void connections;
  return { upstream: [], location: [] };
}
