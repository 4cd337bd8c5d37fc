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
import type { Supervisor } from './supervisor.ts';

export function narrateSupervisor(supervisor: Supervisor, say: Say): void {
  const name = (w: { id: number; pid: number }) => `worker ${w.id} (pid ${w.pid})`;
  supervisor.on('bound', ({ host, port }) =>
    say(`bound ${host}:${port}; the primary never listens on it, so only workers accept`),
  );
  supervisor.on('fork', (w) => {
    if (w.reason === 'start') say(`forked ${name(w)}`);
    else if (w.reason === 'restart')
      say(
        `forked ${name(w)} to replace pid ${w.replacesPid}: restart ${supervisor.restartsInWindow} ` +
          `of ${supervisor.limit} allowed per ${supervisor.windowMs} ms`,
      );
    else say(`rolling restart: forked ${name(w)} to take over from pid ${w.replacesPid}`);
  });
  supervisor.on('ready', (w) => say(`${name(w)} is ready`));
  supervisor.on('suicide', (w, reason) =>
    say(`${name(w)} says 'suicide' (${reason}): replacing it now, while it drains`),
  );
  supervisor.on('drain', (w, why) => say(`asked ${name(w)} to drain (${why})`));
  supervisor.on('drain-timeout', (w, open) =>
    say(`${name(w)} hit its drain timeout with ${open} connection(s) still open`),
  );
  supervisor.on('exit', (w, exit) => {
    const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
    const what = {
      asked: 'as asked',
      suicide: 'after its suicide (already replaced)',
      unexpected: 'UNEXPECTEDLY',
    }[exit.cause];
    say(`${name(w)} exited (${how}) ${what}`);
  });
  supervisor.on('giveup', (info) => say(info.message));
  supervisor.on('reload', (pids) => say(`rolling restart of ${pids.length} worker(s)`));
  supervisor.on('reloaded', (result) =>
    say(`rolling restart done: ${result.replaced.map((r) => `${r.from}→${r.to}`).join(', ')}`),
  );
  supervisor.on('reload-failed', (error) => say(error.message));
  supervisor.on('closed', (reason) => say(`all workers gone, socket closed (${reason})`));
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
