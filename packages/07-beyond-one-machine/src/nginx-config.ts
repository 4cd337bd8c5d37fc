/**
 * The nginx configuration, generated from code: what goes in is a list of hosts and a few
 * policies, what comes out is the text `nginx -c` reads.
 *
 *   renderNginxConfig({ dir, listen, upstreams: [{ address: '127.0.1.1', port }, …] })
 *
 *   nginx (foreground, no root) ── listen 127.0.0.1:PORT ──▶ upstream hosts {
 *       pid, logs, temp files in dir                             server 127.0.1.1:P1 …;
 *                                                                server 127.0.1.2:P2 …; }
 *
 * Everything nginx would otherwise write under /var (pid file, error and access logs, the five
 * *_temp_path folders) goes into `dir`, so it runs as any user, as a plain child process, and
 * leaves nothing behind. Every response carries three headers that make the balancing visible
 * without reading a log: which nginx worker handled it, which upstream(s) it tried, and what
 * each of them answered ("504, 200" = the first one timed out, the second served it).
 */
import { join } from 'node:path';
import { checkHostAddress, checkLoopback, checkWhole } from './host-address.ts';
import { type KeepAliveDirectives, upstreamKeepAlive } from './keepalive.ts';

/**
 * How nginx picks the host of a request. Round robin is nginx's default; the other three make
 * a client stick to one host, which a session kept in one process (socket.io on polling) needs:
 *   least_conn   the host with the fewest active requests (no stickiness; like HAProxy's)
 *   ip_hash      nginx's address hash: for IPv4 only the FIRST THREE octets count, so
 *                127.0.0.2 and 127.0.0.3 (one /24: an office behind one NAT) land on one host
 *   hash_addr    `hash $remote_addr consistent`: the whole address, on a consistent ring
 *   cookie       `hash $cookie_io consistent`: socket.io's `io` cookie (its session id)
 */
export type NginxBalance = 'roundrobin' | 'leastconn' | 'ip_hash' | 'hash_addr' | 'cookie';
export const NGINX_BALANCES: readonly NginxBalance[] = [
  'roundrobin',
  'leastconn',
  'ip_hash',
  'hash_addr',
  'cookie',
];

/** The upstream directive of each choice; round robin needs none. */
export const BALANCE_DIRECTIVE: Record<NginxBalance, string | undefined> = {
  roundrobin: undefined,
  leastconn: 'least_conn;',
  ip_hash: 'ip_hash;',
  hash_addr: 'hash $remote_addr consistent;',
  cookie: 'hash $cookie_io consistent;',
};

export interface UpstreamServer {
  address: string;
  port: number;
  /** `down`: listed, but nginx sends it nothing (how a host is taken out for a deploy). */
  down?: boolean;
}

export interface NginxSettings {
  /** A folder of its own: pid, logs and temp files go here. */
  dir: string;
  listen: { host: string; port: number };
  upstreams: UpstreamServer[];
  /** How a host is chosen for a request (default round robin). */
  balance?: NginxBalance;
  /** nginx worker processes (default 2): a first level of "who gets the connection". */
  workerProcesses?: number;
  /** Idle upstream connections cached per nginx worker; 0 = a new one per request (default 16). */
  keepalive?: number;
  /** Replaces what `keepalive` would give (to show a broken recipe, or a learner's). */
  keepAliveDirectives?: KeepAliveDirectives;
  /** Failures within failTimeoutS that take a host out for failTimeoutS; 0 = never (default 1). */
  maxFails?: number;
  /** Seconds (default 10, nginx's own). */
  failTimeoutS?: number;
  /** How long nginx waits for a host to accept the TCP connection (default 1000 ms). */
  connectTimeoutMs?: number;
  /** How long nginx waits for a host's answer (between two reads) (default 5000 ms). */
  readTimeoutMs?: number;
  /** When to try the next host: nginx's default is 'error timeout'; 'off' never retries. */
  nextUpstream?: string;
}

export const NGINX_DEFAULTS = {
  balance: 'roundrobin',
  workerProcesses: 2,
  keepalive: 16,
  maxFails: 1,
  failTimeoutS: 10,
  connectTimeoutMs: 1000,
  readTimeoutMs: 5000,
  nextUpstream: 'error timeout',
} as const;

export function renderNginxConfig(settings: NginxSettings): string {
  const s = { ...NGINX_DEFAULTS, ...settings };
  checkLoopback('listen.host', s.listen.host);
  checkWhole('listen.port', s.listen.port, 1, 65535);
  if (s.upstreams.length === 0) throw new RangeError('upstreams must list at least one host');
  for (const u of s.upstreams) {
    checkHostAddress('an upstream address', u.address);
    checkWhole(`the port of upstream ${u.address}`, u.port, 1, 65535);
  }
  if (!NGINX_BALANCES.includes(s.balance)) {
    throw new RangeError(`balance must be ${NGINX_BALANCES.join(', ')}, got '${s.balance}'`);
  }
  const balance = BALANCE_DIRECTIVE[s.balance];
  checkWhole('workerProcesses', s.workerProcesses, 1, 64);
  checkWhole('keepalive', s.keepalive, 0, 1024);
  checkWhole('maxFails', s.maxFails, 0, 1000);
  checkWhole('failTimeoutS', s.failTimeoutS, 1, 3600);
  checkWhole('connectTimeoutMs', s.connectTimeoutMs, 1, 600_000);
  checkWhole('readTimeoutMs', s.readTimeoutMs, 1, 600_000);
  if (!/^(off|[a-z_0-9 ]+)$/.test(s.nextUpstream)) {
    throw new RangeError(
      `nextUpstream must be nginx proxy_next_upstream words, got '${s.nextUpstream}'`,
    );
  }
  const keep = s.keepAliveDirectives ?? upstreamKeepAlive(s.keepalive);
  const path = (name: string) => join(s.dir, name);
  const servers = s.upstreams.map(
    (u) =>
      `    server ${u.address}:${u.port} max_fails=${s.maxFails} fail_timeout=${s.failTimeoutS}s${u.down ? ' down' : ''};`,
  );
  return `# Generated by packages/07-beyond-one-machine/src/nginx-config.ts: edit the code, not this file.
daemon off;                 # stay in the foreground: a plain child of whoever started us
master_process on;          # a master that reloads on SIGHUP, and ${s.workerProcesses} worker(s) that serve
worker_processes ${s.workerProcesses};
pid ${path('nginx.pid')};
error_log ${path('error.log')} info;
error_log stderr notice;    # also to the parent, who waits for "start worker process" lines

events {
  worker_connections 1024;
}

http {
  log_format upstreams '$pid $remote_addr "$request" $status upstream=$upstream_addr '
                       'upstream_status=$upstream_status time=$request_time';
  access_log ${path('access.log')} upstreams;
  client_body_temp_path ${path('client_body_temp')};
  proxy_temp_path ${path('proxy_temp')};
  fastcgi_temp_path ${path('fastcgi_temp')};
  uwsgi_temp_path ${path('uwsgi_temp')};
  scgi_temp_path ${path('scgi_temp')};

  upstream hosts {
    # ${s.balance === 'roundrobin' ? 'round robin over the hosts' : `the host chosen by \`${balance?.slice(0, -1)}\``}
    # after max_fails failures within fail_timeout a host is left out for fail_timeout,
    # then tried again with one request
${[...(balance ? [`    ${balance}`] : []), ...servers, ...keep.upstream.map((line) => `    ${line}`)].join('\n')}
  }

  server {
    listen ${s.listen.host}:${s.listen.port};
    location / {
      proxy_pass http://hosts;
${keep.location.map((line) => `      ${line}\n`).join('')}      proxy_connect_timeout ${s.connectTimeoutMs}ms;  # a host that does not accept: give up on it
      proxy_read_timeout ${s.readTimeoutMs}ms;     # a host that accepted but does not answer
      proxy_next_upstream ${s.nextUpstream};    # which failures are retried on the next host
      add_header x-nginx-worker $pid always;
      add_header x-upstream-addr $upstream_addr always;
      add_header x-upstream-status $upstream_status always;
    }
  }
}
`;
}
