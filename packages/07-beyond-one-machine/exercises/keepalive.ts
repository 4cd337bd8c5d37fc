/**
 * Exercise 07.1: upstream keep-alive. Write upstreamKeepAlive(); the rest is done.
 * Verify: npm run verify -- 07.1
 *
 *   client ──▶ nginx worker ══ one connection, many requests ══▶ host
 *
 * As it stands, nginx opens a new TCP connection to a host for every request it forwards: it
 * speaks HTTP/1.0 to the host and asks it to close after one answer. Return the directives
 * that make each nginx worker keep up to `connections` idle connections to the hosts and
 * reuse them. nginx-config.ts puts `upstream` lines in the `upstream hosts { … }` block and
 * `location` lines in the `location / { … }` that proxies to it.
 *
 * The spec sends 20 requests, one after the other, through nginx to one host, and counts the
 * TCP connections the host accepted (each response names its connection): 20 now, 1 when
 * this works. `connections` 0 must still mean no keep-alive at all.
 */

export interface KeepAliveDirectives {
  /** Lines for the `upstream { … }` block, each ending in ';'. */
  upstream: string[];
  /** Lines for the `location { … }` that proxies to it. */
  location: string[];
}

// ─── your code: from here ───────────────────────────────────────────────────────────────
export function upstreamKeepAlive(connections: number): KeepAliveDirectives {
  // TODO: when connections > 0, return three directives (one for the upstream block, two for
  // the location). nginx's documentation of its upstream module, directive `keepalive`, says
  // which. Careful: any one of them alone changes nothing you can count.
  void connections;
  return { upstream: [], location: [] };
}
// ─── to here ────────────────────────────────────────────────────────────────────────────
