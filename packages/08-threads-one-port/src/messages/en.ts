/**
 * Stage 08's words in English. zh.ts has the same keys in 简体中文 (checked by
 * kit/test/message-catalogues.test.ts).
 */
const en = {
  serve: {
    serving: (host: string, port: number, strategy: string, names: string[]) =>
      `serving http://${host}:${port}/ with ${names.length} thread(s) in this one process (${strategy}): ${names.join(', ')}`,
    tryIt: (host: string, port: number) =>
      `try: curl -i ${host}:${port}/   (x-served-by: <pid>.<threadId>)`,
    fork: (id: number, replaces?: string) =>
      replaces ? `forked thread worker ${id} to replace ${replaces}` : `forked thread worker ${id}`,
    online: (id: number, name: string) => `worker ${id} (${name}) is online`,
    listening: (id: number, name: string, port: number, ms: number) =>
      `worker ${id} (${name}) listens on port ${port}, ${ms.toFixed(0)} ms after fork`,
    exit: (id: number, name: string, code: number, error?: string) =>
      `worker ${id} (${name}) exited with code ${code}${error ? ` (${error})` : ''}`,
    listenError: (id: number, code: string) =>
      `worker ${id} could not listen: ${code} — this Node ignores reusePort; try --strategy proxy`,
    giveup: (restarts: number, limit: number, windowMs: number) =>
      `gave up: ${restarts} restart(s) within ${windowMs} ms, the most the budget allows (limit ${limit})`,
    stopping: 'stopping: every thread closes its server first, then ends',
  },
  demo: {
    title: 'Stage 08: worker threads on one port, and what they share',
    wall: '── 1. the wall: can a listening socket be posted to a worker thread?',
    attempt: (call: string) => `try: ${call}`,
    refused: (name: string, code: string, message: string) =>
      `  refused: ${name} (code ${code}): ${message}`,
    moved: (accepted: boolean, stillListening: boolean) =>
      `  moved: the thread ${accepted ? 'accepted the next connection' : 'did NOT accept'}; the sender's server ${stillListening ? 'still listens' : 'no longer listens'}`,
    wallWhy:
      'why: child.send(msg, server) passes the descriptor in an SCM_RIGHTS message on the IPC socket, and the kernel copies it into the other process. Threads already share the descriptors; what cannot cross is the libuv handle, which belongs to one event loop.',
    wallLine: (has: boolean, since: string) =>
      has
        ? `this Node moves a listening server to a thread when it is in the transferList (${since})`
        : `this Node refuses every handle; moving a server to a thread came with ${since}`,
    reusePort: (workers: number) =>
      `── 2. ${workers} threads, one port: every thread listens with reusePort`,
    noReusePort: (since: string) =>
      `this Node has no reusePort (${since}): the option is ignored and the second thread gets EADDRINUSE`,
    listenFailed: (code: string) => `  the second thread: ${code}`,
    proxy: (workers: number) =>
      `── 2b. what works on every line: ${workers} threads on ports of their own, the main thread relays (stage 03's proxy)`,
    served: (total: number, failed: number, per: string) =>
      `  ${total} fresh connections, ${failed} failed: ${per}`,
    samePid: (pid: number) => `  every response came from pid ${pid}: one process, several threads`,
    isolation: '── 3. what one thread can take down',
    crashed: (what: string, code: number, error: string, others: number) =>
      `  ${what}: the thread exited with code ${code}${error ? ` (${error})` : ''}; ${others} other thread(s) still serve, the process lives on`,
    replaced: (id: number) =>
      `  the supervisor forked worker ${id} to replace it (budget permitting)`,
    startingChild: (pid: number) =>
      `started serve.ts as a child (pid ${pid}): this demo process must survive what comes next`,
    whole: (what: string, signal: string) =>
      `  ${what}: the whole process ended (${signal}): every thread with it`,
    done: 'done: threads share one process, one heap limit each, and one fate on abort() or a signal',
  },
};

export default en;
export type Messages = typeof en;
