/** Small helpers the stage's tests share for reading a tally. */
import type { FrontTally } from '../../src/tally.ts';

/** "127.0.1.1: 51 (pid 10: 26, pid 11: 25)", for failure messages and the console. */
export function describeTally(t: FrontTally): string {
  const hosts = t.hosts
    .map(
      (h) =>
        `${h.address}: ${h.requests} (${[...h.workers].map(([pid, n]) => `pid ${pid}: ${n}`).join(', ')}; ${h.connections} upstream conn.)`,
    )
    .join(' · ');
  const nginx = [...t.nginxWorkers].map(([pid, n]) => `nginx ${pid}: ${n}`).join(', ');
  return `${t.requests} requests, ${t.failed} failed, ${t.retried} retried · ${nginx} · ${hosts}`;
}
