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
};

export type Stage06Messages = typeof en;
export default en;
