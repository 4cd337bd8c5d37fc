/**
 * Stage 03's words in English: what the demos, the proxy program and its workers narrate.
 * zh.ts has the same keys (kit/test/message-catalogues.test.ts checks it). A message that
 * needs values is a function of them; names, flags, signals, errno codes and commands stay
 * as they are in every language.
 */
import { sources } from '@cluster-from-scratch/kit/platform';

const en = {
  // ── the proxy's events (src/narrate-proxy.ts) ────────────────────────────────────────
  bySignal: (signal: string) => `signal ${signal}`,
  byCode: (code: number | null) => `code ${code}`,
  workerJoined: (id: number, pid: number, port: number) =>
    `worker ${id} (pid ${pid}) reported port ${port} over IPC; it joins the rotation`,
  workerReplaces: (id: number, pid: number, replaces: number, port: number) =>
    `worker ${id} (pid ${pid}) replaces worker ${replaces}: port ${port}, in the rotation`,
  workerEnded: (id: number, pid: number, how: string) => `worker ${id} (pid ${pid}) ended (${how})`,
  workerDiedReplacing: (id: number, pid: number, how: string) =>
    `worker ${id} (pid ${pid}) exited (${how}): out of the rotation, forking a replacement`,
  workerDiedNaive: (id: number, pid: number, how: string, port: number) =>
    `worker ${id} (pid ${pid}) exited (${how}); this naive proxy keeps port ${port} in its list`,
  connectRefused: (clientPort: number, id: number, port: number, code: string) =>
    `client :${clientPort}: connect to worker ${id} (port ${port}) failed (${code}); trying the next worker`,
  clientDropped: (clientPort: number, error: string) => `client :${clientPort} dropped: ${error}`,
  replaceFailed: (id: number, error: string) => `could not replace worker ${id}: ${error}`,
  forwarded: (clientPort: number, id: number, pid: number, port: number) =>
    `client :${clientPort} → worker ${id} (pid ${pid}, port ${port})`,

  // ── the proxy program (src/serve.ts) and its workers ─────────────────────────────────
  forkingWorkers: (naive: boolean, workers: number) =>
    `${naive ? 'naive' : 'resilient'} proxy: forking ${workers} worker(s)`,
  proxyServing: (host: string, port: number, pids: number[]) =>
    `listening on ${host}:${port}; clients are spread round robin over pids ${pids.join(', ')}`,
  couldNotStart: (error: string) => `could not start: ${error}`,
  launcherDisconnected: 'launcher disconnected',
  shuttingDown: (reason: string, workers: number) =>
    `${reason}: closing the public port, ending ${workers} worker(s)`,
  allExitedExiting: 'every worker has exited; exiting with code 0',
  workerListening: (port: number) =>
    `listening on 127.0.0.1:${port} (listen(0): the kernel chose the port)`,
  childListening: (port: number) => `listening on 127.0.0.1:${port}`,
  childListenFailed: (code: string | undefined) =>
    `listen failed: ${code}; reporting it to the primary and exiting with code 1`,

  // ── demos/main.ts --serve ────────────────────────────────────────────────────────────
  serve: {
    listening: (port: number, pids: number[]) =>
      `proxy listening on 127.0.0.1:${port}, workers ${pids.join(', ')}`,
    tryCurl: (port: number) => `try:  for i in 1 2 3 4; do curl -s http://127.0.0.1:${port}/; done`,
    eachConnection:
      'each new connection goes to the next worker; a keep-alive connection stays with one',
    ctrlC: 'Ctrl-C to stop',
    stopping: (signal: string, workers: number) =>
      `${signal}: closing the public port and ending ${workers} workers`,
    bye: 'all workers have exited; bye',
  },

  // ── demos/main.ts, the tour ──────────────────────────────────────────────────────────
  tour: {
    onePortStep: '1. forking two children that both listen on the same port',
    childListens: (id: number, pid: number, port: number) =>
      `child ${id} (pid ${pid}) listens on 127.0.0.1:${port}`,
    childRefused: (
      id: number,
      pid: number,
      askedPort: number | undefined,
      code: string | undefined,
      exitCode: number | null | undefined,
    ) =>
      `child ${id} (pid ${pid}) could not listen on :${askedPort}: ${code ?? 'crashed'}; it told me over IPC and exited with code ${exitCode}`,
    onePortOneSocket:
      'one port, one listening socket: Node sets SO_REUSEADDR, but sharing a port between independent sockets needs SO_REUSEPORT on every one of them',
    reusePortHere: (version: string, since: string) =>
      `this is Node ${version}: listen({ port, reusePort: true }) in both children would set SO_REUSEPORT and both would listen (since ${since}); plain listen(port) still fails, as above`,
    noReusePortHere: (version: string, since: string) =>
      `this is Node ${version}: it has no reusePort option (it came in ${since}), so nothing lets two independent sockets share the port`,
    proxyStep:
      '2. starting a proxy primary with 3 workers; from here on this process is the client',
    nobody: 'nobody',
    workerPid: (pid: number, id: number | string) => `pid ${pid} (worker ${id})`,
    sixRequests: (port: number) =>
      `6 requests to the public port ${port}, each on a fresh connection:`,
    requestAnswered: (i: number, who: string) => `  request ${i} answered by ${who}`,
    requestFailed: (i: number, error: string | undefined) =>
      `  request ${i} answered by nobody: ${error}`,
    costStep: (primary: number, workers: number[]) =>
      `3. TCP sockets in ${sources.fds}: primary ${primary}, workers ${workers.join(' + ')} (each its listening socket)`,
    withIdleClients: (
      clients: number,
      primary: number,
      primaryAdded: number,
      workers: number[],
      workersAdded: number,
    ) =>
      `with ${clients} idle clients: primary ${primary} (+${primaryAdded}, two per client), workers ${workers.join(' + ')} (+${workersAdded}, one per client)`,
    clientsGone: (primary: number, workers: number[]) =>
      `clients gone: primary back to ${primary}, workers to ${workers.join(' + ')}; no upstream left open`,
    killStep: (who: string) =>
      `4. 40 requests, 2 at a time; after the 10th answer, SIGKILL to ${who}`,
    servedCount: (who: string, requests: number) => `${who} ${requests}`,
    underLoad: (answered: number, failed: number, perWorker: string[]) =>
      `${answered} answered, ${failed} failed${failed ? ' (in flight on the killed worker when it died)' : ''}: ${perWorker.join(', ')}`,
    replacement: (who: string) => `the replacement is ${who}; 4 more requests:`,
    shutdownStep: (pid: number) => `5. SIGTERM to the primary (pid ${pid})`,
    primaryExited: (code: number | null, signal: string | null, survivors: number[]) =>
      `primary exited with code ${code}${signal ? ` (signal ${signal})` : ''}; workers still alive: ${survivors.length === 0 ? 'none' : survivors.join(', ')}`,
  },

  // ── demos/dead-worker.ts ─────────────────────────────────────────────────────────────
  deadWorker: {
    design: (resilient: boolean) => `── ${resilient ? 'resilient' : 'naive'} proxy, 2 workers ──`,
    kill: (port: number, id: number, pid: number) =>
      `public port ${port}; SIGKILL to worker ${id} (pid ${pid})`,
    answered: (i: number, pid: number | undefined) => `  request ${i}: answered by pid ${pid}`,
    failed: (i: number, error: string | undefined) => `  request ${i}: FAILED (${error})`,
    summary: (ok: number, upstreams: number[]) =>
      `${ok} of 6 answered; upstream list now: ${upstreams.map((p) => `:${p}`).join(', ')}`,
    done: 'done',
  },

  // ── demos/fd-cost.ts ─────────────────────────────────────────────────────────────────
  fdCost: {
    usage: 'usage: fd-cost.ts [N ...]   (whole numbers from 0 to 5000)',
    proxyStarted: (pid: number, w1: number, w2: number) =>
      `proxy pid ${pid}, workers ${w1} and ${w2}; TCP sockets held, from ${sources.fds}:`,
    // The columns line up with the rows below it: N(6) primary(11) all(9) workers(11).
    columns: '     N  primary TCP  (all fds)  workers TCP   primary extra per client',
    stopped: 'proxy stopped',
  },
};

export type Stage03Messages = typeof en;
export default en;
