/**
 * Turning the proxy's events into narration lines, so the demo and the server script print
 * the same words.
 *
 *   proxy event                          line (printed by the primary)
 *   worker-ready {id 4, replaces 2}  →   [primary 4242] worker 4 (pid 4260) replaces worker 2 …
 *   worker-exit  {id 2, SIGKILL}     →   [primary 4242] worker 2 (pid 4250) exited (signal …
 *   refused      {client, worker 2}  →   [primary 4242] client :51622: connect to worker 2 …
 *   forward      (only with trace)   →   [primary 4242] client :51622 → worker 1 (pid …, :40311)
 *
 * In: a running (or starting) ProxyPrimary and a narrator. Out: listeners on its events.
 */
import type { Say } from '@cluster-from-scratch/kit/narrate';
import { m } from './messages/index.ts';
import type { ProxyPrimary } from './proxy-primary.ts';

export function narrateProxy(
  proxy: ProxyPrimary,
  say: Say,
  options: { forwards?: boolean } = {},
): void {
  proxy.on('worker-ready', (w) => {
    say(
      w.replaces === undefined
        ? m.workerJoined(w.id, w.pid, w.port)
        : m.workerReplaces(w.id, w.pid, w.replaces, w.port),
    );
  });
  proxy.on('worker-exit', (w, exit) => {
    const how = exit.signal ? m.bySignal(exit.signal) : m.byCode(exit.code);
    if (exit.expected) say(m.workerEnded(w.id, w.pid, how));
    else if (proxy.resilient) say(m.workerDiedReplacing(w.id, w.pid, how));
    else say(m.workerDiedNaive(w.id, w.pid, how, w.port));
  });
  proxy.on('refused', (clientPort, w, code) => {
    say(m.connectRefused(clientPort, w.id, w.port, code));
  });
  proxy.on('no-upstream', (clientPort, error) => {
    say(m.clientDropped(clientPort, error.message));
  });
  proxy.on('replace-failed', (w, error) => {
    say(m.replaceFailed(w.id, error.message));
  });
  if (options.forwards) {
    proxy.on('forward', (clientPort, w) => {
      say(m.forwarded(clientPort, w.id, w.pid, w.port));
    });
  }
}
