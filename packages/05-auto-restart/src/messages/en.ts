/**
 * Stage 05's words in English: what the supervisor's narration, the workers, the serve
 * program and the demos say. zh.ts has the same keys (kit/test/message-catalogues.test.ts
 * checks it). A message that needs values is a function of them; names, signals, commands,
 * the 'suicide' message and exit codes stay as they are in every language.
 */
const en = {
  // ── the supervisor's events (src/report.ts) ─────────────────────────────────────────
  workerName: (id: number, pid: number) => `worker ${id} (pid ${pid})`,
  bySignal: (signal: string) => `signal ${signal}`,
  byCode: (code: number | null) => `code ${code}`,
  bound: (host: string, port: number) =>
    `bound ${host}:${port}; the primary never listens on it, so only workers accept`,
  forked: (worker: string) => `forked ${worker}`,
  forkedReplacement: (
    worker: string,
    replacesPid: number | undefined,
    restart: number,
    limit: number,
    windowMs: number,
  ) =>
    `forked ${worker} to replace pid ${replacesPid}: restart ${restart} of ${limit} allowed per ${windowMs} ms`,
  forkedRolling: (worker: string, replacesPid: number | undefined) =>
    `rolling restart: forked ${worker} to take over from pid ${replacesPid}`,
  ready: (worker: string) => `${worker} is ready`,
  suicide: (worker: string, reason: string) =>
    `${worker} says 'suicide' (${reason}): replacing it now, while it drains`,
  drain: (worker: string, why: 'reload' | 'stop') => `asked ${worker} to drain (${why})`,
  drainTimeout: (worker: string, open: number) =>
    `${worker} hit its drain timeout with ${open} connection(s) still open`,
  exited: (
    worker: string,
    how: string,
    cause: 'asked' | 'suicide' | 'suicideNotReplaced' | 'unexpected',
  ) =>
    `${worker} exited (${how}) ${{ asked: 'as asked', suicide: 'after its suicide (already replaced)', suicideNotReplaced: 'after its suicide (not replaced)', unexpected: 'UNEXPECTEDLY' }[cause]}`,
  /** The supervisor's own words for it: GiveUpError's message. */
  gaveUp: (info: {
    message: string;
    restarts: number;
    limit: number;
    windowMs: number;
    lastWorker: { id: number; pid: number };
  }) => info.message,
  reload: (workers: number) => `rolling restart of ${workers} worker(s)`,
  reloaded: (replaced: { from: number; to: number }[]) =>
    `rolling restart done: ${replaced.map((r) => `${r.from}→${r.to}`).join(', ')}`,
  closed: (reason: 'stop' | 'giveup') => `all workers gone, socket closed (${reason})`,

  // ── signals (src/signals.ts) ────────────────────────────────────────────────────────
  rollingRestart: (signal: string) => `${signal}: rolling restart, one worker at a time`,
  gracefulShutdown: (signal: string) =>
    `${signal}: graceful shutdown (each worker drains, then exits)`,

  // ── a worker (src/worker.ts, src/graceful-death.ts) ─────────────────────────────────
  accepting: (port: number) => `accepting on the shared socket 127.0.0.1:${port}`,
  leaving: (why: string, open: number) =>
    `leaving (${why}): stopped accepting; ${open} connection(s) may finish`,
  drainTimedOut: (ms: number, left: number) =>
    `drain timeout (${ms} ms): ending ${left} connection(s) that never closed`,
  exiting: (code: number, by: 'clients' | 'timeout') => `exit(${code}) — drained by ${by}`,
  channelClosed: 'the channel to the primary closed: it is gone, so we go too',
  becausePrimaryGone: 'primary gone',
  becausePrimaryAsked: 'the primary asked',
  becauseUncaught: 'uncaught exception',
  uncaught: (message: string, where: string | undefined) =>
    `uncaught exception: ${message} (${where ?? 'no stack'})`,
  toldPrimaryFirst: 'told the primary (suicide) first; now draining, then exit(1)',
  anotherUncaught: (message: string) => `another uncaught exception while leaving: ${message}`,

  // ── the program (src/serve.ts) ──────────────────────────────────────────────────────
  serving: (host: string, port: number, pids: number[]) =>
    `serving http://${host}:${port}/ with workers ${pids.join(', ')}`,
  tryCommands: (host: string, port: number, pid: number) =>
    `try: curl ${host}:${port}/  ·  curl ${host}:${port}/crash  ·  kill -HUP ${pid}`,
  exitWithoutStop:
    'process.exit(0) without stop(): the exit hook and the workers take it from here',

  // ── demos/main.ts ───────────────────────────────────────────────────────────────────
  tour: {
    servedBy: (pid: number, requests: number) => `pid ${pid}: ${requests}`,
    requests: (count: number, servedBy: string[], failed: number) =>
      `${count} requests (${servedBy.join(', ')}), ${failed} failed`,
    serveUntilCtrlC: (host: string, port: number) =>
      `serving http://${host}:${port}/ until Ctrl-C. Try, in another terminal:`,
    tryServedBy: (host: string, port: number) =>
      `  curl -i ${host}:${port}/              (x-served-by names the worker)`,
    tryCrash: (host: string, port: number, path: string) =>
      `  curl ${host}:${port}${path}          (a bug: suicide, then a replacement)`,
    tryReload: (pid: number) => `  kill -HUP ${pid}                 (rolling restart, no downtime)`,
    tryKill: (pid: number) =>
      `  kill -9 <a worker pid>            (replaced)   kill -9 ${pid}   (no orphans)`,
    oneSocketStep: '1. a supervisor with two workers on one socket',
    sixRequests: (summary: string) => `6 requests: ${summary}`,
    bugStep: (path: string) => `2. a bug: GET ${path} throws in a worker, under load`,
    crashRequest: (path: string, ok: boolean, error: string | undefined) =>
      `the ${path} request: ${ok ? 'ok?!' : `failed (${error})`}`,
    meanwhile: (summary: string) => `everything else meanwhile: ${summary}`,
    tookThePlace: (id: number, pid: number, dyingPid: number) =>
      `worker ${id} (pid ${pid}) took the place of pid ${dyingPid}`,
    killStep: '3. kill -9 a worker from outside: an unexpected exit',
    rollingStep: '4. SIGHUP: a rolling restart, one worker at a time, under load',
    duringRolling: (summary: string) => `during the rolling restart: ${summary}`,
    beforeAfter: (before: number[], after: number[]) =>
      `workers before: ${before.join(', ')}  after: ${after.join(', ')}`,
    crashLoopStep:
      '5. a crash loop: workers that throw while starting up, limit 2 restarts a minute',
    startRejected: (restarts: number, windowMs: number) =>
      `start() rejected: GiveUpError, ${restarts} restarts within ${windowMs} ms`,
    serveWouldExit: 'serve.ts exits with status 1 at this point, the message above on stderr',
    stopStep: '6. stop(): every worker drains and exits; nothing is left behind',
    done: 'done. Orphans (the egg-cluster agent, and the fix): npx tsx packages/05-auto-restart/demos/orphans.ts',
  },

  // ── demos/orphans.ts and its programs ───────────────────────────────────────────────
  orphans: {
    agentStep: '1. the egg-cluster agent problem (a2): child_process.fork, and nothing else',
    fixStep: "2. the fix: the agent leaves when its IPC channel closes ('disconnect')",
    supervisorStep: '3. the supervisor: kill -9 the primary; every worker exits on its own',
    agentForked: (parentPid: number, pid: number, mode: string) =>
      `parent pid ${parentPid} forked its agent, pid ${pid} (${mode})`,
    stillRunning: (pid: number, adoptedBy: number | undefined) =>
      `the agent ${pid} is still running: an orphan, adopted by pid ${adoptedBy}`,
    goneUnexpectedly: (pid: number) => `the agent ${pid} is gone (unexpected here)`,
    byHand: (pid: number) => `nothing will ever stop it now; we do, by hand: kill -9 ${pid}`,
    agentLeft: (pid: number) => `the agent ${pid} is gone: it noticed the channel close and exited`,
    killPrimary: (pid: number, workers: number[]) =>
      `kill -9 ${pid} (workers ${workers.join(', ')})`,
    workersGone: (workers: number[]) => `workers ${workers.join(', ')}: all gone, none orphaned`,
    nothingLeft: 'nothing left running',
    leftRunning: (left: string) => `left running: ${left}`,
    agentLeaving: 'my parent is gone (IPC disconnect): leaving with it',
  },
};

export type Stage05Messages = typeof en;
export default en;
