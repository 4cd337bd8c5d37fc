/**
 * The long-lived load: clients that connect in waves and hold their connection (a WebSocket, an
 * event stream, a socket.io session), and come back when a worker dies under them.
 *
 *   wave 1    `wave` clients connect, each from an address of its own (127.0.0.10, .11 …)
 *   leave     every third of them hangs up; the server lets go of those
 *   wave 2    `wave` more connect                              ──▶ phase 'holding' until the end
 *   a drop    a held connection closes under its client (the worker died): the client waits
 *             until the server has a worker in its place (src/replacement.ts), then connects
 *             again from the same address
 *
 *   every open / close ──▶ OpenSeries (open-series.ts): open connections per worker over time
 *   every death        ──▶ a KillRecord: open per worker just before, Jain over them, how many
 *                          dropped, how many came back and to a new worker, open per worker and
 *                          Jain once all are back
 *   every open         ──▶ onResult(): one answered request on a new connection, so the lab's
 *                          counts, bars and arrival dots see the held connections too
 *
 * Addresses: the clients' own 127.0.0.x make address hashing see many clients; a client keeps
 * its address for life, so a hash sends it back where the hash says.
 */
import type { RequestResult } from '@cluster-from-scratch/kit/http-load';
import { socketsOn, TCP_STATES } from '@cluster-from-scratch/kit/platform';
import { pollUntil } from '@cluster-from-scratch/kit/timeout';
import type { Held, Holder } from './held-client.ts';
import { OpenSeries } from './open-series.ts';
import { pidOf, threadOf, type WorkerKey } from './worker-key.ts';

/** Between two steps of the script: long enough for a room to see each step on the chart. */
const STEP_MS = 1_000;
const FIRST_ADDRESS = 10;

export type HeldPhase = 'wave1' | 'leave' | 'wave2' | 'holding' | 'ended';

/** What the load needs from the lab. */
export interface HeldEnvironment {
  port: number;
  holder: Holder;
  /** The server's live workers, as the lab knows them. */
  live(): WorkerKey[];
  /** Resolves once the server has replaced `worker` (with its new line-up, when it said). */
  replaced(worker: WorkerKey): Promise<WorkerKey[] | undefined>;
  onResult(result: RequestResult): void;
}

interface Client {
  address: string;
  state: 'connecting' | 'open' | 'waiting' | 'left' | 'failed';
  held?: Held;
}

export interface KillRecord {
  worker: WorkerKey;
  /** Seconds into the load when its first connection dropped. */
  at: number;
  before: [WorkerKey, number][];
  jainBefore: number;
  dropped: number;
  back: number;
  /** Came back to a worker that was not there before the kill (its replacement). */
  toNew: number;
  /** Could not connect again. */
  lost: number;
  /** Once every dropped client is back (or lost). */
  after?: [WorkerKey, number][];
  jainAfter?: number;
}

export class HeldLoad {
  phase: HeldPhase = 'wave1';
  readonly series = new OpenSeries();
  readonly kills: KillRecord[] = [];
  private readonly clients: Client[] = [];
  private readonly waits = new Map<WorkerKey, Promise<WorkerKey[] | undefined>>();
  private connections = 0;

  constructor(
    private readonly env: HeldEnvironment,
    private readonly wave: number,
    private readonly signal: AbortSignal,
  ) {}

  /** The script; resolves after `durationMs` or when aborted, with every connection closed. */
  async run(durationMs: number): Promise<void> {
    const ended = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, durationMs);
      this.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    try {
      await Promise.race([this.script(), ended]);
      await ended;
    } finally {
      this.phase = 'ended';
      for (const c of this.clients) c.held?.close();
    }
  }

  private async script(): Promise<void> {
    await this.connectWave();
    if (!(await this.step())) return;
    this.phase = 'leave';
    const wave1 = [...this.clients];
    for (const [i, c] of wave1.entries()) if (i % 3 === 0) this.hangUp(c);
    await this.serverLetGo();
    if (!(await this.step())) return;
    this.phase = 'wave2';
    await this.connectWave();
    this.phase = 'holding';
  }

  /** A pause between steps that ends early when the load does. Returns false once it has. */
  private step(): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.signal.aborted) return resolve(false);
      const timer = setTimeout(() => resolve(!this.signal.aborted), STEP_MS);
      this.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
  }

  private connectWave(): Promise<void> {
    const first = FIRST_ADDRESS + this.clients.length;
    const wave = Array.from({ length: this.wave }, (_, i): Client => {
      const client: Client = { address: `127.0.0.${first + i}`, state: 'connecting' };
      this.clients.push(client);
      return client;
    });
    return Promise.all(wave.map((c) => this.connect(c))).then(() => undefined);
  }

  /** One client connects; true once it holds a connection. */
  /** The load has ended (its time is up, or it was stopped): nobody connects any more. */
  private get over(): boolean {
    return this.signal.aborted || this.phase === 'ended';
  }

  private async connect(client: Client, record?: KillRecord): Promise<boolean> {
    if (this.over) return false;
    client.state = 'connecting';
    const connection = ++this.connections;
    const start = Date.now();
    let held: Held;
    try {
      held = await this.env.holder.open(client.address);
    } catch (error) {
      client.state = 'failed';
      const e = error as NodeJS.ErrnoException;
      const latencyMs = Date.now() - start;
      this.env.onResult({ ok: false, connection, latencyMs, error: e.code ?? e.message });
      if (record) this.settle(record, 'lost');
      return false;
    }
    if (this.over) {
      held.close();
      return false;
    }
    client.held = held;
    client.state = 'open';
    this.series.change(held.worker, +1);
    const thread = threadOf(held.worker);
    this.env.onResult({
      ok: true,
      servedBy: pidOf(held.worker),
      ...(thread === undefined ? {} : { thread }),
      connection,
      latencyMs: Date.now() - start,
    });
    if (record) this.settle(record, 'back', held.worker);
    void held.closed.then(({ byClient }) => this.closed(client, held, byClient));
    return true;
  }

  private hangUp(client: Client): void {
    client.state = 'left';
    client.held?.close();
  }

  private closed(client: Client, held: Held, byClient: boolean): void {
    if (byClient || this.over) {
      this.series.change(held.worker, -1);
      return;
    }
    // The server side went away: its worker died (or closed on it). Count it, then come back.
    const record = this.dropped(held.worker);
    this.series.change(held.worker, -1);
    client.state = 'waiting';
    client.held = undefined;
    void this.replacement(held.worker).then(() => this.connect(client, record));
  }

  /** The kill record of `worker`, opened by its first dropped connection. */
  private dropped(worker: WorkerKey): KillRecord {
    let record = this.kills.find((k) => k.worker === worker && k.after === undefined);
    if (!record) {
      // Just before: the workers the lab knows, the dead one, and any other holding one.
      const before = this.series.spread(this.union(this.env.live(), [worker]));
      record = {
        worker,
        at: this.series.seconds(),
        before: before.open,
        jainBefore: before.jain,
        dropped: 0,
        back: 0,
        toNew: 0,
        lost: 0,
      };
      this.kills.push(record);
    }
    record.dropped++;
    return record;
  }

  private settle(record: KillRecord, how: 'back' | 'lost', worker?: WorkerKey): void {
    if (how === 'lost') record.lost++;
    else {
      record.back++;
      if (!record.before.some(([w]) => w === worker)) record.toNew++;
    }
    if (record.back + record.lost < record.dropped) return;
    void this.replacement(record.worker).then((lineUp) => {
      const workers = (lineUp ?? this.env.live()).filter((w) => w !== record.worker);
      const after = this.series.spread(this.union(workers, []));
      record.after = after.open;
      record.jainAfter = after.jain;
    });
  }

  /** One wait per dead worker, shared by all of its clients. */
  private replacement(worker: WorkerKey): Promise<WorkerKey[] | undefined> {
    let wait = this.waits.get(worker);
    if (!wait) {
      wait = this.env.replaced(worker);
      this.waits.set(worker, wait);
    }
    return wait;
  }

  /** `workers` and `extra`, and every worker that holds a connection, each once. */
  private union(workers: readonly WorkerKey[], extra: readonly WorkerKey[]): WorkerKey[] {
    return [...new Set([...workers, ...extra, ...this.series.holding()])];
  }

  /**
   * After the hang-ups: until the server side has closed them too (ESTABLISHED, or CLOSE_WAIT
   * until the worker closes its end). Least connections counts on the workers' reports of
   * those closes; the next wave would otherwise be dealt on stale counts. Bounded: a platform
   * that cannot list sockets goes on after the bound.
   */
  private async serverLetGo(): Promise<void> {
    const open = () => this.clients.filter((c) => c.state === 'open').length;
    const serverSide = () =>
      socketsOn(this.env.port, TCP_STATES.ESTABLISHED).length +
      socketsOn(this.env.port, TCP_STATES.CLOSE_WAIT).length;
    await pollUntil(() => this.signal.aborted || serverSide() <= open(), {
      what: 'the server to close the connections its clients hung up',
      timeout: 10_000,
      intervalMs: 50,
    }).catch(() => undefined);
  }

  /** What the page draws. */
  view(live: readonly WorkerKey[]) {
    const now = this.series.spread(this.union(live, []));
    const count = (state: Client['state']) => this.clients.filter((c) => c.state === state).length;
    return {
      phase: this.phase,
      /** WebSockets, or keep-alive connections where the server does not upgrade. */
      holds: this.env.holder.kind,
      wave: this.wave,
      clients: this.clients.length - count('left'),
      open: this.series.total(),
      waiting: count('waiting') + count('connecting'),
      failed: count('failed'),
      perWorker: now.open,
      jain: now.jain,
      seconds: this.series.seconds(),
      lines: this.series.view(),
      kills: this.kills,
    };
  }
}

export type HeldView = ReturnType<HeldLoad['view']>;
