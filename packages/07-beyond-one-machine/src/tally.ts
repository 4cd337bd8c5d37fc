/**
 * Counting what a load did, level by level: nginx workers, hosts, each host's workers, and
 * the upstream connections nginx opened.
 *
 *   results ─▶ { nginxWorkers: pid → n, hosts: [{ address, requests, workers: pid → n }],
 *                upstreamConnections, failed, retried }
 */
import { type Fairness, fairness } from '@cluster-from-scratch/kit/fairness';
import type { Host } from './hosts.ts';
import type { FrontResult } from './probe.ts';

export interface HostTally {
  address: string;
  requests: number;
  /** Requests per worker pid of this host, including workers that served none. */
  workers: Map<number, number>;
  /** Distinct upstream connections nginx used to reach this host (cluster hosts only). */
  connections: number;
}

export interface FrontTally {
  requests: number;
  failed: number;
  /** Answered, but only after nginx had tried another host first. */
  retried: number;
  nginxWorkers: Map<number, number>;
  hosts: HostTally[];
  /** Distinct upstream connections over all hosts. */
  upstreamConnections: number;
  /** Fairness over hosts and over every worker of every host. */
  hostFairness: Fairness;
  workerFairness: Fairness;
}

export function tallyFront(results: readonly FrontResult[], hosts: readonly Host[]): FrontTally {
  const nginxWorkers = new Map<number, number>();
  const byHost = hosts.map<HostTally & { conns: Set<string> }>((h) => ({
    address: h.address,
    requests: 0,
    workers: new Map(h.workerPids.map((pid) => [pid, 0])),
    connections: 0,
    conns: new Set(),
  }));
  const hostOfPid = new Map<number, number>();
  hosts.forEach((h, i) => {
    for (const pid of h.workerPids) hostOfPid.set(pid, i);
  });
  let failed = 0;
  let retried = 0;
  for (const r of results) {
    if (r.nginxWorker) nginxWorkers.set(r.nginxWorker, (nginxWorkers.get(r.nginxWorker) ?? 0) + 1);
    if (!r.ok || r.servedBy === undefined) {
      failed++;
      continue;
    }
    if (r.upstreams.length > 1) retried++;
    // A pid not known yet (a rolling restart's new worker): the host is the one nginx reached last.
    let index = hostOfPid.get(r.servedBy);
    if (index === undefined) {
      const last = r.upstreams.at(-1) ?? '';
      index = hosts.findIndex((h) => `${h.address}:${h.port}` === last);
    }
    const host = byHost[index];
    if (!host) continue;
    host.requests++;
    host.workers.set(r.servedBy, (host.workers.get(r.servedBy) ?? 0) + 1);
    if (r.upstreamConnection) host.conns.add(r.upstreamConnection);
  }
  const tallies = byHost.map(({ conns, ...h }) => ({ ...h, connections: conns.size }));
  return {
    requests: results.length,
    failed,
    retried,
    nginxWorkers,
    hosts: tallies,
    upstreamConnections: tallies.reduce((sum, h) => sum + h.connections, 0),
    hostFairness: fairness(tallies.map((h) => h.requests)),
    workerFairness: fairness(tallies.flatMap((h) => [...h.workers.values()])),
  };
}
