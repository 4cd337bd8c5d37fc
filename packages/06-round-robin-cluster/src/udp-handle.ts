/**
 * UdpHandle: the primary binds one UDP socket per address and every worker that binds that
 * address gets a copy (Node: the UDP branch of internal/cluster/shared_handle). Used for every
 * dgram bind in a worker, whatever the scheduling policy: UDP has no connections to deal out,
 * so round robin has nothing to do.
 *
 * What goes in: a key and the first worker's bind options ({address, port, addressType:
 * 'udp4'|'udp6', fd, flags}); then workers (add/remove). What comes out: the bound UDP handle,
 * sent with each worker's answer; each worker receives on its copy, and the kernel gives each
 * datagram to one of the processes reading the socket.
 *
 *   primary: dgram socket, bind(address, port), stop receiving ──handle──▶ worker 1: recv …
 *                                                               └─handle──▶ worker 2: recv …
 *            keeps its copy (for workers that come later), never reads from it
 *
 * How the primary binds: Node uses dgram._createSocketHandle (bind a bare handle), deprecated
 * since Node 12 (DEP0112) and gone in Node 26. We bind an ordinary dgram socket instead, with
 * `exclusive: true` (never through a cluster), take its native handle from the socket's state
 * (dgram keeps it under a symbol described 'state symbol'; the public `_handle` getter is
 * deprecated too), and stop it receiving at once: 'listening' is emitted in the same turn as
 * the socket starts receiving, so no datagram is read here.
 *
 * Deliberate difference: the bind is asynchronous (dgram looks the address up first), so the
 * answers wait for it (SharedHandle's `pending`); Node's bare handle binds synchronously.
 */
import dgram from 'node:dgram';
import type { ListeningHandle, ListenQuery } from './handles.ts';
import { SharedHandle } from './shared-handle.ts';

// libuv's uv_udp_flags, as dgram puts them in the query.
const UV_UDP_IPV6ONLY = 1;
const UV_UDP_REUSEADDR = 4;

interface UdpNativeHandle extends ListeningHandle {
  recvStop(): number;
}

/** The native handle a dgram socket holds (dgram's kStateSymbol state, `handle` field). */
function nativeHandleOf(socket: dgram.Socket): UdpNativeHandle | null {
  const state = Object.getOwnPropertySymbols(socket).find((s) => s.description === 'state symbol');
  if (state === undefined) return null;
  const fields = (socket as unknown as Record<symbol, { handle?: UdpNativeHandle }>)[state];
  return fields?.handle ?? null;
}

export class UdpHandle extends SharedHandle {
  // No field initializers here: SharedHandle's constructor calls bind() before they would run.
  declare private socket: dgram.Socket | undefined;

  protected override bind(address: string | null, query: ListenQuery): void {
    this.pending = [];
    const flags = query.flags ?? 0;
    const socket = dgram.createSocket({
      type: query.addressType === 'udp6' ? 'udp6' : 'udp4',
      reuseAddr: Boolean(flags & UV_UDP_REUSEADDR),
      ipv6Only: Boolean(flags & UV_UDP_IPV6ONLY),
    });
    this.socket = socket;
    socket.once('listening', () => {
      const handle = nativeHandleOf(socket);
      if (handle === null) {
        this.errno = -22; // EINVAL: a Node whose dgram keeps its handle elsewhere
        socket.close();
      } else {
        handle.recvStop(); // the workers read; the primary never does
        socket.unref(); // and it does not keep the primary alive
        this.handle = handle;
      }
      this.settle();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      this.errno = typeof error.errno === 'number' ? error.errno : -22;
      socket.close();
      this.settle();
    });
    const fd = query.fd;
    try {
      if (typeof fd === 'number' && fd > 0) socket.bind({ fd, exclusive: true });
      else socket.bind({ address: address ?? undefined, port: query.port ?? 0, exclusive: true });
    } catch (error) {
      // bind({ fd }) throws at once when the descriptor cannot be opened (not UDP, or already
      // watched here): answer with its errno, as Node's bare handle does.
      const errno = (error as NodeJS.ErrnoException).errno;
      this.errno = typeof errno === 'number' ? errno : -22;
      this.closeSocket();
      this.settle();
    }
  }

  protected override closeSocket(): void {
    const socket = this.socket;
    this.socket = undefined;
    try {
      socket?.close(); // closes the native handle with it
    } catch {
      // already closed (its bind failed)
    }
  }
}
