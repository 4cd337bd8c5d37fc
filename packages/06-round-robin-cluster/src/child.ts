/**
 * child: the cluster object in a worker process (Node: internal/cluster/child).
 *
 * What goes in: the worker's own calls (server.listen via net.js, cluster.worker.disconnect)
 * and the primary's internal messages. What comes out: queryServer / listening / close /
 * exitedAfterDisconnect messages to the primary, and connections delivered to the right server.
 *
 *   _setupWorker()   cluster.worker = new Worker({id, process, state:'online'}); send online
 *   server.listen()  ─▶ (listen-hook) _getServer ── queryServer {address, port, index, …} ──▶
 *   socket.bind()    ─▶ (dgram-hook)  the same, addressType 'udp4'/'udp6' (always shared)
 *                    ◀── reply {key, sockname}            → rr():     a fake handle (RR)
 *                    ◀── reply {key} + listening handle   → shared(): the real socket (NONE)
 *                    ◀── reply {key, reusePort: {port}}   → reusePort(): bind our own (beyond
 *                                                            node:cluster: SCHED_REUSEPORT)
 *                    server 'listening' ── listening {port} ──▶ primary emits 'listening'
 *   newconn + socket ─▶ onconnection: ack, then the server with that key gets the socket
 *   disconnect       ─▶ close every server and UDP socket, then process.disconnect()
 *   channel closed without being asked ─▶ exit(0): a worker never outlives its primary
 */

import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import { debuglog } from 'node:util';
import { routeBindThrough } from './dgram-hook.ts';
import { makeFakeHandle } from './fake-handle.ts';
import type { ListeningHandle, NetServerInternals } from './handles.ts';
import { routeListenThrough } from './listen-hook.ts';
import { onconnection, type ServerEntry } from './onconnection.ts';
import { reportCloseIfAsked } from './schedulers/report-close.ts';
import {
  type AckCallback,
  type ClusterMessage,
  closeStray,
  internal,
  sendHelper,
  UNIQUE_ID_ENV,
} from './utils.ts';
import { setWorkerRole, Worker } from './worker.ts';

const debug = debuglog('cfs-06');

/** A net.Server or a dgram Socket, as _getServer sees it (the members both have). */
interface ListeningServer extends EventEmitter {
  address(): { port?: number } | string | null;
  close(callback?: (err?: Error) => void): unknown;
  listen(options: Record<string, unknown>): unknown;
  maxConnections?: number;
  _connections?: number;
  _getServerData?: () => unknown;
  _setServerData?: (data: unknown) => void;
}

function isReusePortReply(
  reply: ClusterMessage,
): reply is ClusterMessage & { reusePort: { port: number } } {
  const r = reply.reusePort as { port?: unknown } | undefined;
  return typeof r === 'object' && r !== null && Number.isInteger(r.port);
}

export type GetServerCallback = (err: number | null, handle: unknown) => void;

export interface WorkerCluster extends EventEmitter {
  isWorker: true;
  isMaster: false;
  isPrimary: false;
  worker: Worker | null;
  Worker: typeof Worker;
  _setupWorker(): void;
  _getServer(obj: unknown, options: Record<string, unknown>, cb: GetServerCallback): void;
}

/** Where a server's listen request stands: its index among same-address servers here. */
interface IndexRef {
  indexesKey: string;
  index: number;
}

export function createWorkerCluster(): WorkerCluster {
  const cluster = new EventEmitter() as WorkerCluster;
  /** This worker's servers by key (the key the primary gave back). */
  const handles = new Map<string, ServerEntry & { server: ListeningServer }>();
  /** Per address: the next index, and which are in use. Two servers on one port → 0, 1. */
  const indexes = new Map<string, { nextIndex: number; set: Set<number> }>();

  cluster.isWorker = true;
  cluster.isMaster = false; // deprecated alias of isPrimary
  cluster.isPrimary = false;
  cluster.worker = null;
  cluster.Worker = Worker;

  function send(message: Record<string, unknown>, cb?: AckCallback): boolean {
    return sendHelper(process, message, null, cb);
  }

  cluster._setupWorker = function _setupWorker(): void {
    const worker = new Worker({
      id: Number(process.env[UNIQUE_ID_ENV]) | 0,
      process,
      state: 'online',
    });
    cluster.worker = worker;

    process.once('disconnect', () => {
      worker.emit('disconnect');
      // Not asked to disconnect: the primary is gone (or closed the channel). Leave now.
      if (!worker.exitedAfterDisconnect) process.exit(0);
    });

    process.on('internalMessage' as 'message', internal(worker, process, onmessage));
    routeListenThrough(cluster._getServer);
    routeBindThrough(); // dgram sockets too (UDP): same _getServer
    send({ act: 'online' });

    function onmessage(w: Worker, message: ClusterMessage, handle: unknown): void {
      if (message.act === 'newconn') {
        newconn(message, handle);
        return;
      }
      if (message.act === 'disconnect') {
        disconnectFromPrimary(w, true);
        return;
      }
      debug('unexpected internal message from the primary %j; ignored', message);
      closeStray(handle);
    }
  };

  function newconn(message: ClusterMessage, socket: unknown): void {
    const ack = (accepted: boolean) => send({ ack: message.seq, accepted });
    const closable = socket as { close?: () => void } | undefined;
    if (typeof message.key !== 'string' || typeof closable?.close !== 'function') {
      debug('malformed newconn %j; declined', message);
      closeStray(socket);
      return void ack(false);
    }
    reportCloseIfAsked(message, closable as { close(): void }, send); // beyond node:cluster
    onconnection({ key: message.key }, closable as { close(): void }, handles, ack);
  }

  // `obj` is the net.Server calling listen(); `options` is net's serverQuery.
  cluster._getServer = function _getServer(obj, options, cb): void {
    const server = obj as ListeningServer;
    let address = options.address as string | null;
    // Unix socket paths are made absolute, so "./s.sock" from two cwds are not confused.
    if ((options.port as number) < 0 && typeof address === 'string' && process.platform !== 'win32')
      address = resolve(address);

    const indexesKey = [address, options.port, options.addressType, options.fd].join(':');
    let indexSet = indexes.get(indexesKey);
    if (indexSet === undefined) {
      indexSet = { nextIndex: 0, set: new Set() };
      indexes.set(indexesKey, indexSet);
    }
    const index = indexSet.nextIndex++;
    indexSet.set.add(index);

    const message: Record<string, unknown> = { act: 'queryServer', index, data: null, ...options };
    message.address = address;
    if (typeof server._getServerData === 'function') message.data = server._getServerData();

    send(message, (reply, handle) => {
      if (typeof server._setServerData === 'function') server._setServerData(reply.data);
      if (handle) shared(reply, handle as ListeningHandle, server, { indexesKey, index }, cb);
      else if (isReusePortReply(reply)) reusePort(reply, server, message, { indexesKey, index });
      else rr(reply, server, { indexesKey, index }, cb);
    });

    server.once('listening', () => {
      if (!indexes.has(indexesKey)) return; // closed again already
      if (cluster.worker) cluster.worker.state = 'listening';
      const where = server.address();
      message.act = 'listening';
      message.port = (typeof where === 'object' && where?.port) || options.port;
      send(message);
    });
  };

  function removeIndexesKey({ indexesKey, index }: IndexRef): void {
    const indexSet = indexes.get(indexesKey);
    if (!indexSet) return;
    indexSet.set.delete(index);
    if (indexSet.set.size === 0) indexes.delete(indexesKey);
  }

  // SCHED_NONE: we got the real socket. Wrap its close() so the primary hears about it.
  function shared(
    reply: ClusterMessage,
    handle: ListeningHandle,
    server: ListeningServer,
    ref: IndexRef,
    cb: GetServerCallback,
  ): void {
    const key = reply.key as string;
    const realClose = handle.close;
    handle.close = function closeShared(...args: [(() => void)?]) {
      send({ act: 'close', key });
      handles.delete(key);
      removeIndexesKey(ref);
      return realClose.apply(handle, args);
    };
    handles.set(key, { handle, server });
    cb((reply.errno as number | null) ?? 0, handle);
  }

  // SCHED_RR: the primary listens; we get a fake handle that only looks like a socket.
  function rr(
    reply: ClusterMessage,
    server: ListeningServer,
    ref: IndexRef,
    cb: GetServerCallback,
  ) {
    if (reply.errno) return cb(reply.errno as number, null);
    const key = reply.key;
    if (typeof key !== 'string' || handles.has(key)) {
      debug('queryServer reply with a bad or duplicate key %j', reply);
      return cb(-22 /* EINVAL */, null);
    }
    const handle = makeFakeHandle(
      { sockname: reply.sockname as Record<string, unknown> | undefined },
      () => {
        send({ act: 'close', key });
        handles.delete(key);
        removeIndexesKey(ref);
      },
    );
    handles.set(key, { handle, server });
    cb(0, handle);
  }

  /**
   * SCHED_REUSEPORT (BEYOND node:cluster): the primary holds nothing for us; it says which port
   * to bind. We listen again, this time with reusePort, which makes net bind here (it sets
   * `exclusive`) instead of asking _getServer: a socket of our own in the port's group. The
   * pending listen that brought us here is abandoned (net ignores its callback from now on),
   * and its 'listening' listener above still tells the primary, now with our key, so the
   * primary learns the port the first worker got.
   */
  function reusePort(
    reply: ClusterMessage & { reusePort: { port: number } },
    server: ListeningServer,
    message: Record<string, unknown>,
    ref: IndexRef,
  ): void {
    const key = reply.key as string;
    message.key = key;
    const forget = () => {
      send({ act: 'close', key });
      handles.delete(key);
      removeIndexesKey(ref);
    };
    // A failed bind ('error' reaches the user's listener as usual): let the primary move on.
    const onError = () => forget();
    server.once('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      const handle = (server as unknown as NetServerInternals)._handle as ListeningHandle;
      const realClose = handle.close;
      handle.close = function closeReusePort(...args: [(() => void)?]) {
        forget();
        return realClose.apply(handle, args);
      };
      handles.set(key, { handle, server });
    });
    const IPV6ONLY = 1; // net's UV_TCP_IPV6ONLY flag in the serverQuery
    server.listen({
      host: message.address ?? undefined,
      port: reply.reusePort.port,
      backlog: message.backlog,
      ipv6Only: ((message.flags as number | undefined) ?? 0) & IPV6ONLY ? true : undefined,
      reusePort: true,
    });
  }

  /**
   * Closes every server, then the channel. Asked by the primary: just disconnect. Asked here:
   * first tell the primary it was on purpose (exitedAfterDisconnect) and wait for its ack.
   */
  function disconnectFromPrimary(worker: Worker, primaryInitiated: boolean): void {
    worker.exitedAfterDisconnect = true;
    let waiting = 1;
    const oneDone = () => {
      if (--waiting !== 0) return;
      if (primaryInitiated) process.disconnect?.();
      else send({ act: 'exitedAfterDisconnect' }, () => process.disconnect?.());
    };
    const servers = [...handles.values()];
    handles.clear();
    for (const { server } of servers) {
      waiting++;
      server.close(oneDone); // waits for the server's open connections to end
    }
    oneDone();
  }

  setWorkerRole({
    disconnect(worker: Worker): void {
      if (worker.state === 'disconnecting' || worker.state === 'destroying') return;
      worker.state = 'disconnecting';
      disconnectFromPrimary(worker, false);
    },
    destroy(worker: Worker): void {
      if (worker.state === 'destroying') return;
      worker.exitedAfterDisconnect = true;
      if (!worker.isConnected()) {
        process.exit(0);
      } else {
        worker.state = 'destroying';
        send({ act: 'exitedAfterDisconnect' }, () => process.disconnect?.());
        process.once('disconnect', () => process.exit(0));
      }
    },
  });

  return cluster;
}
