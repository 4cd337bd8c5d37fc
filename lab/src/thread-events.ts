/**
 * Stage 08 in the lab: the workers are threads of one process, and the process tells about them.
 *
 *   serve.ts (stage 08) ──IPC { event: 'fork', id, threadId, replaces }──▶ roster.fork('<pid>.<tid>')
 *                       ──IPC { event: 'exit', id, name, code, error }  ──▶ roster.exited('<pid>.<tid>')
 *   the page's "kill"   ──▶ IPC { cmd: 'throw', id } into that thread: an uncaught exception
 *                           ends the thread, not the process, and its cluster starts another
 *
 * A thread is not a child process: the /proc scan cannot see one come or go, and SIGKILL to its
 * pid would end every thread at once. So the lab follows threads through what their process
 * says, and ends one the way a thread can end alone.
 */
import type { ChildProcess } from 'node:child_process';
import type { PageFeed } from './page-feed.ts';
import type { Roster } from './roster.ts';
import { said } from './words.ts';
import type { WorkerKey } from './worker-key.ts';

/** What stage 08's serve.ts reports about one thread (its other events say nothing new). */
export interface ThreadEvent {
  event: string;
  id?: number;
  threadId?: number;
  /** The cluster id of the thread this one replaces. */
  replaces?: number;
  /** `<pid>.<threadId>`, on 'exit'. */
  name?: string;
  code?: number | null;
  error?: { code?: string; message?: string };
}

/** Is this message one of a thread cluster's (stage 08), not stage 05's supervisor's? */
export function isThreadEvent(message: { event?: unknown; threadId?: unknown; name?: unknown }) {
  return (
    (message.event === 'fork' && typeof message.threadId === 'number') ||
    (message.event === 'exit' && typeof message.name === 'string' && message.name.includes('.'))
  );
}

/**
 * Passes a thread event on to the roster (the thread's cluster id finds who it replaces);
 * false when the message is not one (stage 05's supervisor speaks the same 'event' words).
 */
export function followThreadEvent(message: object, roster: Roster, pid: number): boolean {
  if (!isThreadEvent(message)) return false;
  const event = message as ThreadEvent;
  if (event.event === 'fork' && event.threadId !== undefined) {
    const old = roster.list().find((w) => w.thread !== undefined && w.id === event.replaces);
    roster.fork(`${pid}.${event.threadId}`, 'supervisor', { id: event.id, replaces: old?.key });
  } else if (event.event === 'exit' && event.name) {
    const why = event.error?.code ?? event.error?.message;
    roster.exited(event.name, `code ${event.code}${why ? `, ${why}` : ''}`);
  }
  return true;
}

/**
 * Ends one thread from the page: it throws an uncaught exception (stage 08's `throw` command),
 * which ends that thread only. Returns false when `key` is not a thread.
 */
export function killThread(
  key: WorkerKey,
  roster: Roster,
  server: ChildProcess,
  feed: PageFeed,
): boolean {
  const worker = roster.get(key);
  if (worker?.thread === undefined || !server.connected) return false;
  server.send({ cmd: 'throw', id: worker.id });
  feed.say(
    said((m) => m.log.threadThrown(key)),
    'warn',
  );
  feed.setNotice(
    said((m) => m.notice.threadThrown(key)),
    'warn',
  );
  return true;
}
