/**
 * The lab's words in English. zh.ts has the same keys (kit/test/message-catalogues.test.ts
 * checks it).
 *
 *   page     the browser's words. They travel to the page as JSON (src/http.ts puts the
 *            catalogue of the page's language into index.html), so they are strings, not
 *            functions: {name} marks a value that app.js fills in (test/units.test.ts checks
 *            both languages name the same values).
 *   log …    what the lab itself says: the log, the notice, its errors. The lab says each thing
 *            once in both languages (src/words.ts), and every page shows its own, so two pages in
 *            two languages can watch one lab. A message that needs values is a function of them.
 *
 * Identifiers stay as they are in every language: signals, pids, mode ids, errno codes, event
 * kinds, header names.
 */
/** A worker in the log: a process by its pid, a thread (stage 08) by `<pid>.<threadId>`. */
const who = (worker: number | string) =>
  typeof worker === 'string' ? `thread ${worker}` : `pid ${worker}`;

const en = {
  page: {
    title: 'cluster-from-scratch · the lab',
    theLab: '· the lab',
    tagline: 'Which process accepts each connection, and which worker serves it — live.',
    connecting: 'connecting…',
    live: '● live',
    disconnected: 'disconnected: is the lab still running?',

    server: 'Server',
    mode: 'mode',
    workers: 'workers',
    startServer: 'Start server',
    restartServer: 'Restart server',
    switchServer: 'Switch',
    stop: 'Stop',
    cannotRunHere: '{label} (cannot run here)',
    modeRuns: '{explain} — runs {script}',
    modeCannot: '{explain} — {note}',
    runningOn: 'running {label} on 127.0.0.1:{port}',
    failedWith: 'failed: {error}',
    serverStatus: {
      stopped: 'stopped',
      starting: 'starting',
      running: 'running',
      stopping: 'stopping',
      failed: 'failed',
    },

    load: 'Load',
    kind: 'kind',
    loadFresh: 'a fresh connection per request',
    loadKeepAlive: 'keep-alive, N connections',
    loadBrowser: 'a browser: one keep-alive connection',
    inFlight: 'in flight',
    connections: 'connections',
    for: 'for',
    seconds: 's',
    atMost: 'at most',
    requestsUnit: 'requests',
    startLoad: 'Start load',
    stopLoad: 'Stop load',
    explainFresh:
      'Every request opens a new TCP connection: every request is a new decision of who accepts it.',
    explainKeepAlive:
      'N connections, many requests each: every request on a connection goes to the worker that accepted it.',
    explainBrowser:
      'Like a browser tab: one keep-alive connection, so one worker serves everything, whatever the scheduler.',
    loadStatus: {
      idle: 'idle',
      running: 'running',
      done: 'done',
      stopped: 'stopped',
    },
    loadRunning: 'running: {elapsed} s of {total} s',
    loadEnded: '{status} after {elapsed} s',

    workersLegend: 'Workers',
    kill: 'Kill a worker',
    killTitle: 'SIGKILL one worker',
    rollingRestart: 'Rolling restart',
    restartTitle: 'SIGHUP to the stage 05 supervisor',
    restartSupervised: 'SIGHUP to the supervisor: it replaces the workers one at a time',
    restartUnsupervised: 'only the stage 05 supervisor does a rolling restart',

    clients: 'clients',
    noLoad: 'no load',
    clientsFresh: 'fresh connections, {connections} in flight · {status}',
    clientsBrowser: 'a browser: 1 keep-alive connection · {status}',
    clientsKeepAlive: '{connections} keep-alive connection(s) · {status}',
    primary: 'primary',
    mainThread: 'main thread',
    thread: 'thread {id}',
    threadsProcess:
      'process pid {pid} · {threads} worker thread(s), one memory: a thread that throws ends alone; a crash of the process ends them all',
    pid: 'pid {pid}',
    noServer: 'no server',
    starting: 'starting…',
    acceptedSoFar: ': {accepted} so far',
    servedItself: ' · served {served} itself',
    listeningSocket: 'listening socket',
    listeningSockets: 'listening sockets, one per worker',
    socketPerWorker:
      'one per worker on the same port (SO_REUSEPORT): the kernel puts each connection on one worker’s socket and wakes only that worker',
    socketShared: 'shared by every worker: the kernel wakes them, one wins each connection',
    socketPrimaryOnly: 'only the primary accepts from it',
    // A front (stage 07): the primary's box is nginx, the workers are grouped by host.
    front: 'nginx in front',
    frontPids: 'master {master} · workers {workers}',
    socketFront:
      'nginx’s: its workers accept from it; each host behind has a listening socket of its own, which only that host’s primary accepts from',
    host: 'host {address}:{port}',
    hostPrimary: 'its primary: pid {pid}, deals nginx’s connections to its workers',
    legendFront:
      'With nginx in front, a dot goes from nginx to a host, then to a worker of that host’s cluster.',

    worker: 'worker {id}',
    workerState: {
      starting: 'starting',
      up: 'up',
      draining: 'draining',
      exited: 'exited',
    },
    workerNumbers: '{connections} conn · {requests} req · {share}%',
    hookAccepted: '{n} accepted',
    hookServed: '{n} served',
    hookSays: 'lab hook: {what}',
    replaces: 'replaces {pid}',
    exitedHow: 'exited: {how}',
    replacedBy: 'replaced by {pid}',
    /**
     * How a worker ended, keyed by the roster's own words (src/roster.ts); what a server
     * reports (a signal, an exit code, its cause) is shown as it came.
     */
    exitHow: {
      gone: 'gone',
      'SIGKILL from the page': 'SIGKILL from the page',
      'its primary died': 'its primary died',
      'server stopped': 'server stopped',
      'reported by the hook': 'reported by the hook',
    } as Record<string, string>,

    legendDot: 'Each dot is a new connection:',
    legendViaPrimary: 'accepted by the primary, then handed to a worker ·',
    legendDirect:
      'accepted by a worker straight from the listening socket (the shared one, or, with reusePort, its own).',
    legendCounted: 'Connections and requests are counted by the clients, from the',
    legendHeader: 'header of each response.',

    requestsServed: 'requests served',
    connectionsMade: 'connections',
    failedRequests: 'failed requests',
    perSecond: 'requests / s',
    jainFairness: 'Jain’s fairness',
    busiestIdlest: 'busiest / idlest',
    oneGotNone: '∞ (one got 0)',
    failuresByReason: 'Failed requests, by reason: {reasons}',

    barsCaption: 'Requests and connections per worker',
    jainCaption:
      'Jain’s fairness index of the live workers (1 = perfectly even, 1/N = one worker got everything)',
    barRequests: 'requests',
    barConnections: 'connections',
    overWholeLoad: 'over the whole load',
    overLast2s: 'over the last 2 s',
    secondsIntoLoad: 'seconds into the load',
    jainIndex: 'Jain’s index',

    // The long-lived load (public/open-connections-view.js).
    loadLongLived: 'long-lived: clients that hold their connection, in waves',
    explainLongLived:
      'N clients per wave connect, each from its own 127.0.0.x address, and stay connected, as WebSockets do; every third of the first wave hangs up before the second. Kill a worker: its clients drop, and come back from the same addresses once the server has a worker in its place.',
    clientsPerWave: 'clients per wave',
    clientsLongLived:
      '{clients} clients hold {open} open connection(s) ({what}) · {phase} · {status}',
    heldHolds: { websocket: 'WebSockets', 'keep-alive': 'keep-alive HTTP' },
    heldPhase: {
      wave1: 'wave 1',
      leave: 'some hang up',
      wave2: 'wave 2',
      holding: 'holding',
      ended: 'ended',
    },
    heldCaption:
      'Open connections per worker (long-lived load): a line drops when its worker dies; watch where the clients come back',
    openConnections: 'open connections',
    heldNow: 'Now: {perWorker} open per worker, Jain {jain}',
    heldKill:
      'Worker {worker} lost its connections at {at} s. Before: {before} open per worker, Jain {jainBefore}. {dropped} dropped, {back} back ({toNew} to a new worker, {lost} could not connect)',
    heldAfter: '. After: {after} open per worker, Jain {jainAfter}',
    heldWaiting: '. {waiting} client(s) wait for the server to replace the worker',
    heldInBox: 'holds {n} open connection(s)',

    whatHappened: 'What happened',
    serverSays: 'The server says',
    ownNarration: '(its own narration)',
    labHook: 'Lab hook',
    noHookEvents: '(no events: this stage does not call labEvent yet)',
    hookEvent: '{kind} by {pid}',
    hookToWorker: ' → worker {worker}',
    hookRequestsServed: 'requests served: {counts}',
  },

  /** How a load is described in the log. */
  loads: {
    bound: (seconds: number, requests: number) => `for up to ${seconds} s or ${requests} requests`,
    browser: (bound: string) => `a browser (one keep-alive connection) ${bound}`,
    fresh: (connections: number, bound: string) =>
      `a fresh connection per request, ${connections} at a time, ${bound}`,
    keepAlive: (connections: number, bound: string) =>
      `keep-alive over ${connections} connection(s) ${bound}`,
    longLived: (wave: number, seconds: number) =>
      `long-lived: waves of ${wave} clients that hold their connection, for up to ${seconds} s`,
  },

  /** The log: what happened, in order. */
  log: {
    starting: (label: string, workers: number, program: string) =>
      `starting ${label} with ${workers} worker(s): ${program}`,
    didNotStart: (label: string, why: string) => `${label} did not start: ${why}`,
    fewerWorkers: (asked: number, reported: number) =>
      `asked for ${asked} workers, the server reports ${reported}`,
    up: (label: string, port: number, primary: number, workers: string) =>
      `${label} is up on 127.0.0.1:${port}: primary ${primary}, workers ${workers}`,
    primaryExited: (pid: number, code: number | null, signal: string | null) =>
      `the primary (pid ${pid}) exited by itself (code ${code}, signal ${signal})`,
    stopping: (label: string, primary: number) =>
      `stopping ${label}: SIGTERM to the primary (pid ${primary})`,
    exitedWith: (code: number | null, signal: string | null) =>
      `exited with code ${code}${signal ? `, signal ${signal}` : ''}`,
    killedAfterGrace: (seconds: number) => `did not exit within ${seconds} s: killed`,
    stopped: (how: string, survivors: string) =>
      survivors
        ? `the primary ${how}; could not end ${survivors}`
        : `the primary ${how}; no process left`,
    loadStarted: (what: string) => `load started: ${what}`,
    loadFailed: (why: string) => `the load failed: ${why}`,
    loadEnded: (finished: boolean, requests: number, failed: number, jain: string) =>
      `load ${finished ? 'finished' : 'stopped'}: ${requests} requests served, ${failed} failed, Jain ${jain}`,
    killed: (pid: number | string, what: string) =>
      `killed worker pid ${pid} with SIGKILL: ${what}`,
    threadThrown: (thread: number | string) =>
      `thread ${thread} told to throw an uncaught exception (SIGKILL to its pid would end every thread of the process)`,
    watchSupervisor: 'watch the supervisor replace it',
    watchPrimaryReplaces: 'the primary forks a replacement (run with --restart): watch it join',
    watchNoSupervisor:
      'this mode has no supervisor: watch whether anything replaces it (stage 05 does)',
    sentSighup: (primary: number, withLoad: boolean) =>
      `sent SIGHUP to the primary (pid ${primary}): rolling restart${withLoad ? '' : ' (no load is running: start one to watch that no request fails)'}`,
    restartStuck: (seconds: number) => `the rolling restart did not finish within ${seconds} s`,
    restartFailed: (why: string) => `the rolling restart failed: ${why}`,
    restartDone: (pairs: string, failed: number) =>
      `rolling restart done (${pairs}): ${failed} failed request${failed === 1 ? '' : 's'} during it`,
    gaveUp: 'the supervisor gave up: workers died faster than its restart budget allows',
    serverSays: (what: string) => `the server says: ${what}`,
    newWorker: (pid: number | string, by: string) => `new worker ${who(pid)} (${by})`,
    by: {
      reported: 'reported by the server',
      supervisor: 'forked by the supervisor',
      hook: 'reported by the lab hook',
      scan: 'a new child of the primary',
      served: 'answered a request, announced by nobody',
    },
    replaces: (pid: number | string, old: number | string, why: string) =>
      `worker ${who(pid)} replaces ${who(old)} (${why})`,
    becauseRestart: 'rolling restart',
    becauseKilled: 'it was killed from the page',
    becauseExited: 'it exited',
    workerExited: (pid: number | string, how: string) => `worker ${who(pid)} exited (${how})`,
    front: (
      master: number,
      nginxWorkers: string,
      hosts: { address: string; port: number; primaryPid: number; workers: string }[],
    ) =>
      `nginx (master ${master}, workers ${nginxWorkers}) in front of ${hosts
        .map((h) => `host ${h.address}:${h.port} (primary ${h.primaryPid}, workers ${h.workers})`)
        .join(', ')}`,
  },

  /** The one-line notice at the top of the page. */
  notice: {
    threadThrown: (thread: number | string) =>
      `Thread ${thread} threw: it ends alone, its process and the other threads live on. Watch its cluster start another.`,
    killed: (pid: number | string, what: string) =>
      `Killed pid ${pid}. ${what[0]?.toUpperCase()}${what.slice(1)}.`,
    replacedBySupervisor: (old: number | string, pid: number | string) =>
      typeof old === 'string'
        ? `Thread ${old} threw and ended alone; its process started thread ${pid} in its place.`
        : `Pid ${old} was killed; the supervisor replaced it with pid ${pid}.`,
    replacedByPrimary: (old: number | string, pid: number | string) =>
      `Pid ${old} was killed; the primary started pid ${pid} in its place.`,
    replacedBy: (old: number | string, pid: number | string) =>
      `Pid ${old} was killed; pid ${pid} took its place.`,
    primaryDiedAfterKill: (code: number | null, signal: string | null, pid: number) =>
      `The primary exited (code ${code}, signal ${signal}) after pid ${pid} was killed: this server does not survive losing a worker. Stage 05's supervisor does.`,
    restarting: 'Rolling restart: one worker at a time is replaced…',
    restartDone: (replaced: number, failed: number, withLoad: boolean) =>
      `Rolling restart done: ${replaced} worker(s) replaced, ${failed} failed request${failed === 1 ? '' : 's'} during it${withLoad ? '' : ' (no load was running)'}.`,
  },

  /** What the API answers when it refuses (400, 404, 405, 409). */
  errors: {
    serverBusy: (status: string) => `the server is ${status}; wait for it`,
    noServer: 'no server is running: start one first',
    noServerToKill: 'no server is running: there is no worker to kill',
    noServerRunning: 'no server is running',
    loadRunning: 'a load is already running: stop it first, or wait for it to end',
    noLiveWorker: 'this server has no live worker left',
    notAWorker: (pid: number | string, workers: string) =>
      `pid ${pid} is not a live worker of this server (workers: ${workers || 'none'})`,
    couldNotKill: (pid: number | string, why: string) => `could not kill pid ${pid}: ${why}`,
    noSupervisor: (label: string, stages: string, pick: string) =>
      `${label} has no supervisor: only the ${stages} supervisor restarts workers one by one (pick ${pick})`,
    /** Joins "stage 05" and the like in noSupervisor. */
    orThe: ' or the ',
    or: ' or ',
    stage: (stage: string) => `stage ${stage}`,
    restartRunning: 'a rolling restart is already running',
    cannotRun: (label: string, why: string) => `${label} cannot run here: ${why}`,
    notAnObject: 'expected a JSON object',
    notWhole: (field: string, min: number, max: number, got: string) =>
      `${field} must be a whole number from ${min} to ${max}, got ${got}`,
    outOfRange: (field: string, min: number, max: number, got: number) =>
      `${field} must be from ${min} to ${max}, got ${got}`,
    modeMissing: 'mode is missing (a mode id, e.g. "node-rr")',
    unknownMode: (mode: string) => `unknown mode ${mode}`,
    badKind: (kinds: string, got: string) => `kind must be one of ${kinds}, got ${got}`,
    badPid: (got: string) => `pid must be a worker's process id, got ${got}`,
    notLocal: (host: string) =>
      `the lab only answers requests addressed to 127.0.0.1, not ${host || 'no host'}`,
    notJson: 'send the request body as JSON (content-type: application/json)',
    tooBig: (bytes: number) => `request body over ${bytes} bytes`,
    invalidJson: 'the request body is not valid JSON',
    noSuchPage: (path: string) => `no such page: ${path}`,
    noSuchAction: (path: string) => `no such action: ${path}`,
    notAllowed: (method: string) => `${method} is not allowed`,
  },

  /** src/main.ts, in the terminal. */
  terminal: {
    portTaken: (port: number) => `port ${port} is taken; letting the kernel pick one`,
    at: (url: string) =>
      `the lab is at ${url}  (open it in a browser; Ctrl-C ends the lab and every server it started)`,
    otherLanguage: (url: string) => `in 简体中文: ${url}?lang=zh`,
    hookPort: (port: number) =>
      `servers it starts get CFS_LAB_PORT=${port}: their labEvent() datagrams show on the page`,
    again: (why: string) => `${why} again: killing everything now`,
    stopping: (why: string) => `${why}: stopping the load and the server`,
    couldNotEnd: (pid: number, cmdline: string) => `could not end pid ${pid}: ${cmdline}`,
    stoppedWithLeft: 'stopped, with processes left (see above)',
    stoppedClean: 'stopped; no process left behind',
    parentGone: 'the parent went away',
  },
};

export type LabMessages = typeof en;
export default en;
