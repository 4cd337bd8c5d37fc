/**
 * Address hash: the same client address, the same worker — stickiness without reading a byte.
 *
 *   add(w1) add(w2) add(w3)
 *   next({ remoteAddress: '127.0.0.7' }) → hash('127.0.0.7') % 3 = 1 → w2, every time
 *   next({ remoteAddress: '127.0.0.8' }) → … → w1
 *   remove(w2): its addresses move, and so do about a third of the others (plain modulo)
 *
 * A scheduler for per-connection.ts, beside RoundRobin. Its catch: every client behind one
 * proxy or NAT shares one address, and so one worker. nginx's `ip_hash`, and the clone's
 * NODE_CLUSTER_SCHED_POLICY=iphash in stage 06, make the same trade.
 */
import { fnv1a } from '@cluster-from-scratch/kit/address-hash';
import type { Scheduler } from './per-connection.ts';

export class AddressHash<T> implements Scheduler<T> {
  private readonly items: T[] = [];

  add(item: T): void {
    if (!this.items.includes(item)) this.items.push(item);
  }

  remove(item: T): void {
    const index = this.items.indexOf(item);
    if (index !== -1) this.items.splice(index, 1);
  }

  next(connection?: { remoteAddress?: string }): T | undefined {
    if (this.items.length === 0) return undefined;
    return this.items[fnv1a(connection?.remoteAddress ?? '') % this.items.length];
  }
}
