/**
 * The sticky-sessions chapter of stage 06 in English: what demos/sticky-sessions.ts and the
 * files of demos/sticky/ narrate. sticky-zh.ts has the same keys. Kept apart
 * from en.ts so the chapter can be read (and translated) on its own.
 */
const stickyEn = {
  sessions: {
    start: (
      primary: string,
      way: string,
      policy: string,
      client: string,
      clients: number,
      rounds: number,
    ) =>
      `${primary}, ${way}, policy ${policy}: ${clients} ${client === 'ws' ? 'raw WebSocket (ws)' : 'socket.io'} clients, ${rounds} round trips each`,
    /** The primary of the per-connection ways: not a cluster. */
    stage04Primary: "stage 04's per-connection primary",
    workerReady: (id: number, client: string, port: number | string) =>
      `worker ${id} serves ${client === 'ws' ? 'raw WebSocket (ws)' : 'socket.io'} (port ${port})`,
    workerHanded: (id: number | string, client: string) =>
      `worker ${id} serves ${client === 'ws' ? 'raw WebSocket (ws)' : 'socket.io'} on the connections the primary hands it (it listens on nothing)`,
    session: (n: number, ok: boolean, workers: string, why: string) =>
      ok
        ? `client ${n}: session completed, answered by worker pid ${workers}`
        : `client ${n}: session FAILED (${why}); answers came from pid ${workers || 'none'}`,
    result: (completed: number, clients: number) => `${completed} of ${clients} sessions completed`,
    broadcast: (reached: number, clients: number, onFirst: number) =>
      `worker 1's io.emit() reached ${reached} of ${clients} clients (${onFirst} are its own)`,
    primaryCost: (ms: number, trips: number, perTrip: number) =>
      `the primary's CPU time: ${ms.toFixed(0)} ms for ${trips} round trips = ${perTrip.toFixed(0)} µs per round trip`,
    wayPlain: 'plain cluster (each HTTP request may go to any worker)',
    wayStickyPrimary: '@socket.io/sticky in the primary (it reads sid= and forwards the bytes)',
    wayWebSocket: 'WebSocket only (one TCP connection per session)',
  },
  table: {
    title: 'sessions completed, polling clients unless the way says WebSocket',
    header: ['way', 'cluster', 'completed'],
    why:
      'A polling session is many HTTP requests; every one must reach the worker that holds ' +
      'the session. Round robin deals out connections, not sessions.',
  },
  schedule: {
    start: (policy: string) => `the clone's scheduling hook, policy ${policy}`,
    spread: (what: string, spread: string) => `${what}: ${spread}`,
    sources: (n: number) => `clients from ${n} source address(es) (127.0.0.x)`,
  },
};

export type StickyMessages = typeof stickyEn;
export default stickyEn;
