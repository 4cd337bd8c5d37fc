/**
 * Stage 05 in the lab: the supervisor tells about its workers over IPC, one event at a time.
 *
 *   serve.ts (stage 05) ──{ event: 'fork', pid, id, replaces, reason }──▶ roster.fork(): starting
 *                       ──{ event: 'ready' | 'drain' | 'exit', pid }   ──▶ roster: up, draining, exited
 *                       ──{ event: 'reloaded', replaced } / 'reload-failed' ──▶ the rolling restart ends
 *                       ──{ event: 'giveup' }                          ──▶ the log says it gave up
 *
 * The roster keeps the facts; what a rolling restart makes of them (who replaced whom, how many
 * requests failed meanwhile) is the lab's to tell, through `restart`.
 */
import type { Level } from './page-feed.ts';
import type { Roster } from './roster.ts';
import type { SupervisorMessage } from './server-run.ts';
import type { LabMessages } from './words.ts';

export interface RestartStory {
  /** A worker is forked to replace another during a rolling restart. */
  replacing(from: number, to: number): void;
  /** The rolling restart ended: every pair replaced, or it failed. */
  finished(replaced: { from: number; to: number }[], ok: boolean): void;
  say(words: (m: LabMessages) => string, level: Level): void;
}

export function followSupervisorEvent(
  m: SupervisorMessage,
  roster: Roster,
  restart: RestartStory,
): void {
  const pid = m.pid ?? 0;
  switch (m.event) {
    case 'fork':
      roster.fork(pid, 'supervisor', {
        id: m.id,
        replaces: m.replaces ?? undefined,
        state: 'starting',
        reason: m.reason,
      });
      if (m.replaces && m.reason === 'reload') restart.replacing(m.replaces, pid);
      break;
    case 'ready':
      roster.ready(pid);
      break;
    case 'drain':
      roster.draining(pid);
      break;
    case 'exit':
      roster.exited(
        pid,
        `${m.signal ? `signal ${m.signal}` : `code ${m.code}`}${m.cause ? `, ${m.cause}` : ''}`,
      );
      break;
    case 'reloaded':
      restart.finished(m.replaced ?? [], true);
      break;
    case 'reload-failed':
      restart.say((w) => w.log.restartFailed(String(m.error)), 'bad');
      restart.finished([], false);
      break;
    case 'giveup':
      restart.say((w) => w.log.gaveUp, 'bad');
      break;
  }
}
