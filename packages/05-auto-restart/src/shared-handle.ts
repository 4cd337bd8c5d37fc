/**
 * The socket every worker accepts on, owned by the primary for as long as it runs.
 *
 *   primary: bind 127.0.0.1:0 ──▶ TCP handle (bound, NOT listening, never polled here)
 *              │ child.send(msg, handle)      (the fd travels over the IPC socket)
 *              ├──▶ worker 1: listen(handle) ─┐
 *              └──▶ worker 2: listen(handle) ─┴─ one socket, one accept queue, two acceptors
 *
 * Stage 04 lets the primary listen and then hand the server over. A supervisor cannot stop
 * there: it must keep the socket to give it to every replacement it forks. But a primary that
 * keeps a *listening* net.Server in its event loop accepts connections too (a4-20): with no
 * 'connection' handler they hang, with one the primary serves traffic and an application bug
 * can now take the supervisor down with it.
 *
 * So we do what node:cluster does for its shared handles (lib/internal/cluster/shared_handle.js):
 * the primary only *binds*, with net._createServerHandle, and never calls listen(). The first
 * worker's listen() turns the socket into a listener; the primary's copy of the descriptor
 * keeps it (and its queue of waiting connections) alive while no worker is running, but the
 * primary never polls it, so it never accepts. `_createServerHandle` is an internal of
 * node:net, undocumented but exported and used by cluster since Node 0.x; we check it exists.
 */
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import { debuglog, getSystemErrorName } from 'node:util';

const debug = debuglog('cfs-05');

/** What node:net gives back: a libuv TCP handle, or a negative errno. */
interface TcpHandle {
  getsockname(out: { address?: string; port?: number }): number;
  close(): void;
}
type CreateServerHandle = (
  address: string,
  port: number,
  addressType: 4 | 6,
  fd: undefined,
  flags: number,
) => TcpHandle | number;

export interface SharedHandle {
  readonly host: string;
  readonly port: number;
  /** Sends `message` with the socket attached (the child gets its own descriptor). */
  sendTo(child: ChildProcess, message: unknown): void;
  close(): void;
}

export function bindSharedHandle(host = '127.0.0.1', port = 0): SharedHandle {
  const create = (net as unknown as { _createServerHandle?: CreateServerHandle })
    ._createServerHandle;
  if (typeof create !== 'function') {
    throw new Error(
      'this Node has no net._createServerHandle (node:cluster uses it for shared handles); use Node 20',
    );
  }
  const family = net.isIP(host);
  if (family === 0) throw new RangeError(`host must be an IP address, got '${host}'`);
  const handle = create(host, port, family === 6 ? 6 : 4, undefined, 0);
  if (typeof handle === 'number') {
    throw new Error(`cannot bind ${host}:${port}: ${getSystemErrorName(handle)}`);
  }
  // libuv defers EADDRINUSE from bind() to listen() (uv__tcp_bind's delayed_error), and we
  // never listen here. The workers would get an unbound socket, and their listen() would
  // quietly bind it to some other port. An unbound socket reports port 0: refuse it now.
  const address: { address?: string; port?: number } = {};
  const failed = handle.getsockname(address);
  if (failed || !address.port || (port !== 0 && address.port !== port)) {
    handle.close();
    throw new Error(`cannot bind ${host}:${port}: EADDRINUSE (address already in use)`);
  }
  debug('bound %s:%d without listening', host, address.port);
  let closed = false;
  return {
    host,
    port: address.port,
    sendTo(child, message) {
      // child_process calls a raw TCP handle 'net.Native' and passes it as is. The cast is
      // only for the type declarations, which list net.Server and net.Socket.
      child.send(message as object, handle as unknown as net.Server, (error) => {
        if (error) debug('sending the handle to %d failed: %s', child.pid, error.message);
      });
    },
    close() {
      if (closed) return;
      closed = true;
      handle.close();
    },
  };
}
