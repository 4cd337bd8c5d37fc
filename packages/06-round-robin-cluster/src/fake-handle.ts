/**
 * fake-handle: what a worker's server holds instead of a socket under round robin
 * (Node: rr() in internal/cluster/child). Exercise 06.2.
 *
 * What goes in: the primary's answer to queryServer ({key, sockname}) and a function that tells
 * the primary "this server closed". What comes out: an object net.Server accepts as its
 * `_handle`, so that server.listen() completes without binding anything.
 *
 *   worker: server.listen(0)
 *     net.js ──▶ cluster._getServer ── queryServer ──▶ primary binds (RoundRobinHandle)
 *            ◀── cb(0, fakeHandle) ◀── {key, sockname} ──┘
 *     net.js: server._handle = fakeHandle; fakeHandle.listen(511) → 0 (nothing to do)
 *             fakeHandle.onconnection = net's own onconnection
 *     later: newconn from the primary → fakeHandle.onconnection(0, socket) → 'connection'
 *
 * The members, and why each exists:
 *   listen()       net calls it; the real socket listens in the primary, so: success, nothing
 *   close()        net calls it from server.close(): tell the primary once, stop keeping alive
 *   ref()/unref()  net calls them from server.ref()/unref(). A real listening socket keeps the
 *                  event loop alive; a plain object does not, so ref() holds a timer instead
 *   getsockname()  (TCP only) server.address() asks it: answer with the primary's socket name
 */

/** The fields of the primary's reply that the fake handle needs. */
export interface RoundRobinReply {
  /** Name of the primary's listening socket, e.g. { address: '::', family: 'IPv6', port: 41811 }. */
  sockname?: Record<string, unknown>;
}

export interface FakeHandle {
  close(): void;
  listen(backlog?: number): number;
  ref(): void;
  unref(): void;
  getsockname?: (out: Record<string, unknown>) => number;
  /** Set by net.js once the server is set up; the worker calls it for every newconn. */
  onconnection?: ((err: number, handle?: unknown) => void) | null;
}

// The longest delay a timer accepts: the timer never fires, it only keeps the loop alive.
const TIMEOUT_MAX = 2 ** 31 - 1;

export function makeFakeHandle(reply: RoundRobinReply, tellPrimaryClosed: () => void): FakeHandle {
  // #region exercise 06.2 makeFakeHandle()
  let open = true;
  let keepAlive: NodeJS.Timeout | null = null;

  const handle: FakeHandle = {
    close() {
      if (!open) return; // net may close twice; the primary hears it once
      open = false;
      handle.unref();
      tellPrimaryClosed();
    },
    listen(_backlog?: number) {
      return 0; // the primary already listens; 0 is libuv's "ok"
    },
    ref() {
      if (!keepAlive) keepAlive = setInterval(() => {}, TIMEOUT_MAX);
    },
    unref() {
      if (keepAlive) {
        clearInterval(keepAlive);
        keepAlive = null;
      }
    },
  };
  // A listening server keeps its process alive until closed or unref()ed.
  handle.ref();
  const sockname = reply.sockname;
  if (sockname) {
    // Unix sockets have no sockname, and then no getsockname (net checks for the method).
    handle.getsockname = (out) => {
      if (open) Object.assign(out, sockname);
      return 0;
    };
  }
  return handle;
  // #endregion exercise 06.2
}
