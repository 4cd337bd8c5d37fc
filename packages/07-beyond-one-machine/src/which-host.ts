/**
 * Which host nginx chose for a client: one request on a connection of its own, from a bound
 * source address, optionally with socket.io's `io` cookie; the answer is the host part of the
 * x-upstream-addr header nginx adds.
 *
 *   hostOf(port, '127.0.2.1')                 → '127.0.1.2'
 *   hostsPerClient(port, clients, 6)          → Map { '127.0.2.1' → ['127.0.1.2', …×6], … }
 *
 * Many clients are modelled on loopback by binding each one's source address (`localAddress`):
 * Linux answers from all of 127.0.0.0/8. Every request opens a fresh connection (no agent), so
 * nothing but nginx's balancing rule can keep a client on its host.
 */
import { request } from 'node:http';

export interface Client {
  from: string;
  /** The value of an `io` cookie the client sends, if any. */
  cookie?: string;
}

/** One request on a connection of its own, from `localAddress`; the host nginx chose. */
export function hostOf(port: number, localAddress: string, cookie?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/',
        localAddress,
        agent: false,
        headers: cookie ? { cookie: `io=${cookie}` } : {},
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const upstream = String(res.headers['x-upstream-addr'] ?? '');
          if (res.statusCode !== 200 || !upstream) {
            reject(new Error(`${localAddress}: status ${res.statusCode}, upstream '${upstream}'`));
          } else resolve(upstream.split(':')[0] as string);
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The key a client is shown by: its cookie when it has one, else its address. */
export const clientKey = (c: Client) => (c.cookie ? `io=${c.cookie}` : c.from);

/**
 * Each client's hosts over `requests` requests, one request at a time, interleaved: a rule
 * that dealt requests in turn would move each client between hosts.
 */
export async function hostsPerClient(
  port: number,
  clients: Client[],
  requests: number,
): Promise<Map<string, string[]>> {
  const seen = new Map<string, string[]>();
  for (let i = 0; i < requests; i++) {
    for (const c of clients) {
      const key = clientKey(c);
      seen.set(key, [...(seen.get(key) ?? []), await hostOf(port, c.from, c.cookie)]);
    }
  }
  return seen;
}

export const distinct = (hosts: string[]) => [...new Set(hosts)];
