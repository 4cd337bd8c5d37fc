/**
 * What the lab counts, in one place: requests and connections per process, and which way each
 * connection came.
 *
 *   the load's responses  ──onResult()──▶ LoadTally (tally.ts): per pid requests, connections
 *   the servers' reports  ──onHook()────▶ per pid accepts, requests, handoffs (lab hook)
 *                                         │
 *   primaryAccepted()  routeFor(pid)  worker(pid)  ◀── the page's figures and arrows
 *
 * Two observers can count one connection: the client (x-served-by: who served it) and the
 * servers (labEvent 'accept': who took it off the socket). The client's count is always there;
 * the servers' wins when they report, because only they know who accepted. Every figure the
 * page shows about connections is decided here, and nowhere else.
 */
import { fairness } from '@cluster-from-scratch/kit/fairness';
import type { RequestResult } from '@cluster-from-scratch/kit/http-load';
import type { LabEvent, LabEventKind } from '@cluster-from-scratch/kit/lab-hook';
import { HOOK_KINDS } from './hook-listener.ts';
import { type AcceptModel, routeOf } from './modes.ts';
import { type LoadShape, LoadTally } from './tally.ts';
import { pidOf, type WorkerKey, workerKey } from './worker-key.ts';

interface HookPerPid {
  accepts: number;
  requests: number;
  handoffs: number;
}

export type Via = 'primary' | 'direct' | 'self';

export class Counts {
  tally = new LoadTally();
  /** Every hook event by kind, since the last load started. */
  hookCounts = emptyHookCounts();
  /** Requests the primary answered itself (a mode where it also serves). */
  primaryServed = 0;
  private readonly hookByPid = new Map<number, HookPerPid>();

  /** A new server: the load's counts start from nothing (hook reports are kept until a load). */
  newServer(): void {
    this.tally = new LoadTally();
  }

  /** A new load: every count starts from nothing. */
  newLoad(shape: LoadShape): void {
    this.tally = new LoadTally(shape);
    this.primaryServed = 0;
    this.hookCounts = emptyHookCounts();
    this.hookByPid.clear();
  }

  /**
   * One response; returns the worker that served it (undefined: failed, or the primary). A
   * thread of the primary's own process is a worker: threads share the pid, not the role.
   */
  onResult(result: RequestResult, primaryPid: number): WorkerKey | undefined {
    this.tally.add(result);
    if (!result.ok || result.servedBy === undefined) return undefined;
    const worker = workerKey(result.servedBy, result.thread);
    if (worker === primaryPid) {
      this.primaryServed++;
      return undefined;
    }
    return worker;
  }

  onHook(event: LabEvent, primaryPid: number): void {
    this.hookCounts[event.kind]++;
    if (event.kind === 'accept') this.perPid(event.pid).accepts++;
    else if (event.kind === 'request') this.perPid(event.pid).requests++;
    else if (event.kind === 'handoff' && event.pid === primaryPid && event.worker) {
      this.perPid(event.pid).handoffs++;
    }
  }

  /** Whether any server has reported taking or handing off a connection. */
  get hooked(): boolean {
    return this.hookCounts.accept + this.hookCounts.handoff > 0;
  }

  /**
   * Connections the primary took off the socket: what it reported, if it reports; otherwise
   * the mode's model decides (through the primary: every connection the clients made; a
   * socket the workers accept from: none).
   */
  primaryAccepted(primaryPid: number, accept: AcceptModel | undefined): number {
    const reported = this.hookByPid.get(primaryPid)?.accepts ?? 0;
    if (reported) return reported;
    return accept && routeOf(accept) === 'primary' ? this.tally.connections : 0;
  }

  /** Whether the primary takes connections at all (its reports, or the mode's model). */
  primaryAccepts(primaryPid: number, accept: AcceptModel | undefined): boolean {
    const reported = this.hookByPid.get(primaryPid)?.accepts ?? 0;
    return reported > 0 || (accept !== undefined && routeOf(accept) === 'primary');
  }

  /**
   * Which way did a connection served by `pid` come? What the servers report wins (the primary
   * said it accepted or handed off connections: through the primary; the worker said it
   * accepted and the primary did not: straight from the socket); without reports, the mode's
   * accept model decides.
   */
  routeFor(
    worker: WorkerKey,
    primaryPid: number,
    accept: AcceptModel | undefined,
  ): { via: Via; source: 'hook' | 'mode' } {
    if (worker === primaryPid) return { via: 'self', source: 'mode' };
    const fromPrimary = this.hookByPid.get(primaryPid);
    if (fromPrimary && fromPrimary.accepts + fromPrimary.handoffs > 0) {
      return { via: 'primary', source: 'hook' };
    }
    if ((this.hookByPid.get(pidOf(worker))?.accepts ?? 0) > 0) {
      return { via: 'direct', source: 'hook' };
    }
    return { via: accept ? routeOf(accept) : 'primary', source: 'mode' };
  }

  /** The new connections since the last call, each with the way it came. */
  takeArrivals(primaryPid: number, accept: AcceptModel | undefined) {
    const { arrivals, dropped } = this.tally.takeArrivals();
    const items = arrivals.map((a) => ({
      pid: a.pid,
      ...this.routeFor(a.pid, primaryPid, accept),
    }));
    const source = items.some((i) => i.source === 'hook') ? 'hook' : 'mode';
    return { source, items, dropped };
  }

  /** How evenly the live workers served the load so far. */
  fairness(live: readonly WorkerKey[]) {
    return { ...fairness(live.map((pid) => this.tally.get(pid).requests)), workers: live.length };
  }

  /** One worker's figures for the page (a thread: what its process reported, if it did). */
  worker(key: WorkerKey) {
    const count = this.tally.get(key);
    const hook = typeof key === 'number' ? this.hookByPid.get(key) : undefined;
    return {
      requests: count.requests,
      connections: count.connections,
      share: this.tally.requests ? count.requests / this.tally.requests : 0,
      hookAccepts: hook?.accepts,
      hookRequests: hook?.requests,
    };
  }

  private perPid(pid: number): HookPerPid {
    let entry = this.hookByPid.get(pid);
    if (!entry) {
      entry = { accepts: 0, requests: 0, handoffs: 0 };
      this.hookByPid.set(pid, entry);
    }
    return entry;
  }
}

function emptyHookCounts(): Record<LabEventKind, number> {
  return Object.fromEntries(HOOK_KINDS.map((k) => [k, 0])) as Record<LabEventKind, number>;
}
