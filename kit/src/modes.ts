/**
 * The one catalogue of serving modes: every way this project puts N workers behind one port.
 *
 *   SERVING_MODES ──▶ bench   (which modes a scenario runs, the tables, the JSON)
 *                 ──▶ lab     (the mode list the page gets from the lab server)
 *                 ──▶ docs    (the mode table of docs/{en,zh}/modes.md, written from it)
 *
 *   one entry = { id, label en/zh, stage, who accepts, server program + args(workers),
 *                 minimum Node, the Node change it requires (kit/src/node-lines.ts),
 *                 what it needs }                           available(mode) says if it runs here
 *
 * Every server program serves kit's hello-world app on 127.0.0.1:0, sends the ready report of
 * kit/src/server-ready.ts ({ port, primaryPid, workerPids }) over IPC once every worker
 * listens, and ends on SIGTERM. Adding a mode is one entry here plus its server program: the
 * bench can name it in --modes and in a scenario's list, the lab offers it, and
 * `npm run pages -w @cluster-from-scratch/docs` puts it in the docs' table.
 *
 * The ids are the ones the committed bench results and the lab's tests use: keep them.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findProgram } from './find-program.ts';
import { type NodeChangeName, nodeHas, nodeSince } from './node-lines.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export type Lang = 'en' | 'zh';
export type Text = Record<Lang, string>;

/**
 * Who takes a new connection off the listening socket. Each model also says which way a
 * connection travels to the worker that serves it, for the lab's drawing (through the
 * primary, or straight from the kernel to the worker), and what the primary does in it.
 */
export const ACCEPT_MODELS = {
  single: {
    route: 'direct',
    primary: {
      en: 'is the only process: it accepts and serves every connection',
      zh: '是唯一的进程：自己 accept 并处理每个连接',
    },
    en: 'one process, no cluster (the baseline)',
    zh: '单个进程，不用集群（基线）',
  },
  'round-robin': {
    route: 'primary',
    primary: {
      en: 'accepts every connection and hands it to the next free worker',
      zh: 'accept 每个连接，再交给下一个空闲的工作进程',
    },
    en: 'the primary accepts and hands each connection to the next free worker',
    zh: '主进程 accept，再把每个连接交给下一个空闲的工作进程',
  },
  'per-connection': {
    route: 'primary',
    primary: {
      en: 'accepts every connection and passes the socket to a worker, in turn',
      zh: 'accept 每个连接，再把套接字轮流传给某个工作进程',
    },
    en: 'the primary accepts and sends each socket to a worker itself',
    zh: '主进程 accept，再亲自把每个套接字发给某个工作进程',
  },
  proxy: {
    route: 'primary',
    primary: {
      en: "accepts every connection and relays its bytes to a worker's own port",
      zh: 'accept 每个连接，再把字节转发到某个工作进程自己的端口',
    },
    en: 'the primary accepts and relays the bytes to workers on ports of their own',
    zh: '主进程 accept，再把字节转发给各自监听端口的工作进程',
  },
  'shared-socket': {
    route: 'direct',
    primary: { en: 'does not accept: its workers do', zh: '不 accept：由它的工作进程来 accept' },
    en: 'every worker accepts on one shared listening socket',
    zh: '所有工作进程在同一个监听套接字上 accept',
  },
  'own-socket': {
    route: 'direct',
    primary: {
      en: 'does not accept: each worker accepts on a socket of its own',
      zh: '不 accept：每个工作进程在自己的套接字上 accept',
    },
    en: 'every worker accepts on a listening socket of its own (SO_REUSEPORT); the kernel picks one per connection',
    zh: '每个工作进程在自己的监听套接字上 accept（SO_REUSEPORT），由内核为每个连接挑一个',
  },
  // Stage 06's scheduling hook (beyond node:cluster): the primary still accepts and passes
  // the handle, but a schedule picks the worker (by client address, by open connections).
  scheduled: {
    route: 'primary',
    primary: {
      en: 'accepts every connection and hands it to the worker its schedule picks',
      zh: 'accept 每个连接，再交给调度函数选中的工作进程',
    },
    en: 'the primary accepts and hands each connection to the worker a schedule picks (client address, open connections)',
    zh: '主进程 accept，再把每个连接交给调度函数选中的工作进程（按客户端地址、按打开的连接数）',
  },
  // Two levels: nginx takes the connection and picks a host per request; the host's cluster
  // then deals nginx's upstream connection to one of its workers. Drawn through the primary's
  // box, which in this model is nginx in front.
  'front-proxy': {
    route: 'primary',
    primary: {
      en: 'is nginx in front: one of its workers accepts each connection and sends each request on to a host, whose cluster hands it to one of its workers',
      zh: '是前面的 nginx：它的某个工作进程 accept 每个连接，再把每个请求转给某台主机，由主机上的集群交给自己的某个工作进程',
    },
    en: 'a separate proxy in front (nginx) accepts and relays each request to a host, whose cluster balances again',
    zh: '前面单独的代理（nginx）accept，再把每个请求转给某台主机，由主机上的集群再分一次',
  },
} as const satisfies Record<string, Text & { route: 'primary' | 'direct'; primary: Text }>;

export type AcceptModel = keyof typeof ACCEPT_MODELS;
export type Route = (typeof ACCEPT_MODELS)[AcceptModel]['route'];

export function routeOf(accept: AcceptModel): Route {
  return ACCEPT_MODELS[accept].route;
}

/** Where a mode comes from: the baseline, node:cluster itself, or a stage's number. */
export type ModeStage = 'baseline' | 'node' | '03' | '04' | '05' | '06' | '07' | '08';

/**
 * What the machine must have besides Node. 'loopback-hosts': addresses 127.0.1.x answer as
 * they do on Linux (the whole 127.0.0.0/8 is local there); macOS answers only 127.0.0.1 unless
 * each address is aliased.
 */
export type Need = 'root' | 'nginx' | 'haproxy' | 'loopback-hosts';

export interface ServingMode {
  /** Stable id: bench JSON, the lab's API and `--modes` use it. */
  id: string;
  /** Short name for tables, charts and the lab's mode list. */
  label: Text;
  stage: ModeStage;
  accept: AcceptModel;
  /** One sentence for the lab's page and the docs: who accepts, who serves. */
  summary: Text;
  /** The server program, relative to the repository root. */
  program: string;
  /** Its command line for `workers` workers (narrating, as a person would run it). */
  args(workers: number): string[];
  /** Appended by the bench, which wants no narration; absent when the program never narrates. */
  quietArgs?: string[];
  /** The program runs this many workers whatever it is asked (the single process: 1). */
  fixedWorkers?: number;
  /** The oldest Node it runs on, 'major.minor.patch'. */
  minNode: string;
  /**
   * A change of Node's it cannot run without, by its name in kit/src/node-lines.ts. A change
   * starts on one release per line (reusePort: 22.12.0 on 22.x, 23.1.0 on 23.x), which one
   * minimum version cannot say: 23.0.x is newer than 22.12.0 and still lacks it.
   */
  requires?: NodeChangeName;
  needs: Need[];
  /** Replaces a worker that dies, and restarts them one at a time on SIGHUP (stage 05). */
  supervised: boolean;
  /** Offered in the lab. Off for the baseline (no workers to watch) and the bench's pair twins. */
  inLab: boolean;
  /**
   * Appended where a killed worker should be replaced (the lab): stage 06's program treats a
   * lost worker as fatal unless told to fork another in its place.
   */
  replaceArgs?: string[];
}

const NODE_20 = '20.19.0';
const stage06Serve = 'packages/06-round-robin-cluster/demos/serve.ts';
const nodeCluster = 'bench/src/servers/node-cluster.ts';

/** Stage 06's clone and node:cluster through one program, so a pair differs in nothing else. */
function stage06(impl: 'clone' | 'node', policy: 'rr' | 'none', inLab: boolean): ServingMode {
  const name = policy === 'rr' ? 'RR' : 'NONE';
  const clone = impl === 'clone';
  return {
    id: clone ? `s06-${policy}` : `s06-node-${policy}`,
    label: clone
      ? { en: `clone ${name}`, zh: `克隆 ${name}` }
      : { en: `node:cluster ${name}`, zh: `node:cluster ${name}` },
    stage: '06',
    accept: policy === 'rr' ? 'round-robin' : 'shared-socket',
    summary: clone
      ? policy === 'rr'
        ? {
            en: 'Our clone of node:cluster, SCHED_RR: the primary accepts and hands each connection to the next free worker.',
            zh: '我们仿写的 node:cluster，SCHED_RR：主进程 accept，再把每个连接交给下一个空闲的工作进程。',
          }
        : {
            en: 'Our clone of node:cluster, SCHED_NONE: the workers accept from one shared socket.',
            zh: '我们仿写的 node:cluster，SCHED_NONE：所有工作进程从同一个共享套接字上 accept。',
          }
      : {
          en: `node:cluster ${name} run by stage 06's program, the other half of the bench's clone-vs-node pairs.`,
          zh: `由第 06 阶段的程序运行的 node:cluster ${name}，基准测试里“克隆 vs node”配对的另一半。`,
        },
    program: stage06Serve,
    args: (n) => ['--workers', String(n), '--impl', impl, '--policy', policy],
    quietArgs: ['--quiet'],
    replaceArgs: ['--restart'],
    minNode: NODE_20,
    needs: [],
    supervised: false,
    inLab,
  };
}

export const SERVING_MODES: readonly ServingMode[] = [
  {
    id: 'single',
    label: { en: 'one process', zh: '单进程' },
    stage: 'baseline',
    accept: 'single',
    summary: {
      en: 'One plain process serving the app, no cluster at all: the line every cluster is measured against.',
      zh: '一个普通进程直接提供服务，完全不用集群：衡量所有集群方式的基线。',
    },
    program: 'bench/src/servers/single.ts',
    args: () => [],
    fixedWorkers: 1,
    minNode: NODE_20,
    needs: [],
    supervised: false,
    inLab: false,
  },
  {
    id: 'node-rr',
    label: { en: 'node:cluster RR', zh: 'node:cluster RR' },
    stage: 'node',
    accept: 'round-robin',
    summary: {
      en: 'Node itself, SCHED_RR: the primary accepts every connection and hands it to the next free worker.',
      zh: 'Node 自身，SCHED_RR：主进程 accept 每个连接，再交给下一个空闲的工作进程。',
    },
    program: nodeCluster,
    args: (n) => ['--workers', String(n), '--policy', 'rr'],
    quietArgs: ['--quiet'],
    minNode: NODE_20,
    needs: [],
    supervised: false,
    inLab: true,
  },
  {
    id: 'node-none',
    label: { en: 'node:cluster NONE', zh: 'node:cluster NONE' },
    stage: 'node',
    accept: 'shared-socket',
    summary: {
      en: 'Node itself, SCHED_NONE: every worker accepts from one shared socket and the kernel decides who wins.',
      zh: 'Node 自身，SCHED_NONE：所有工作进程从同一个共享套接字上 accept，由内核决定谁抢到。',
    },
    program: nodeCluster,
    args: (n) => ['--workers', String(n), '--policy', 'none'],
    quietArgs: ['--quiet'],
    minNode: NODE_20,
    needs: [],
    supervised: false,
    inLab: true,
  },
  {
    id: 's03-proxy',
    label: { en: '03 proxy', zh: '03 代理' },
    stage: '03',
    accept: 'proxy',
    summary: {
      en: 'Stage 03: the primary accepts, opens a second connection to a worker on its own port and relays the bytes.',
      zh: '第 03 阶段：主进程 accept，再向监听自己端口的工作进程开第二条连接，转发字节。',
    },
    program: 'packages/03-proxy-ports/src/serve.ts',
    args: (n) => ['--workers', String(n)],
    quietArgs: ['--quiet'],
    minNode: NODE_20,
    needs: [],
    supervised: false,
    inLab: true,
  },
  {
    id: 's04-shared',
    label: { en: '04 shared socket', zh: '04 共享套接字' },
    stage: '04',
    accept: 'shared-socket',
    summary: {
      en: 'Stage 04: the primary sends its listening socket to every worker; they all accept from it (the thundering herd, 惊群).',
      zh: '第 04 阶段：主进程把监听套接字发给每个工作进程，大家都在它上面 accept（惊群，thundering herd）。',
    },
    program: 'packages/04-handle-passing/src/serve-shared.ts',
    args: (n) => ['--workers', String(n)],
    minNode: NODE_20,
    needs: [],
    supervised: false,
    inLab: true,
  },
  {
    id: 's04-passing',
    label: { en: '04 per-connection', zh: '04 逐连接传递' },
    stage: '04',
    accept: 'per-connection',
    summary: {
      en: 'Stage 04: the primary accepts each connection and sends the socket itself to a worker, in turn.',
      zh: '第 04 阶段：主进程 accept 每个连接，再把这个套接字本身轮流发给某个工作进程。',
    },
    program: 'packages/04-handle-passing/src/serve-per-connection.ts',
    args: (n) => ['--workers', String(n)],
    minNode: NODE_20,
    needs: [],
    supervised: false,
    inLab: true,
  },
  {
    id: 's05-supervisor',
    label: { en: '05 supervisor', zh: '05 监督者' },
    stage: '05',
    accept: 'shared-socket',
    summary: {
      en: 'Stage 05: workers accept from a shared socket; the supervisor replaces a worker that dies and restarts them one by one on SIGHUP.',
      zh: '第 05 阶段：工作进程从共享套接字上 accept；监督者替换死掉的工作进程，收到 SIGHUP 时逐个重启。',
    },
    program: 'packages/05-auto-restart/src/serve.ts',
    args: (n) => ['--workers', String(n)],
    minNode: NODE_20,
    needs: [],
    supervised: true,
    inLab: true,
  },
  stage06('clone', 'rr', true),
  stage06('node', 'rr', false),
  stage06('clone', 'none', true),
  stage06('node', 'none', false),
  // reusePort: a listening socket per worker on one port; the kernel picks one per connection.
  {
    id: 'node-reuseport',
    label: { en: 'node:cluster reusePort', zh: 'node:cluster reusePort' },
    stage: 'node',
    accept: 'own-socket',
    summary: {
      en: 'Node itself, every worker listening with reusePort: true: each binds a socket of its own on the one port (SO_REUSEPORT) and the kernel hands each connection to one of them.',
      zh: 'Node 自身，每个工作进程用 reusePort: true 监听：各自在同一个端口上绑定自己的套接字（SO_REUSEPORT），由内核把每个连接交给其中一个。',
    },
    program: nodeCluster,
    args: (n) => ['--workers', String(n), '--policy', 'reuseport'],
    quietArgs: ['--quiet'],
    minNode: NODE_20,
    requires: 'reusePort',
    needs: [],
    supervised: false,
    inLab: true,
  },
  {
    id: 's04-reuse-port',
    label: { en: '04 reusePort', zh: '04 reusePort' },
    stage: '04',
    accept: 'own-socket',
    summary: {
      en: 'Stage 04: every worker binds a socket of its own on one port with reusePort (SO_REUSEPORT); the primary only tells them the port, and the kernel picks a worker per connection.',
      zh: '第 04 阶段：每个工作进程用 reusePort（SO_REUSEPORT）在同一个端口上绑定自己的套接字；主进程只告诉它们端口，由内核为每个连接挑一个工作进程。',
    },
    program: 'packages/04-handle-passing/src/serve-reuse-port.ts',
    args: (n) => ['--workers', String(n)],
    quietArgs: ['--quiet'],
    minNode: NODE_20,
    requires: 'reusePort',
    needs: [],
    supervised: false,
    inLab: true,
  },
  {
    id: 's06-reuseport',
    label: { en: 'clone REUSEPORT', zh: '克隆 REUSEPORT' },
    stage: '06',
    accept: 'own-socket',
    summary: {
      en: 'Our clone of node:cluster, SCHED_REUSEPORT (beyond node:cluster): the primary tells each worker the port and every worker binds a socket of its own there; the kernel picks one per connection.',
      zh: '我们仿写的 node:cluster，SCHED_REUSEPORT（node:cluster 没有）：主进程告诉每个工作进程端口，每个工作进程在那里绑定自己的套接字；由内核为每个连接挑一个。',
    },
    program: stage06Serve,
    args: (n) => ['--workers', String(n), '--impl', 'clone', '--policy', 'reuseport'],
    quietArgs: ['--quiet'],
    replaceArgs: ['--restart'],
    minNode: NODE_20,
    requires: 'reusePort',
    needs: [],
    supervised: false,
    inLab: true,
  },
  // Stage 06's scheduling hook (beyond node:cluster): stickiness by address, least connections.
  ...(['iphash', 'leastconn'] as const).map(
    (policy): ServingMode => ({
      id: `s06-${policy}`,
      label: { en: `clone ${policy.toUpperCase()}`, zh: `克隆 ${policy.toUpperCase()}` },
      stage: '06',
      accept: 'scheduled',
      summary:
        policy === 'iphash'
          ? {
              en: "Our clone of node:cluster, SCHED_IPHASH (beyond node:cluster): the primary accepts and hands each connection to the worker chosen by a hash of the client's address.",
              zh: '我们仿写的 node:cluster，SCHED_IPHASH（node:cluster 没有）：主进程 accept，再按客户端地址的哈希把连接交给选中的工作进程。',
            }
          : {
              en: 'Our clone of node:cluster, SCHED_LEASTCONN (beyond node:cluster): the primary accepts and hands each connection to the worker with the fewest open connections (workers report each close).',
              zh: '我们仿写的 node:cluster，SCHED_LEASTCONN（node:cluster 没有）：主进程 accept，再把连接交给当前打开连接最少的工作进程（工作进程报告每次关闭）。',
            },
      program: stage06Serve,
      args: (n) => ['--workers', String(n), '--impl', 'clone', '--policy', policy],
      quietArgs: ['--quiet'],
      replaceArgs: ['--restart'],
      minNode: NODE_20,
      needs: [],
      supervised: false,
      inLab: true,
    }),
  ),
  // Stage 07: nginx in front of hosts, each a cluster of stage 06's clone (round robin).
  {
    id: 's07-nginx',
    label: { en: '07 nginx + hosts', zh: '07 nginx + 主机' },
    stage: '07',
    accept: 'front-proxy',
    summary: {
      en: 'Stage 07: a real nginx accepts every connection and sends each request to one of several hosts (127.0.1.x), each a cluster of its own that deals the connection to one of its workers: two levels of balancing.',
      zh: '第 07 阶段：真正的 nginx accept 每个连接，再把每个请求转给几台主机（127.0.1.x）之一；每台主机是自己的一个集群，再把连接交给自己的某个工作进程：两级负载均衡。',
    },
    program: 'packages/07-beyond-one-machine/src/serve.ts',
    args: (n) => ['--hosts', String(frontHosts(n)), '--workers', String(n / frontHosts(n))],
    quietArgs: ['--quiet'],
    minNode: NODE_20,
    needs: ['nginx', 'loopback-hosts'],
    supervised: false,
    inLab: true,
  },
  // Stage 07 again, with HAProxy in front: one process with threads, one balancer for all.
  {
    id: 's07-haproxy',
    label: { en: '07 HAProxy + hosts', zh: '07 HAProxy + 主机' },
    stage: '07',
    accept: 'front-proxy',
    summary: {
      en: 'Stage 07 with HAProxy instead of nginx: one HAProxy process (threads inside) accepts every connection and sends each request to one of several hosts (127.0.1.x), round robin with one counter for all its threads; each host is a cluster that deals the connection to one of its workers.',
      zh: '第 07 阶段，把 nginx 换成 HAProxy：一个 HAProxy 进程（内部有多个线程）accept 每个连接，再把每个请求轮流转给几台主机（127.0.1.x）之一，所有线程共用一个计数；每台主机是一个集群，再把连接交给自己的某个工作进程。',
    },
    program: 'packages/07-beyond-one-machine/src/serve.ts',
    args: (n) => [
      '--engine',
      'haproxy',
      '--hosts',
      String(frontHosts(n)),
      '--workers',
      String(n / frontHosts(n)),
    ],
    quietArgs: ['--quiet'],
    minNode: NODE_20,
    needs: ['haproxy', 'loopback-hosts'],
    supervised: false,
    inLab: true,
  },
  // Stage 08: worker threads in one process instead of worker processes.
  {
    id: 's08-threads',
    label: { en: '08 threads reusePort', zh: '08 线程 reusePort' },
    stage: '08',
    accept: 'own-socket', // per worker thread, not per process: see the summary
    summary: {
      en: 'Stage 08: N worker threads in one process, each listening on the port with reusePort; the kernel picks a thread per connection. Responses name the thread: `<pid>.<threadId>`.',
      zh: '第 08 阶段：一个进程里的 N 个工作线程，各自用 reusePort 在该端口上监听；由内核为每个连接挑一个线程。响应里写明线程：`<pid>.<threadId>`。',
    },
    program: 'packages/08-threads-one-port/src/serve.ts',
    args: (n) => ['--workers', String(n), '--strategy', 'reuseport'],
    quietArgs: ['--quiet'],
    minNode: NODE_20,
    requires: 'reusePort',
    needs: [],
    supervised: false,
    inLab: true,
  },
  {
    id: 's08-threads-proxy',
    label: { en: '08 threads + proxy', zh: '08 线程 + 代理' },
    stage: '08',
    accept: 'proxy',
    summary: {
      en: "Stage 08 on every Node line: N worker threads on ports of their own, the main thread accepts and relays the bytes (stage 03's proxy pieces).",
      zh: '第 08 阶段，在每个版本线上都能用：N 个工作线程各自监听自己的端口，由主线程 accept 并转发字节（第 03 阶段的代理部件）。',
    },
    program: 'packages/08-threads-one-port/src/serve.ts',
    args: (n) => ['--workers', String(n), '--strategy', 'proxy'],
    quietArgs: ['--quiet'],
    minNode: NODE_20,
    needs: [],
    supervised: false,
    inLab: true,
  },
];

/**
 * How stage 07 splits n workers over hosts. The bench and the lab count the workers a server
 * reports against the n they asked for, so the split must add up to n exactly: two hosts of
 * n/2 when n is even (2 → 2×1, 4 → 2×2, 8 → 2×4), so both levels have something to balance;
 * n hosts of one worker when n is odd (1 → 1×1, 3 → 3×1), where only nginx balances.
 */
export function frontHosts(workers: number): number {
  return workers % 2 === 0 ? 2 : workers;
}

export function findServingMode(id: string): ServingMode | undefined {
  return SERVING_MODES.find((m) => m.id === id);
}

/** Like findServingMode, for ids that come from a person: an unknown id is a clear error. */
export function servingMode(id: string): ServingMode {
  const mode = findServingMode(id);
  if (!mode) {
    throw new Error(
      `unknown mode '${id}'; known modes: ${SERVING_MODES.map((m) => m.id).join(', ')}`,
    );
  }
  return mode;
}

/** The program's absolute path. */
export function programPath(mode: ServingMode): string {
  return join(repoRoot, mode.program);
}

/** The command line for `workers` workers: program (repo-relative) and arguments. */
export function commandLine(
  mode: ServingMode,
  workers: number,
  options: { quiet?: boolean } = {},
): { program: string; args: string[] } {
  const args = mode.args(mode.fixedWorkers ?? workers);
  return {
    program: mode.program,
    args: options.quiet && mode.quietArgs ? [...args, ...mode.quietArgs] : args,
  };
}

// ── can it run here? ───────────────────────────────────────────────────────────────────────

/** What available() looks at; the real machine unless a test describes another. */
export interface Here {
  /** process.versions.node */
  node: string;
  root: boolean;
  /** process.platform: where SO_REUSEPORT balances connections (Linux) and where Node refuses it. */
  platform: NodeJS.Platform;
  /** Whether a program can be run (kit/src/find-program.ts looks for it). */
  hasCommand(name: string): boolean;
  fileExists(path: string): boolean;
}

/** The kernels where Node's listen({ reusePort }) spreads connections over several sockets. */
const REUSE_PORT_PLATFORMS = new Set<NodeJS.Platform>(['linux', 'freebsd', 'sunos', 'aix']);

export function thisMachine(): Here {
  return {
    node: process.versions.node,
    root: process.getuid?.() === 0,
    platform: process.platform,
    hasCommand: (name) => findProgram(name) !== undefined,
    fileExists: existsSync,
  };
}

export type Availability = { ok: true } | { ok: false; reason: string };

/** Whether `mode` can run on this machine, and if not, one sentence saying why. */
export function available(mode: ServingMode, here: Here = thisMachine()): Availability {
  if (!here.fileExists(join(repoRoot, mode.program))) {
    const who =
      mode.stage === 'baseline' || mode.stage === 'node' ? 'the bench' : `stage ${mode.stage}`;
    return { ok: false, reason: `${who} has no server program yet (no ${mode.program})` };
  }
  if (compareVersions(here.node, mode.minNode) < 0) {
    return { ok: false, reason: `needs Node ${mode.minNode} or later (this is ${here.node})` };
  }
  if (mode.requires && !nodeHas(mode.requires, here.node)) {
    return { ok: false, reason: `needs Node ${nodeSince(mode.requires)} (this is ${here.node})` };
  }
  // Node's listen() raises an error for reusePort outside Linux and a few other kernels (its
  // docs list DragonFlyBSD, FreeBSD 12+, Solaris 11.4, AIX 7.2.5); macOS is not among them.
  if (mode.requires === 'reusePort' && !REUSE_PORT_PLATFORMS.has(here.platform)) {
    return {
      ok: false,
      reason: `needs Linux (or FreeBSD): Node refuses reusePort on ${here.platform}`,
    };
  }
  for (const need of mode.needs) {
    if (need === 'root' && !here.root) return { ok: false, reason: 'needs to run as root' };
    if (need === 'nginx' && !here.hasCommand('nginx')) {
      return { ok: false, reason: 'needs nginx: apt-get install nginx' };
    }
    if (need === 'haproxy' && !here.hasCommand('haproxy')) {
      return { ok: false, reason: 'needs haproxy: apt-get install haproxy' };
    }
    if (need === 'loopback-hosts' && here.platform !== 'linux') {
      return {
        ok: false,
        reason: `needs Linux: its hosts listen on 127.0.1.x, which ${here.platform} answers only when aliased (sudo ifconfig lo0 alias 127.0.1.1)`,
      };
    }
  }
  return { ok: true };
}

/**
 * Compares 'major.minor.patch' versions (a leading 'v' is allowed): negative when a < b.
 * A small local check; a bad version string is an error, not a guess.
 */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  for (let i = 0; i < 3; i++) {
    const d = pa[i]! - pb[i]!;
    if (d !== 0) return d;
  }
  return 0;
}

function parseVersion(version: string): [number, number, number] {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) throw new Error(`'${version}' is not a version like 22.12.0`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** Repo-relative form of an absolute path under the repository (others unchanged). */
export function repoRelative(file: string): string {
  return file.startsWith(repoRoot) ? relative(repoRoot, file) : file;
}
