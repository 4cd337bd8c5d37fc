/**
 * Several hosts behind a real nginx (or HAProxy), as a program: the mode the benchmarks and the lab can run.
 *
 *   npx tsx packages/07-beyond-one-machine/src/serve.ts --hosts 3 --workers 2
 *   npx tsx packages/07-beyond-one-machine/src/serve.ts --engine haproxy --hosts 3 --workers 2
 *
 *   serve.ts ─┬─ host 127.0.1.1 (primary + M workers) ─┐
 *             ├─ host 127.0.1.2 (primary + M workers) ─┼─◀── nginx master + W workers
 *             └─ …                                     ┘     listening on 127.0.0.1:PORT
 *
 * Started with an IPC channel it sends, once nginx accepts, the ready report every serve script
 * sends (kit/src/server-ready.ts), plus what a front has more of:
 *   { port: nginx's port, primaryPid: this process, workerPids: every host worker (the pids
 *     in x-served-by), hosts: [{ address, port, primaryPid, workerPids, kind }],
 *     engine: 'nginx' | 'haproxy', enginePids: every process of the proxy,
 *     nginx: { masterPid, workerPids, dir }  or  haproxy: { pid, dir, socket },
 *     netns: the hosts' namespaces, with --netns }
 * With --netns every host is in a network namespace of its own, on 198.18.x.y:8080; a reaper
 * child removes the namespaces even if serve.ts is SIGKILLed, and each start sweeps up what
 * a run that is gone left behind.
 * SIGTERM, SIGINT or the parent going away: the proxy stops (nginx SIGQUIT, HAProxy SIGUSR1),
 * then every host, then exit 0. Exit 2 for bad input (one line, and the usage); exit 1 when
 * the proxy is missing (one line saying how to install it) or refuses the config (its own
 * words).
 */
import { inLanguage, language, withoutLanguageArgument } from '@cluster-from-scratch/kit/language';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { type Front, startFront } from './front.ts';
import { HaproxyConfigError, HaproxyMissingError } from './haproxy.ts';
import type { Balance } from './haproxy-config.ts';
import { type HaproxyFront, startHaproxyFront } from './haproxy-front.ts';
import { Family } from './launcher.ts';
import en from './messages/en.ts';
import zh from './messages/zh.ts';
import { NetworkError, networkUnavailable, sweepNetworks } from './netns.ts';
import { NginxConfigError, NginxMissingError } from './nginx.ts';
import { parseServeArgs, SERVE_USAGE, UsageError } from './serve-args.ts';

let options: ReturnType<typeof parseServeArgs>;
let m: (typeof en)['serve'];
try {
  // English or 简体中文: --lang, CFS_LANG (the lab passes its own on) or the locale. The hosts
  // inherit it through CFS_LANG.
  m = inLanguage({ en, zh }, language()).serve;
  options = parseServeArgs(withoutLanguageArgument(process.argv.slice(2)));
} catch (error) {
  const message = (error as Error).message;
  // A usage error, or a --lang that is neither en nor zh: one line, the usage, exit 2.
  if (!(error instanceof UsageError) && !message.startsWith('--lang ')) throw error;
  console.error(`serve: ${message}`);
  console.error(SERVE_USAGE);
  process.exit(2);
}
if (options === 'help') {
  console.log(SERVE_USAGE);
  process.exit(0);
}
const say = options.quiet ? () => {} : narrator('front');
const family = new Family();
// Whatever happens to this process short of SIGKILL, the hosts and the proxy go with it.
process.on('exit', () => family.killAll());

let front: Front | HaproxyFront | undefined;
let stopping = false;
const stop = async (why: string) => {
  if (stopping) return;
  stopping = true;
  say(m.stopping(why, front?.hosts.length ?? 0, options.engine));
  await front?.stop().catch((error: Error) => console.error(`serve: ${error.message}`));
  process.exit(0);
};
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
process.on('disconnect', () => void stop(m.parentGone));

const shape = {
  hosts: options.hosts,
  workers: options.workers,
  kind: options.kind,
  narrate: !options.quiet,
  netns: options.netns,
  app: { app: options.app, sticky: options.sticky, cluster: options.cluster },
};
if (options.netns) {
  const why = networkUnavailable();
  if (why) {
    console.error(`serve: --netns ${why}`);
    process.exit(1);
  }
  // What earlier runs that were SIGKILLed before their reaper could act left behind.
  const swept = sweepNetworks();
  if (swept.namespaces.length + swept.links.length > 0) {
    say(m.swept([...swept.namespaces, ...swept.links].join(', ')));
  }
}
try {
  front =
    options.engine === 'haproxy'
      ? await startHaproxyFront(family, {
          ...shape,
          haproxy: { balance: options.balance as Balance },
        })
      : await startFront(family, {
          ...shape,
          nginx: {
            workerProcesses: options.nginxWorkers,
            keepalive: options.keepalive,
            balance: options.balance,
          },
        });
} catch (error) {
  if (
    error instanceof NginxMissingError ||
    error instanceof NginxConfigError ||
    error instanceof HaproxyMissingError ||
    error instanceof HaproxyConfigError ||
    error instanceof NetworkError
  ) {
    console.error(`serve: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
const { hosts } = front;
for (const h of hosts)
  say(m.host(h.address, h.port, h.kind, h.primaryPid, h.workerPids.join(', ')));
if (front.network) say(m.netns(front.network.namespaces.join(', ')));
const engine =
  'nginx' in front
    ? (() => {
        const { nginx } = front;
        say(m.nginx(nginx.masterPid, nginx.workerPids.join(', '), nginx.port));
        say(m.config(nginx.confPath, nginx.port));
        return {
          port: nginx.port,
          enginePids: [nginx.masterPid, ...nginx.workerPids],
          nginx: { masterPid: nginx.masterPid, workerPids: nginx.workerPids, dir: nginx.dir },
        };
      })()
    : (() => {
        const { haproxy } = front;
        say(m.haproxy(haproxy.pid, haproxy.port, options.balance));
        say(m.config(haproxy.confPath, haproxy.port));
        say(m.runtimeApi(haproxy.socketPath));
        return {
          port: haproxy.port,
          enginePids: [haproxy.pid],
          haproxy: { pid: haproxy.pid, dir: haproxy.dir, socket: haproxy.socketPath },
        };
      })();
if (process.connected) {
  process.send?.({
    primaryPid: process.pid,
    workerPids: front.workerPids(),
    hosts: hosts.map((h) => ({
      address: h.address,
      port: h.port,
      primaryPid: h.primaryPid,
      workerPids: h.workerPids,
      kind: h.kind,
    })),
    engine: options.engine,
    ...engine,
    ...(front.network ? { netns: front.network.namespaces } : {}),
  });
}
