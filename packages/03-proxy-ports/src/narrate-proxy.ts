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
import type { ProxyPrimary } from './proxy-primary.ts';

export function narrateProxy(
  proxy: ProxyPrimary,
  say: Say,
  options: { forwards?: boolean } = {},
): void {
  proxy.on('worker-ready', (w) => {
    say(
      w.replaces === undefined
        ? `worker ${w.id} (pid ${w.pid}) reported port ${w.port} over IPC; it joins the rotation`
        : `worker ${w.id} (pid ${w.pid}) replaces worker ${w.replaces}: port ${w.port}, in the rotation`,
    );
  });
  proxy.on('worker-exit', (w, exit) => {
    const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
    if (exit.expected) say(`worker ${w.id} (pid ${w.pid}) ended (${how})`);
    else if (proxy.resilient)
      say(
        `worker ${w.id} (pid ${w.pid}) exited (${how}): out of the rotation, forking a replacement`,
      );
    else
      say(
        `worker ${w.id} (pid ${w.pid}) exited (${how}); this naive proxy keeps port ${w.port} in its list`,
      );
  });
  proxy.on('refused', (clientPort, w, code) => {
    say(
      `client :${clientPort}: connect to worker ${w.id} (port ${w.port}) failed (${code}); trying the next worker`,
    );
  });
  proxy.on('no-upstream', (clientPort, error) => {
    say(`client :${clientPort} dropped: ${error.message}`);
  });
  proxy.on('replace-failed', (w, error) => {
    say(`could not replace worker ${w.id}: ${error.message}`);
  });
  if (options.forwards) {
    proxy.on('forward', (clientPort, w) => {
      say(`client :${clientPort} → worker ${w.id} (pid ${w.pid}, port ${w.port})`);
    });
  }
}
