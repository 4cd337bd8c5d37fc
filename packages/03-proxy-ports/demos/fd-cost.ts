/**
 * The proxy's descriptor bill, read from /proc/<pid>/fd for several numbers of idle clients.
 *
 *   npx tsx packages/03-proxy-ports/demos/fd-cost.ts [N ...]      (default: 20 200 1000)
 *
 * Starts the proxy (src/serve.ts, 2 workers) as a separate process, so that the client
 * sockets this process opens are not counted in the primary. For each N: open N idle
 * connections, wait until the kernel shows every upstream, print the counts, close them,
 * wait until the counts are back where they started.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openIdleConnections } from '@cluster-from-scratch/kit/http-load';
import { withoutLanguageArgument } from '@cluster-from-scratch/kit/language';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { listFds, tcpSocketCount } from '@cluster-from-scratch/kit/platform';
import { pollUntil, waitForEvent } from '@cluster-from-scratch/kit/timeout';
import { withTsxLoader } from '@cluster-from-scratch/kit/tsx-loader';
import { m } from '../src/messages/index.ts';
import type { ServeMessage } from '../src/serve.ts';

const say = narrator('client');
const sizes = withoutLanguageArgument(process.argv.slice(2)).map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 0 || n > 5000)) {
  console.error(m.fdCost.usage);
  process.exit(2);
}
if (sizes.length === 0) sizes.push(20, 200, 1000);

const primary = fork(
  fileURLToPath(new URL('../src/serve.ts', import.meta.url)),
  ['--workers', '2', '--quiet'],
  { execArgv: withTsxLoader(process.execArgv) },
);
process.on('SIGINT', () => primary.kill('SIGTERM'));
const [ready] = (await waitForEvent(primary, 'message', {
  filter: (m) => (m as ServeMessage).type === 'ready',
  what: 'the proxy to be ready',
})) as [Extract<ServeMessage, { type: 'ready' }>];
const [w1 = 0, w2 = 0] = ready.workerPids;
const count = () => ({
  primaryTcp: tcpSocketCount(ready.primaryPid),
  primaryAll: listFds(ready.primaryPid).size,
  workersTcp: tcpSocketCount(w1) + tcpSocketCount(w2),
});
const idle = count();
say(m.fdCost.proxyStarted(ready.primaryPid, w1, w2));
say(m.fdCost.columns);
const row = (n: number, c: ReturnType<typeof count>) =>
  say(
    `${String(n).padStart(6)}  ${String(c.primaryTcp).padStart(11)}  ${`(${c.primaryAll})`.padStart(9)}  ${String(c.workersTcp).padStart(11)}   ${n ? ((c.primaryTcp - idle.primaryTcp) / n).toFixed(2) : '-'}`,
  );
row(0, idle);
for (const n of sizes) {
  const sockets = await openIdleConnections(ready.port, n);
  const held = await pollUntil(
    () => {
      const c = count();
      return c.primaryTcp === idle.primaryTcp + 2 * n && c.workersTcp === idle.workersTcp + n
        ? c
        : false;
    },
    { what: `${n} proxied connections to show up in /proc`, timeout: 30_000 },
  );
  row(n, held);
  for (const s of sockets) s.destroy();
  await pollUntil(() => count().primaryTcp === idle.primaryTcp, {
    what: 'the proxied sockets to close',
    timeout: 30_000,
  });
}
const exited = waitForEvent(primary, 'exit', { what: 'the proxy to exit' });
primary.kill('SIGTERM');
await exited;
say(m.fdCost.stopped);
