/**
 * "The proxy does not know a worker died": the naive proxy, then the fixed one, side by side.
 *
 *   npx tsx packages/03-proxy-ports/demos/dead-worker.ts
 *
 * For each design: start a primary with 2 workers in this process, SIGKILL worker 1, wait
 * until the primary has seen it exit, then send 6 requests on fresh connections.
 *   naive      the dead port stays in the list: every other client gets an error
 *   resilient  the dead worker leaves the rotation and is replaced: all 6 are answered
 */
import { freshConnectionRequest } from '@cluster-from-scratch/kit/http-load';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { waitForEvent } from '@cluster-from-scratch/kit/timeout';
import { m } from '../src/messages/index.ts';
import { narrateProxy } from '../src/narrate-proxy.ts';
import { ProxyPrimary } from '../src/proxy-primary.ts';

const say = narrator('primary');
let current: ProxyPrimary | undefined;
process.on('SIGINT', () => void current?.close().then(() => process.exit(0)));
process.on('SIGTERM', () => void current?.close().then(() => process.exit(0)));

for (const resilient of [false, true]) {
  say(m.deadWorker.design(resilient));
  const proxy = new ProxyPrimary({ workers: 2, resilient });
  current = proxy;
  narrateProxy(proxy, say);
  await proxy.start();
  const [victim] = proxy.workers;
  if (!victim) throw new Error('no worker started');
  say(m.deadWorker.kill(proxy.port, victim.id, victim.pid));
  const exited = waitForEvent(proxy, 'worker-exit', { what: 'the worker to exit' });
  const replaced = resilient
    ? waitForEvent(proxy, 'worker-ready', { what: 'a replacement' })
    : Promise.resolve();
  process.kill(victim.pid, 'SIGKILL');
  await exited;
  let ok = 0;
  for (let i = 1; i <= 6; i++) {
    const r = await freshConnectionRequest(proxy.port);
    if (r.ok) ok++;
    say(r.ok ? m.deadWorker.answered(i, r.servedBy) : m.deadWorker.failed(i, r.error));
  }
  say(
    m.deadWorker.summary(
      ok,
      proxy.upstreams.map((u) => u.port),
    ),
  );
  await replaced;
  await proxy.close();
}
say(m.deadWorker.done);
