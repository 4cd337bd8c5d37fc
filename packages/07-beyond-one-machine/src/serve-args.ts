/**
 * The command line of src/serve.ts, checked before anything starts.
 *
 *   --engine nginx|haproxy  --hosts N  --workers M  --kind cluster|supervisor
 *   --nginx-workers W  --keepalive K  --balance B  --netns  --quiet
 *   --app hello|socketio  --sticky  --cluster clone|node   (what each cluster host runs)
 *   (--lang is taken out before: src/serve.ts reads it through kit/src/language.ts)
 */
import { parseArgs } from 'node:util';
import { BALANCES, type Balance } from './haproxy-config.ts';
import { HOST_APPS, HOST_CLUSTERS, type HostApp, type HostCluster } from './host-args.ts';
import { HOST_KINDS, type HostKind } from './hosts.ts';
import { NGINX_BALANCES, type NginxBalance } from './nginx-config.ts';

/** The proxy in front of the hosts. */
export type Engine = 'nginx' | 'haproxy';
export const ENGINES: readonly Engine[] = ['nginx', 'haproxy'];

export const SERVE_USAGE = `usage: serve.ts [--engine nginx|haproxy] [--hosts N] [--workers M]
                [--kind cluster|supervisor] [--nginx-workers W] [--keepalive K]
                [--balance B] [--app hello|socketio] [--sticky] [--cluster clone|node]
                [--netns] [--quiet]
  --engine           the proxy in front: nginx (default) or haproxy
  --hosts N          hosts behind the proxy, each on its own 127.0.1.x address (1–32, default 2)
  --workers M        workers per host (1–64, default 2)
  --kind             cluster: stage 06's clone (default); supervisor: stage 05 (SIGHUP rolls it)
  --nginx-workers W  nginx worker processes (1–64, default 2)
  --keepalive K      idle upstream connections per nginx worker, 0 = none (default 16)
  --balance B        the choice of host: roundrobin (default) or leastconn (both engines);
                     nginx only: ip_hash (first three octets of an IPv4 address),
                     hash_addr (hash $remote_addr consistent), cookie (hash $cookie_io consistent)
  --app A            what each cluster host's workers serve: hello (default), or socketio
                     (the same plus socket.io, whose 'echo' answers with the worker's pid)
  --sticky           with --app socketio: @socket.io/sticky in each host's primary
  --cluster C        each cluster host on clone (stage 06, default) or node (node:cluster)
  --netns            each host in a network namespace of its own (198.18.0.0/15), all on
                     port 8080, wired to the proxy by veth pairs (Linux, root, iproute2)
  --quiet            no narration
  --lang en|zh       the narration's language (default: CFS_LANG, then the locale)
signals: SIGTERM / SIGINT stop the proxy, then every host`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ServeOptions {
  engine: Engine;
  balance: Balance | NginxBalance;
  netns: boolean;
  hosts: number;
  workers: number;
  kind: HostKind;
  nginxWorkers: number;
  keepalive: number;
  app: HostApp;
  sticky: boolean;
  cluster: HostCluster;
  quiet: boolean;
}

function whole(flag: string, raw: unknown, min: number, max: number): number {
  const text = String(raw);
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}, got '${text}'`);
  }
  return Number(text);
}

export function parseServeArgs(argv: string[]): ServeOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        engine: { type: 'string', default: 'nginx' },
        balance: { type: 'string', default: 'roundrobin' },
        hosts: { type: 'string', default: '2' },
        workers: { type: 'string', default: '2' },
        kind: { type: 'string', default: 'cluster' },
        'nginx-workers': { type: 'string', default: '2' },
        keepalive: { type: 'string', default: '16' },
        netns: { type: 'boolean', default: false },
        app: { type: 'string', default: 'hello' },
        sticky: { type: 'boolean', default: false },
        cluster: { type: 'string', default: 'clone' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const kind = String(values.kind);
  if (!HOST_KINDS.includes(kind as HostKind)) {
    throw new UsageError(`--kind must be ${HOST_KINDS.join(' or ')}, got '${kind}'`);
  }
  const engine = String(values.engine);
  if (!ENGINES.includes(engine as Engine)) {
    throw new UsageError(`--engine must be ${ENGINES.join(' or ')}, got '${engine}'`);
  }
  const balance = String(values.balance);
  const allowed: readonly string[] = engine === 'haproxy' ? BALANCES : NGINX_BALANCES;
  if (!allowed.includes(balance)) {
    // HAProxy has address hashing too (balance source), but in its own words: said, not guessed.
    const only = NGINX_BALANCES.includes(balance as NginxBalance)
      ? ` (${balance} is for --engine nginx)`
      : '';
    throw new UsageError(`--balance must be ${allowed.join(' or ')}, got '${balance}'${only}`);
  }
  const app = String(values.app);
  if (!HOST_APPS.includes(app as HostApp)) {
    throw new UsageError(`--app must be ${HOST_APPS.join(' or ')}, got '${app}'`);
  }
  const cluster = String(values.cluster);
  if (!HOST_CLUSTERS.includes(cluster as HostCluster)) {
    throw new UsageError(`--cluster must be ${HOST_CLUSTERS.join(' or ')}, got '${cluster}'`);
  }
  const special = app !== 'hello' || values.sticky === true || cluster !== 'clone';
  if (values.sticky === true && app !== 'socketio') {
    throw new UsageError('--sticky is for --app socketio');
  }
  if (special && kind !== 'cluster') {
    throw new UsageError('--app, --sticky and --cluster are for --kind cluster');
  }
  return {
    engine: engine as Engine,
    balance: balance as Balance | NginxBalance,
    netns: values.netns === true,
    hosts: whole('hosts', values.hosts, 1, 32),
    workers: whole('workers', values.workers, 1, 64),
    kind: kind as HostKind,
    nginxWorkers: whole('nginx-workers', values['nginx-workers'], 1, 64),
    keepalive: whole('keepalive', values.keepalive, 0, 1024),
    app: app as HostApp,
    sticky: values.sticky === true,
    cluster: cluster as HostCluster,
    quiet: values.quiet === true,
  };
}
