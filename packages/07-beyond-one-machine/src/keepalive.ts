/**
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
  // #region exercise 07.1 upstreamKeepAlive()
  if (connections === 0) return { upstream: [], location: [] };
  return {
    upstream: [
      `keepalive ${connections};`,
      // Below Node's keepAliveTimeout (5 s): nginx lets an idle connection go before the
      // host closes it, so nginx never writes a request into a connection being closed.
      'keepalive_timeout 4s;',
    ],
    location: ['proxy_http_version 1.1;', 'proxy_set_header Connection "";'],
  };
  // #endregion exercise 07.1
}
