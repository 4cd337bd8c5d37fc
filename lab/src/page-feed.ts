/**
 * What the lab streams to the page, and when.
 *
 *   say(text)        ──▶ 'log' at once (and kept: a page that opens later gets the last 200)
 *   output(lines)    ──▶ 'output'   ┐
 *   hook(event)      ──▶ 'hook'     ├─ once a tick, in flush(): arrivals, output, hook,
 *   arrivals(batch)  ──▶ 'arrivals' ┘  then a fresh 'snapshot'
 *   a page connects  ──▶ 'snapshot' + 'history' (the log and the output so far)
 *
 * 'request' hook events are many: the page gets them as counts per pid, once a tick.
 */
import type { LabEvent } from '@cluster-from-scratch/kit/lab-hook';
import { EventStream } from './event-stream.ts';
import type { Said } from './words.ts';

const LOG_KEEP = 200;
const OUTPUT_KEEP = 200;
/** Hook events (other than requests) passed on per tick; the counts still see every one. */
const HOOK_EVENTS_PER_TICK = 50;

export type Level = 'info' | 'good' | 'warn' | 'bad';

/** A line of the lab's story, in every language (src/words.ts): each page shows its own. */
export interface LogLine {
  at: number;
  text: Said;
  level: Level;
}

export interface Notice {
  text: Said;
  level: Level;
  at: number;
}

export class PageFeed {
  readonly stream: EventStream;
  /** The one-line message at the top of the page (killed worker, restart done, …). */
  notice: Notice | undefined;
  private readonly log: LogLine[] = [];
  private readonly output: string[] = [];
  private pendingOutput: string[] = [];
  private pendingHook: LabEvent[] = [];
  private pendingHookRequests = new Map<number, number>();
  private pendingArrivals: unknown;

  constructor(snapshot: () => unknown) {
    this.stream = new EventStream((send) => {
      send('snapshot', snapshot());
      send('history', { log: this.log, output: this.output });
    });
  }

  say(text: Said, level: Level = 'info'): void {
    const line: LogLine = { at: Date.now(), text, level };
    this.log.push(line);
    if (this.log.length > LOG_KEEP) this.log.shift();
    this.stream.send('log', line);
  }

  setNotice(text: Said, level: Level): void {
    this.notice = { text, level, at: Date.now() };
  }

  /** Lines the server printed, after `skipped` lines that were too many to pass on. */
  addOutput({ skipped, lines }: { skipped: number; lines: readonly string[] }): void {
    // The page's live view says what it missed; the history keeps only real lines.
    if (skipped > 0) this.pendingOutput.push(`… ${skipped} line(s) skipped`);
    for (const text of lines) {
      this.pendingOutput.push(text);
      this.output.push(text);
      if (this.output.length > OUTPUT_KEEP) this.output.shift();
    }
  }

  hook(event: LabEvent): void {
    if (event.kind === 'request') {
      this.pendingHookRequests.set(event.pid, (this.pendingHookRequests.get(event.pid) ?? 0) + 1);
    } else if (this.pendingHook.length < HOOK_EVENTS_PER_TICK) this.pendingHook.push(event);
  }

  /** The new connections of this tick, with the way each came (counts.ts decides). */
  arrivals(batch: { items: unknown[] }): void {
    if (batch.items.length > 0) this.pendingArrivals = batch;
  }

  /** Sends what gathered since the last tick, then a snapshot to every open page. */
  flush(snapshot: () => unknown): void {
    if (this.pendingArrivals) {
      this.stream.send('arrivals', this.pendingArrivals);
      this.pendingArrivals = undefined;
    }
    if (this.pendingOutput.length) {
      this.stream.send('output', this.pendingOutput);
      this.pendingOutput = [];
    }
    if (this.pendingHook.length || this.pendingHookRequests.size) {
      this.stream.send('hook', {
        events: this.pendingHook,
        requests: [...this.pendingHookRequests],
      });
      this.pendingHook = [];
      this.pendingHookRequests = new Map();
    }
    if (this.stream.size > 0) this.stream.send('snapshot', snapshot());
  }

  close(): void {
    this.stream.close();
  }
}
