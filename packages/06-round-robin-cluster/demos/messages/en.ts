/**
 * Stage 06's demos in English: what demos/main.ts, serve.ts and reuse-port-exit.ts narrate.
 * zh.ts has the same keys (kit/test/message-catalogues.test.ts checks it). A message that needs
 * values is a function of them, so each language puts them where its grammar wants.
 * Identifiers, event names, signals, policies and commands stay as they are in every language.
 */
const en = {
  /** demos/main.ts: the hello-world cluster on our clone, narrated. */
  main: {
    policyRoundRobin: 'round robin (SCHED_RR)',
    policyShared: 'shared socket (SCHED_NONE)',
    forking: (policy: string, workers: number) =>
      `our cluster clone, policy ${policy}; forking ${workers} workers`,
    fork: (id: number, pid: number | undefined) => `fork:      worker ${id} is pid ${pid}`,
    online: (id: number) => `online:    worker ${id} runs (it sent {act:'online'})`,
    listening: (id: number, port: number) =>
      `listening: worker ${id} asked for port 0 and got ${port} (the primary's socket)`,
    disconnect: (id: number) => `disconnect: worker ${id}'s IPC channel closed`,
    exit: (
      id: number,
      code: number | null,
      signal: string | null,
      exitedAfterDisconnect: boolean | undefined,
    ) =>
      `exit:      worker ${id} (code ${code}, signal ${signal}, exitedAfterDisconnect ${exitedAfterDisconnect})`,
    whoHoldsTheSocket: (port: number, pids: string) =>
      `who holds the LISTEN socket on ${port}? pid ${pids} (the primary only)`,
    tryCurl: (port: number) =>
      `try: curl -s http://127.0.0.1:${port}/   (each new connection goes to the next worker)`,
    ctrlCToStop: 'Ctrl-C to stop',
    stopping: 'stopping: cluster.disconnect() closes every server, then every channel',
    everyWorkerExited: 'every worker has exited; bye',
    servedBy: (n: number, id: number | undefined, pid: number | undefined) =>
      `request ${n}: new connection → served by worker ${id} (pid ${pid})`,
    killing: (id: number | undefined) =>
      `killing worker ${id} with SIGKILL (nothing it can do about it)`,
    onlyOneLeft: (id: number | undefined) =>
      `only worker ${id} is left, so it gets everything; now cluster.disconnect()`,
    demoEnds: 'every worker is gone; the demo ends',
    // the workers' lines
    serving: (method: string | undefined, url: string | undefined) =>
      `serving ${method} ${url} (a connection the primary handed me)`,
    listenDone: 'listen(0) done: I hold no socket of my own, the primary listens for me',
    primaryDecides: (signal: string) => `${signal}: my primary decides when I stop`,
  },
  /** demos/serve.ts: the server the benchmarks and the lab run. */
  serve: {
    ready: (impl: string, policy: string, workers: number, port: number) =>
      `${impl} cluster, policy ${policy}: ${workers} workers on http://127.0.0.1:${port}/`,
    workerDied: (id: number, how: string | number | null) => `worker ${id} died (${how})`,
    stopping: (why: string, workers: number) => `${why}: stopping ${workers} workers`,
    parentGone: 'parent gone',
    servingHelloWorld: 'serving the hello-world app',
  },
  /** demos/reuse-port-exit.ts: what a worker's exit costs under SCHED_REUSEPORT. */
  reusePortExit: {
    needsNode: (since: string, here: string) =>
      `SCHED_REUSEPORT needs Node ${since}; this is ${here}`,
    migrateReqHere: (value: string) => `net.ipv4.tcp_migrate_req here: ${value}`,
    round: (
      migrate: string,
      how: string,
      round: number,
      requests: number,
      failed: number,
      codes: string,
    ) =>
      `tcp_migrate_req=${migrate} ${how} round ${round}: ${requests} requests, ${failed} without an answer (${codes})`,
    lostPerExit: (migrate: string, how: string, min: number, median: number, max: number) =>
      `tcp_migrate_req=${migrate} ${how} lost per exit: min ${min}, median ${median}, max ${max}`,
  },
  /** demos/pm2.ts: how PM2 runs on cluster, answered by running PM2 on the clone. */
  /** demos/reload-losses.ts: what a rolling reload loses, PM2 and stage 05 side by side. */
  reloadLosses: {
    intro: (node: string, rounds: number) =>
      `Node ${node}: ${rounds} rounds; each round reloads the 2 workers of every contender once, under a sequential load`,
    pm2Node: 'pm2 reload, node:cluster',
    pm2Clone: 'pm2 reload, our clone',
    pm2NodeClosing: 'pm2 reload, node:cluster, app closes on SIGINT',
    pm2CloneClosing: 'pm2 reload, our clone, app closes on SIGINT',
    stage05: "stage 05's reload()",
    round: (round: number, name: string, lost: number, sent: number, how: string) =>
      `round ${round}, ${name}: lost ${lost} of ${sent} (${how})`,
    none: 'none',
    heading: 'lost/sent per round, then in total:',
    badRounds: (value: string) => `--rounds must be a whole number from 1 to 20, got ${value}`,
  },
  pm2: {
    impl: { node: "Node's own cluster (node:cluster)", clone: 'our clone' },
    intro: (version: string, impl: string) =>
      `PM2 ${version}, cluster mode, on ${impl}: PM2_HOME is a temp folder of its own`,
    registerEntry: (entry: string) =>
      `NODE_OPTIONS="--require ${entry}": the pm2 command passes it to the daemon it spawns, cluster.fork() passes it to every worker`,
    started: (daemon: number, title: string) =>
      `pm2 start app.cjs -i 2 has exited; what runs is PM2's daemon, pid ${daemon} ("${title}"), detached`,
    worker: (pid: number, parent: number | undefined, mark: string) =>
      `worker pid ${pid}: a child of pid ${parent}, forked by cluster.fork() (its environment has ${mark})`,
    workerTrace: (pid: number) =>
      `what worker ${pid} sent the daemon (its NODE_DEBUG=cfs-06 trace, in PM2's log files): online, queryServer, listening, then an ack per connection`,
    daemonTrace: (pid: number) =>
      `what the daemon ${pid} sent back: the queryServer reply, then one newconn with the connection's socket`,
    traceLine: (line: string) => `    ${line}`,
    holder: (port: number, pids: string) =>
      `who holds the LISTEN socket on ${port}? pid ${pids}: PM2's daemon is the cluster primary, the workers hold none`,
    served: (n: number, pid: number | undefined) =>
      `request ${n}: new connection → served by worker pid ${pid}`,
    reloading:
      'pm2 reload app, while a client sends one request at a time, each on a new connection',
    reloadSteps:
      "what PM2 did, from its log (per worker: fork a new one, wait for its 'listening', SIGINT the old one):",
    lost: (impl: string, lost: number, sent: number, how: string) =>
      `${impl}: pm2 reload lost ${lost} of ${sent} requests (${how})`,
    none: 'none',
    sigkill: (pid: number) =>
      `kill -9 ${pid}: the daemon gets cluster's 'exit' for that worker and forks a replacement`,
    replaced: (pid: number, by: number | undefined) =>
      `worker ${pid} is replaced by pid ${by}, which serves`,
    killing: 'pm2 kill: the daemon stops its workers and exits',
    nothingLeft: (port: number) =>
      `no process left under this PM2_HOME, no LISTEN socket on ${port}`,
    sameOnNode: "the same reload under the same load on Node's own cluster (no register entry):",
    why: 'why a request is lost: PM2 sends SIGINT to each old worker once its replacement listens; a connection the daemon has just handed to that worker (newconn sent, no ack yet) stays in the daemon, and nobody answers it',
    stage05:
      'stage 05 drains instead (the old worker stops accepting, the shared socket keeps the queue): npx tsx packages/06-round-robin-cluster/demos/reload-losses.ts',
    done: 'the demo ends; every PM2 process is gone',
  },
};

export type Stage06Messages = typeof en;
export default en;
