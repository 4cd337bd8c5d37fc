/**
 * Sessions that stick, one level up: nginx chooses the host from something the client sends
 * every time (its address, a cookie), so every request of a client reaches the same host.
 *
 *   client 127.0.0.2 ─┐                       ┌─▶ host 127.0.1.1
 *   client 127.0.0.3 ─┼─▶ nginx (ip_hash) ────┤
 *   client 127.0.3.1 ─┘   127.0.0.1:PORT      └─▶ host 127.0.1.2
 *
 * Many clients are modelled on loopback by binding each one's source address (src/which-host.ts),
 * each request on a fresh connection. What nginx really does, counted:
 * ip_hash uses only the first three octets of an IPv4 address, so 127.0.0.2 … 127.0.0.9 are one
 * client to it; `hash $remote_addr consistent` hashes the whole address.
 */
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { expect, it } from 'vitest';
import type { NginxBalance } from '../src/nginx-config.ts';
import { type Client, distinct, hostsPerClient as hostsOver } from '../src/which-host.ts';
import { describeWithNginx, startTestFront } from './support/nginx.ts';

/** Fresh connections per client: enough that a round-robin host choice would show. */
const REQUESTS_PER_CLIENT = 6;
const hostsPerClient = (port: number, clients: Client[]) =>
  hostsOver(port, clients, REQUESTS_PER_CLIENT);
const show = (seen: Map<string, string[]>) =>
  [...seen].map(([client, hosts]) => `${client} → ${distinct(hosts).join('+')}`).join(', ');

describeWithNginx('nginx chooses the host by client (sticky sessions over hosts)', () => {
  const harness = useHarness();

  const start = (balance: NginxBalance) =>
    startTestFront(harness, {
      hosts: 2,
      workers: 1,
      kind: 'cluster',
      // Two nginx workers: the rule must give the same answer in each, with no shared state.
      nginx: { balance, workerProcesses: 2, keepalive: 0 },
    });

  it('ip_hash: clients in different /24s each stay on one host, and both hosts are used; clients within one /24 all share one host', async () => {
    const front = await start('ip_hash');
    const apart = Array.from({ length: 8 }, (_, i) => ({ from: `127.0.${i + 2}.1` }));
    const spread = await hostsPerClient(front.nginx.port, apart);
    console.log(`ip_hash, 8 clients in 8 /24s: ${show(spread)}`);
    for (const hosts of spread.values()) expect(distinct(hosts), show(spread)).toHaveLength(1);
    expect(distinct([...spread.values()].flat()), show(spread)).toHaveLength(2);

    // The degenerate case: one office behind one NAT, or here, one /24.
    const together = Array.from({ length: 8 }, (_, i) => ({ from: `127.0.0.${i + 2}` }));
    const one = await hostsPerClient(front.nginx.port, together);
    console.log(`ip_hash, 8 clients in 127.0.0.0/24: ${show(one)}`);
    expect(distinct([...one.values()].flat()), show(one)).toHaveLength(1);
  });

  it('hash $remote_addr consistent: the whole address counts, so 16 clients of one /24 each stay on one host and use both', async () => {
    const front = await start('hash_addr');
    const together = Array.from({ length: 16 }, (_, i) => ({ from: `127.0.0.${i + 2}` }));
    const seen = await hostsPerClient(front.nginx.port, together);
    console.log(`hash $remote_addr consistent, 16 clients in 127.0.0.0/24: ${show(seen)}`);
    for (const hosts of seen.values()) expect(distinct(hosts), show(seen)).toHaveLength(1);
    // The ring is built from the hosts' address:port, so which client lands where changes
    // from run to run; all 16 on one host would be a chance of about 1 in 30 000.
    expect(distinct([...seen.values()].flat()), show(seen)).toHaveLength(2);
  });

  it('hash $cookie_io consistent: one address, 16 io cookies, each stays on one host and both are used; without the cookie nginx falls back to round robin', async () => {
    const front = await start('cookie');
    const sessions = Array.from({ length: 16 }, (_, i) => ({
      from: '127.0.0.1',
      cookie: `session${i}`,
    }));
    const seen = await hostsPerClient(front.nginx.port, sessions);
    console.log(`hash $cookie_io consistent, 16 cookies from 127.0.0.1: ${show(seen)}`);
    for (const hosts of seen.values()) expect(distinct(hosts), show(seen)).toHaveLength(1);
    expect(distinct([...seen.values()].flat()), show(seen)).toHaveLength(2);

    // A first request carries no cookie yet (socket.io's handshake): an empty key is not hashed.
    const bare = await hostsPerClient(front.nginx.port, [{ from: '127.0.0.1' }]);
    console.log(`no cookie: ${show(bare)}`);
    expect(distinct(bare.get('127.0.0.1') ?? []), show(bare)).toHaveLength(2);
  });
});
