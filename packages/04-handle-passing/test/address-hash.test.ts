/**
 * Per-connection passing with the worker chosen from the client's address (--by-address,
 * src/address-hash.ts): stickiness by address, built from stage 04's own parts. Clients bound
 * to different 127.0.0.x source addresses model many machines on loopback.
 */
import { get } from 'node:http';
import { SERVED_BY_HEADER } from '@cluster-from-scratch/kit/hello-app';
import { useHarness } from '@cluster-from-scratch/kit/vitest-harness';
import { describe, expect, it } from 'vitest';
import { script, startServer } from './helpers.ts';

/** One request on a fresh connection from `localAddress`; resolves with the serving pid. */
function servedFrom(port: number, localAddress?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, agent: false, localAddress }, (res) => {
      res.resume();
      res.on('end', () => resolve(Number(res.headers[SERVED_BY_HEADER])));
    }).on('error', reject);
  });
}

describe('per-connection passing by client address', () => {
  const harness = useHarness();

  it('sends every connection of one address to one worker, and spreads the addresses', async () => {
    const { report } = await startServer(harness, script('serve-per-connection.ts'), [
      '--workers',
      '3',
      '--by-address',
      '--quiet',
    ]);
    const byAddress = new Map<string, Set<number>>();
    for (let a = 2; a <= 9; a++) {
      const address = `127.0.0.${a}`;
      const pids = new Set<number>();
      for (let i = 0; i < 3; i++) pids.add(await servedFrom(report.port, address));
      byAddress.set(address, pids);
    }
    for (const pids of byAddress.values()) expect(pids.size).toBe(1);
    const used = new Set([...byAddress.values()].map((pids) => [...pids][0]));
    expect(used.size).toBeGreaterThan(1);
    for (const pid of used) expect(report.workerPids).toContain(pid);
  });

  it('degenerates when every client comes from one address: one worker serves them all', async () => {
    const { report } = await startServer(harness, script('serve-per-connection.ts'), [
      '--workers',
      '3',
      '--by-address',
      '--quiet',
    ]);
    const pids = new Set<number>();
    for (let i = 0; i < 9; i++) pids.add(await servedFrom(report.port));
    expect(pids.size).toBe(1);
  });
});
