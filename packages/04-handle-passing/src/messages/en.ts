/**
 * Stage 04's words in English: what the demos, the server programs and their workers narrate.
 * zh.ts has the same keys (kit/test/message-catalogues.test.ts checks it). A message that
 * needs values is a function of them; names, options, signals, errno codes, /proc paths and
 * commands stay as they are in every language.
 */
import { sources } from '@cluster-from-scratch/kit/platform';

const en = {
  // Row labels of the demos' tables, all as wide as 'worker 1' so the columns line up.
  labels: {
    primary: 'primary ',
    worker: (id: number | string) => `worker ${id}`,
    stranger: 'stranger',
  },

  // ── the server programs (src/serve.ts) ──────────────────────────────────────────────
  serving: (mode: string, host: string, port: number, pids: number[]) =>
    `serving (${mode}) on http://${host}:${port} with workers ${pids.join(', ')}`,
  workerExited: (id: number | string, pid: number, how: string | number | null) =>
    `worker ${id} (pid ${pid}) exited (${how})`,
  stopping: (why: string) => `${why}: ending the workers`,
  parentChannelClosed: 'parent channel closed',
  bye: 'every worker has exited; bye',

  // ── one shared socket (src/shared-socket.ts) and its workers (src/worker.ts) ────────
  sharedListening: (host: string, port: number) =>
    `listening on ${host}:${port}: the only bind() of this run`,
  sendingHandle: (id: number | string, pid: number) =>
    `sending the server handle to worker ${id} (pid ${pid})`,
  keepingMyCopy: 'keeping my own copy open and serving on it too',
  closedMyCopy: 'closed my own copy: only the workers accept now',
  receivedServer: (listening: boolean, port: number | undefined) =>
    `received a net.Server (listening: ${listening}, port ${port}); serving on it`,

  // ── per-connection passing (src/per-connection.ts) ──────────────────────────────────
  perConnectionListening: (host: string, port: number) =>
    `listening on ${host}:${port}; I accept every connection and pass it on`,
  noWorkerForConnection: 'no worker can take the connection: closing it',
  workerGone: (id: number | string, pid: number) =>
    `worker ${id} (pid ${pid}) is gone; the others take its turns`,

  // ── reusePort (src/reuse-port.ts, reuse-port-worker.ts, reuse-port-stranger.ts) ─────
  askingToBind: (workers: number) =>
    `asking ${workers} workers to bind a socket each, with SO_REUSEPORT, on one port`,
  everyWorkerOwnSocket: (host: string, port: number) =>
    `every worker has its own socket on ${host}:${port}; I hold none`,
  reuseListenFailed: (port: number, code: string | undefined) =>
    `listen on port ${port} failed: ${code}`,
  boundOwnSocket: (port: number) => `bound a socket of my own on port ${port} (SO_REUSEPORT)`,
  strangerFailed: (port: number, code: string | undefined) =>
    `listen({ port: ${port}, reusePort: true }) failed: ${code}`,
  strangerListening:
    'listening on a socket of my own with SO_REUSEPORT; the kernel sends me a share',

  // ── a stuck worker (src/reuse-port-stuck.ts) ────────────────────────────────────────
  stuck: {
    stopped: (id: number | string, pid: number) =>
      `worker ${id} (pid ${pid}) stopped (SIGSTOP): it accepts nothing from now on`,
    clientsConnect: (connections: number) =>
      `${connections} clients connect at once and send one request each`,
    whileStuck: (otherId: number | string, answered: number, queued: number) =>
      `answered by worker ${otherId}: ${answered}; waiting in the stuck worker's own queue: ${queued}`,
    staysStuck: (id: number | string, ms: number) =>
      `worker ${id} stays stuck for ${ms} ms more (a long synchronous job)`,
    resumed: (id: number | string) => `worker ${id} resumed (SIGCONT)`,
    killed: (id: number | string, queued: number, migrateReq: number) =>
      `worker ${id} killed (SIGKILL) with ${queued} clients in its queue; tcp_migrate_req=${migrateReq}`,
    waitersAnswered: (
      queued: number,
      stuckId: number | string,
      stuckMs: number,
      otherMs: number,
      otherId: number | string,
    ) =>
      `the ${queued} waiting clients were answered by worker ${stuckId} once it ran again; median time to answer: ${stuckMs} ms for them, ${otherMs} ms for the clients of worker ${otherId}`,
    resetCount: (reset: number, connections: number, answered: number) =>
      `clients reset: ${reset} of ${connections}; answered: ${answered}`,
  },

  // ── what both demos say ─────────────────────────────────────────────────────────────
  requestsFailed: (failed: number, requests: number) => `${failed} of ${requests} requests failed`,
  done: 'done: every server and worker has exited',
  failed: (error: string) => `failed: ${error}`,

  // ── demos/main.ts ───────────────────────────────────────────────────────────────────
  tour: {
    intro: (workers: number) =>
      `stage 04 with ${workers} workers: the socket travels, the traffic does not`,
    listenEntry: (count: number, port: number, inodes: number[]) =>
      `${sources.tcpTable}: ${count} LISTEN entry for port ${port}, ${sources.socketNumber} ${inodes.join(', ')}`,
    fdLink: (fd: number, inode: number | undefined) => `fd ${fd} → socket:[${inode}]`,
    noDescriptor: '(no descriptor for it)',
    holder: (label: string | undefined, pid: number, links: string) =>
      `  ${label} pid ${pid}  ${links}`,
    ownListen: (port: number, code: string) =>
      `a separate listen() on ${port} from this process: ${code} (libuv set SO_REUSEADDR on it too; sharing works only because it is one socket)`,
    heldBy: (label: string, descriptors: number | undefined) => `${label} ${descriptors}`,
    heldCost: (count: number, parts: string[]) =>
      `${count} idle client connections cost, in descriptors per process: ${parts.join(', ')}`,
    tableTitle: (title: string, requests: number) =>
      `${title}: ${requests} fresh connections, one after another`,
    // Lined up with the rows: label(8) pid(8) conns(5) share(28) woke up(5).
    columns: '  process            conns  share                         woke up',
    wakeSummary: (woke: number, requests: number, why: string) =>
      `the workers woke ${woke} times for ${requests} connections (${(woke / requests).toFixed(1)} per connection): ${why}`,
    sharedStep: '── 1. shared socket: listen once, send the handle to every worker, close my copy',
    sharedTitle: 'shared socket (the kernel picks)',
    sharedWakes: 'every idle worker is woken, one wins the accept()',
    passingStep:
      '── 2. per-connection passing: the primary accepts, hands each socket to the next worker',
    passingTitle: 'per-connection passing (round robin)',
    passingWakes: 'a worker wakes only for what it is handed',
    primaryServesStep: '── 3. the primary keeps its copy and serves too (the a1 variant)',
    primaryServesTitle: 'primary and workers on one socket',
    comparedWith03:
      'stage 03 paid 3 descriptors per proxied connection (2 in the primary, 1 in a worker); passing the handle pays 1',
    serveShared: (port: number) => `shared socket:          curl -i http://127.0.0.1:${port}/`,
    servePassing: (port: number) => `per-connection passing: curl -i http://127.0.0.1:${port}/`,
    serveHint: 'look at the x-served-by header; Ctrl-C to stop',
  },

  // ── demos/reuse-port.ts ─────────────────────────────────────────────────────────────
  reusePortTour: {
    freshConnections: (requests: number) => `${requests} fresh connections, one after another:`,
    // Lined up with the rows: label(9) pid(8) conns(5) share(28) woke up(5).
    columns: '  process             conns  share                         woke up',
    wakeUpsPerConnection: (perConnection: string) =>
      `  ${perConnection} wake-ups per connection, all processes together`,
    oldLineNeeds: (version: string, since: string) =>
      `this is Node ${version}: listen({ reusePort: true }) needs ${since}`,
    oldLineIgnored: 'and is silently ignored here. Two processes, both asking for it:',
    oldLineOutcome: (port: number, code: string) =>
      `the first got port ${port}; the second: ${code}`,
    oldLineHint: 'run this demo with Node 22.12+ to see the rest',
    ownSocketsStep: (workers: number) =>
      `── 1. ${workers} workers, each binding a socket of its own on one port`,
    listenEntries: (count: number, port: number) =>
      `${sources.tcpTable}: ${count} LISTEN entries for port ${port}, one per worker:`,
    ownSocket: (label: string, pid: number, inodes: number[]) =>
      `  ${label} pid ${pid} → socket:[${inodes.join(', ')}]`,
    noHerd:
      'each connection woke the one worker it was hashed to: no herd (stage 04 shared: ~1 per idle worker)',
    strangerStep: '── 2. a stranger: a process nobody forked asks for the same port with reusePort',
    strangerOutcome: (pid: number, code: string) => `the stranger (pid ${pid}): ${code}`,
    strangerTakesShare:
      'same user + SO_REUSEPORT is all the kernel asks: the stranger takes its share of clients',
    stuckStep: '── 3. a stuck worker keeps getting its share, and those clients wait for it',
    deathStep: '── 4. a worker dies with clients waiting in its own queue',
    namespaceDefault: "(in a network namespace of the demo's own, tcp_migrate_req=0, the default)",
    namespaceMigrate:
      '(again, in a namespace with net.ipv4.tcp_migrate_req=1: the host is not touched)',
    asRoot: 'as root, this demo also runs it in a network namespace with tcp_migrate_req=1,',
    asRootOutcome: 'where the queued clients move to the sibling and none is reset',
  },
};

export type Stage04Messages = typeof en;
export default en;
