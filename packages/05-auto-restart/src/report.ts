/**
 * Two ways to watch a supervisor: narration for people, IPC messages for programs.
 *
 *   supervisor events ─┬─▶ narrateSupervisor ─▶ "[primary 4242] worker 1 (pid 4250) says …"
 *                      └─▶ reportOverIpc     ─▶ process.send({ event: 'fork', pid, … })
 *
 * The IPC form is what the tests and the lab read: one plain object per event, with pids, so
 * "killed → replaced" can be shown and asserted without parsing any text.
 */
import type { Say } from '@cluster-from-scratch/kit/narrate';
import { m } from './messages/index.ts';
import type { Supervisor } from './supervisor.ts';

export function narrateSupervisor(supervisor: Supervisor, say: Say): void {
  const name = (w: { id: number; pid: number }) => m.workerName(w.id, w.pid);
  supervisor.on('bound', ({ host, port }) => say(m.bound(host, port)));
  // Whose replacement has really been forked: after a give-up, a worker that said 'suicide'
  // exits with nobody in its place, and the narration must not claim otherwise.
  const replaced = new Set<number>();
  supervisor.on('fork', (w) => {
    if (w.replacesPid !== undefined) replaced.add(w.replacesPid);
    if (w.reason === 'start') say(m.forked(name(w)));
    else if (w.reason === 'restart')
      say(
        m.forkedReplacement(
          name(w),
          w.replacesPid,
          supervisor.restartsInWindow,
          supervisor.limit,
          supervisor.windowMs,
        ),
      );
    else say(m.forkedRolling(name(w), w.replacesPid));
  });
  supervisor.on('ready', (w) => say(m.ready(name(w))));
  supervisor.on('suicide', (w, reason) => say(m.suicide(name(w), reason)));
  supervisor.on('drain', (w, why) => say(m.drain(name(w), why)));
  supervisor.on('drain-timeout', (w, open) => say(m.drainTimeout(name(w), open)));
  supervisor.on('exit', (w, exit) => {
    const how = exit.signal ? m.bySignal(exit.signal) : m.byCode(exit.code);
    const cause =
      exit.cause === 'suicide' && !replaced.has(w.pid) ? 'suicideNotReplaced' : exit.cause;
    say(m.exited(name(w), how, cause));
  });
  supervisor.on('giveup', (info) => say(m.gaveUp(info)));
  supervisor.on('reload', (pids) => say(m.reload(pids.length)));
  supervisor.on('reloaded', (result) => say(m.reloaded(result.replaced)));
  supervisor.on('reload-failed', (error) => say(error.message));
  supervisor.on('closed', (reason) => say(m.closed(reason)));
}

/** Forwards every event to the parent as { event, … } when this process has IPC. */
export function reportOverIpc(supervisor: Supervisor): void {
  const send = (message: Record<string, unknown>) => {
    if (process.connected) process.send?.(message);
  };
  supervisor.on('fork', (w) =>
    send({ event: 'fork', id: w.id, pid: w.pid, reason: w.reason, replaces: w.replacesPid }),
  );
  supervisor.on('ready', (w) => send({ event: 'ready', id: w.id, pid: w.pid }));
  supervisor.on('suicide', (w, reason) => send({ event: 'suicide', id: w.id, pid: w.pid, reason }));
  supervisor.on('drain', (w, why) => send({ event: 'drain', id: w.id, pid: w.pid, why }));
  supervisor.on('drain-timeout', (w, open) =>
    send({ event: 'drain-timeout', id: w.id, pid: w.pid, open }),
  );
  supervisor.on('exit', (w, exit) => send({ event: 'exit', id: w.id, pid: w.pid, ...exit }));
  supervisor.on('giveup', (info) => send({ event: 'giveup', ...info }));
  supervisor.on('reload', (pids) => send({ event: 'reload', pids }));
  supervisor.on('reloaded', (result) => send({ event: 'reloaded', ...result }));
  supervisor.on('reload-failed', (error) => send({ event: 'reload-failed', error: error.message }));
  supervisor.on('closed', (reason) => send({ event: 'closed', reason }));
}
