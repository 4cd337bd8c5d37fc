/**
 * Stage 07's words in English: the demo's six scenes (demos/main.ts), src/serve.ts and the
 * cluster host. zh.ts has the same keys (kit/test/message-catalogues.test.ts checks it). A
 * message that needs values is a function of them. nginx directives, signals, commands and
 * header names stay as they are in every language.
 */
const en = {
  /** demos/main.ts */
  demo: {
    /** `show()`: a bar's label, then the totals under the bars. */
    nginxWorker: (pid: number) => `nginx worker ${pid}`,
    host: (address: string) => `host ${address}`,
    worker: (pid: number) => `worker ${pid}`,
    totals: (
      requests: number,
      failed: number,
      jainHosts: string,
      jainWorkers: string,
      upstream: number,
    ) =>
      `  ${requests} requests, ${failed} failed · Jain's index over hosts ${jainHosts}, over all workers ${jainWorkers} · ${upstream} upstream connections`,
    starting:
      'starting 2 hosts (stage 06 clusters, 2 workers each) on 127.0.1.1 and 127.0.1.2, then nginx',
    hostStarted: (address: string, port: number, primary: number, workers: string) =>
      `host ${address}:${port}: primary ${primary}, workers ${workers}`,
    nginx: (master: number, workers: string, port: number) =>
      `nginx master ${master}, workers ${workers}, on 127.0.0.1:${port}`,
    configHeart: (path: string) => `the generated config is ${path}; its heart:`,
    tryCurl: (port: number) =>
      `try: curl -i 127.0.0.1:${port}/   (x-nginx-worker, x-upstream-addr, x-served-by)`,
    tryKill: (hangPids: string, hangAddress: string, deadPid: number, deadAddress: string) =>
      `     kill -STOP ${hangPids} (host ${hangAddress} hangs; kill -CONT to resume) · kill -9 ${deadPid} (host ${deadAddress} dies) · Ctrl-C to stop`,
    stopping: 'stopping nginx (SIGQUIT), then the hosts (SIGTERM)',

    scene1: '1. two levels of balancing: 200 requests, 4 at a time, each on a new connection',
    noKeepaliveYet:
      'nginx has no upstream keep-alive yet: every request is a new connection to a host',
    bothLevelsEven: [
      'level 1: each nginx worker sends requests to the hosts in turn; level 2: each cluster',
      'deals the connections nginx opens to its workers in turn. Both even.',
    ],
    nowKeepalive:
      'now 1 nginx worker with upstream keep-alive (nginx -s reload), one request at a time:',
    keepalivePins: [
      'still even over hosts (nginx balances requests), but nginx used one connection per host,',
      'and a cluster balances connections: one worker of each host got everything.',
    ],

    scene2:
      '2. upstream keep-alive or a new connection per request: 600 requests, 8 keep-alive clients',
    round: (
      round: number,
      mode: string,
      rate: number,
      failed: number,
      upstream: number,
      sockets: number,
      timeWait: number,
    ) =>
      `round ${round}, keep-alive ${mode}: ${rate} req/s, ${failed} failed, ${upstream} upstream connections; nginx now holds ${sockets} sockets to the hosts, ${timeWait} in TIME_WAIT on the hosts' ports`,
    keepaliveMedians: (
      off: number,
      on: number,
      ratio: string,
      offMin: number,
      offMax: number,
      onMin: number,
      onMax: number,
    ) =>
      `median ${off} req/s without, ${on} with keep-alive (×${ratio}); min–max ${offMin}–${offMax} and ${onMin}–${onMax}: two shared cores, so read the ratio, not the numbers`,

    scene3: '3. a host hangs: SIGSTOP to every process of host 127.0.1.2',
    hangSettings:
      '1 nginx worker, proxy_connect_timeout 1000ms, proxy_read_timeout 1000ms, max_fails=1',
    triedThen: (upstreams: string, statuses: string, ms: number) =>
      `one request tried ${upstreams} (answers ${statuses}) and waited ${ms} ms`,
    /** Joins the upstreams one request tried: "A then B". */
    andThen: ' then ',
    handshakeStillCompletes: (failed: number) =>
      `${failed} of 6 failed: the kernel of a stopped host still completes the handshake,`,
    onlyReadTimeoutNotices: [
      'so the connect succeeds and only proxy_read_timeout notices; "timeout" is in',
      'proxy_next_upstream by default, so nginx asked the other host. The client waited.',
    ],
    withoutTimeout: (failed: number, statuses: string) =>
      `with proxy_next_upstream error (no timeout): ${failed} of 6 failed (${statuses})`,
    resumed: 'SIGCONT: the host runs again',

    scene4: "4. a host dies: kill -9 of host 127.0.1.1's primary (it owns the listening socket)",
    deadHostRetried: (failed: number, retried: number) =>
      `20 requests: ${failed} failed, ${retried} retried (connection refused → the next host; max_fails=1 leaves the dead one out for fail_timeout)`,
    nextUpstreamOff: (failed: number) =>
      `proxy_next_upstream off: ${failed} of 20 failed (the first one nginx sent there)`,
    maxFailsZero: (failed: number) =>
      `and max_fails=0 too (never leave it out): ${failed} of 20 failed`,

    scene5:
      '5. nginx -s reload under load: the upstream list changes from one cluster to two stage 05 supervisors',
    twoSupervisors: (c: string, cWorkers: string, d: string, dWorkers: string) =>
      `host ${c} workers ${cWorkers} · host ${d} workers ${dWorkers}`,
    defaultsBack: (address: string) =>
      `nginx's defaults back, and the dead host out of the list: it now sends everything to ${address}`,
    reloaded: (old: string, fresh: string) =>
      `reloaded: nginx workers ${old} finished and left, ${fresh} took over`,
    acrossTheReload: (requests: number, failed: number) =>
      `${requests} requests across the reload, ${failed} failed`,

    scene6: '6. a rolling deploy across hosts, under load',
    hostOut: (address: string, nginxWorkers: string) =>
      `host ${address}: out of the upstream (down), nginx workers now ${nginxWorkers}`,
    hostRolled: (address: string, pairs: string) => `host ${address}: SIGHUP → workers ${pairs}`,
    hostBack: (address: string) => `host ${address}: back in the upstream`,
    duringTheDeploy: (requests: number, failed: number) =>
      `${requests} requests during the deploy, ${failed} failed; every worker of both hosts replaced`,

    theEnd: 'the end',
    nothingLeft: 'nginx stopped (SIGQUIT), every host stopped (SIGTERM); nothing left running',
  },
  /** src/serve.ts */
  serve: {
    stopping: (why: string, hosts: number, engine = 'nginx') =>
      `${why}: stopping ${engine}, then ${hosts} host(s)`,
    parentGone: 'parent gone',
    host: (address: string, port: number, kind: string, primary: number, workers: string) =>
      `host ${address}:${port} (${kind}): primary ${primary}, workers ${workers}`,
    nginx: (master: number, workers: string, port: number) =>
      `nginx master ${master}, workers ${workers}: http://127.0.0.1:${port}/`,
    config: (path: string, port: number) => `config: ${path}  ·  try: curl -i 127.0.0.1:${port}/`,
    haproxy: (pid: number, port: number, balance: string) =>
      `haproxy ${pid} (one process, balance ${balance}): http://127.0.0.1:${port}/`,
    swept: (names: string) => `removed what an earlier run left behind: ${names}`,
    netns: (names: string) => `each host in its own network namespace: ${names}`,
    runtimeApi: (socket: string) =>
      `runtime API: echo "show stat" | socat - ${socket}  (or: set server hosts/h1 state drain)`,
  },
  /** demos/haproxy.ts */
  haproxyDemo: {
    starting:
      'starting 2 hosts (stage 05 supervisors, 2 workers each) on 127.0.1.1 and 127.0.1.2, then HAProxy',
    missing: (hint: string) => `cannot show HAProxy here: ${hint}`,
    started: (pid: number, port: number, socket: string) =>
      `haproxy ${pid} (one process, threads inside) on 127.0.0.1:${port}; runtime API ${socket}`,
    configHeart: (path: string) => `the generated config is ${path}; its backend:`,
    scene1: '1. roundrobin: 40 requests, 2 at a time, each on a new connection',
    perServer: (server: string, address: string, n: number) =>
      `  server ${server} (${address}): ${n} requests`,
    onePid: (pid: number) => `  every response says x-haproxy-pid ${pid}: one process, one counter`,
    scene2:
      '2. a host hangs (SIGSTOP): HAProxy checks every host itself, so it notices without a single request failing',
    hung: (address: string) => `SIGSTOP to every process of host ${address}; no request sent`,
    event: (line: string) => `haproxy says: ${line}`,
    whileHung: (n: number, failed: number, other: string) =>
      `${n} requests while it hangs: ${failed} failed, all served by ${other}`,
    resumed: (address: string) => `SIGCONT to host ${address}`,
    scene3:
      '3. a rolling deploy through the runtime API, under load: drain, wait for no session, roll, ready',
    step: (what: string, server: string, address: string) => `${what}: ${server} (${address})`,
    stepNames: { draining: 'drain', empty: 'no session left', rolled: 'rolled', ready: 'ready' },
    deployed: (n: number, failed: number) =>
      `${n} requests during the deploy, ${failed} failed; every worker of both hosts replaced`,
    scene4:
      '4. hosts in network namespaces (--netns): each its own address in 198.18.0.0/15, all on port 8080',
    noNetns: (why: string) => `skipped: --netns ${why}`,
    netnsHosts: (list: string) => `hosts: ${list}`,
    linkDown: (address: string) =>
      `the link to ${address} goes down: no reset comes back, only silence`,
    linkUp: (address: string) => `the link to ${address} is back`,
    theEnd: 'the end',
    nothingLeft: 'haproxy stopped (SIGUSR1), every host stopped, every namespace removed',
  },
  /** demos/sticky.ts */
  stickyDemo: {
    starting:
      'starting 2 hosts (stage 06 clusters, 2 workers each, socket.io in every worker) on 127.0.1.1 and 127.0.1.2, then nginx',
    started: (master: number, port: number) => `nginx master ${master} on 127.0.0.1:${port}`,
    missing: (hint: string) => `cannot show nginx here: ${hint}`,
    noDirective: '(none: round robin, nginx’s default)',
    directive: (line: string) => `the upstream block now says: ${line}`,
    scene1: '1. round robin (nginx’s default): one client, 6 requests, each on a fresh connection',
    moves: (client: string, hosts: string) => `client ${client} → ${hosts}: it moves between hosts`,
    scene2: '2. ip_hash: 4 clients in 4 different /24s, 6 requests each',
    stays: (client: string, hosts: string, n: number) => `  client ${client} → ${hosts} ×${n}`,
    eachOnOne: (used: number) => `each client stays on one host; ${used} of 2 hosts used`,
    scene3: '3. 8 clients in ONE /24 (127.0.0.2 … 127.0.0.9), 6 requests each',
    perHost: (rule: string, counts: string) => `${rule}: clients per host ${counts}`,
    octets:
      'ip_hash hashes only the first three octets: to nginx these 8 are one client (an office behind one NAT)',
    wholeAddress:
      '`hash $remote_addr consistent` hashes the whole address: each stays, they spread',
    scene4:
      '4. hash $cookie_io consistent: 4 io cookies from one address, then one client with no cookie',
    noCookie: (hosts: string) =>
      `no cookie yet → ${hosts}: an empty key is not hashed, nginx deals it round robin (a socket.io handshake carries no io cookie yet)`,
    scene5: (clients: number, rounds: number, impl: string) =>
      `5. socket.io: ${clients} clients (each from its own /24), ${rounds} round trips each over polling; hosts on ${impl}`,
    hostsNow: (what: string) => `hosts now: ${what}`,
    hostsPlain: 'each cluster deals connections round robin (plain)',
    hostsSticky: '@socket.io/sticky in each host’s primary (routes by sid=)',
    hostsIphash: 'the clone under NODE_CLUSTER_SCHED_POLICY=iphash',
    sessions: (
      balance: string,
      keepalive: number,
      completed: number,
      clients: number,
      workers: string,
    ) =>
      `  nginx ${balance}, keepalive ${keepalive}: ${completed} of ${clients} sessions completed · sessions per worker ${workers}`,
    whyA: '(a) the requests of one session reach both hosts',
    whyB: '(b) one host per client, but inside it nginx’s connections go to both workers',
    whyC: '(c) @socket.io/sticky in each host: the session id picks the worker',
    upstreamClosed: (n: number) =>
      `…and keep-alive changes nothing: 20 requests took ${n} upstream connections with keepalive 16, because sticky’s workers answer "Connection: close"`,
    whyD: '(d) the clone’s iphash in each host: every host hashes the address of its client',
    oneWorkerPerHost: (workers: number) =>
      `complete, but on ${workers} of 4 workers: behind nginx a host’s only client address is nginx’s, 127.0.0.1`,
    theEnd: 'the end',
    nothingLeft: 'nginx stopped (SIGQUIT), every host stopped (SIGTERM); nothing left running',
  },
  /** src/hosts/cluster-host.ts */
  clusterHost: {
    ready: (workers: number, pids: string, address: string, port: number) =>
      `${workers} workers (${pids}) on ${address}:${port}`,
    workerDied: (pid: number | undefined, how: string | number | null) =>
      `worker pid ${pid} died (${how}), not replaced`,
    stopping: (why: string) => `${why}: stopping`,
    parentGone: 'parent gone',
    serving: 'serving',
  },
};

export type Stage07Messages = typeof en;
export default en;
