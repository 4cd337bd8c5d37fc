/**
 * primary: the cluster object in the process that forks (Node: internal/cluster/primary).
 *
 * What goes in: the user's calls (setupPrimary, fork, disconnect) and the workers' internal
 * messages. What comes out: worker processes, the cluster and Worker events, and the listening
 * sockets the workers' servers really use.
 *
 *   cluster.fork(env) ── setupPrimary() ── child_process.fork(exec, args, {env + CFS_UNIQUE_ID})
 *        │                                         │ internal messages (cmd 'NODE_CLUSTER')
 *        ▼                                         ▼
 *   Worker {id, process, state}        onmessage: dispatch on message.act
 *                                        online        → 'online'
 *                                        queryServer   → RoundRobinHandle | SharedHandle, reply
 *                                                        (UDP: UdpHandle, whatever the policy)
 *                                        listening     → 'listening' (worker, address)
 *                                        close         → handle.remove(worker)
 *                                        exitedAfterDisconnect → flag + ack
 *   process 'disconnect' → 'disconnect'    process 'exit' → 'exit' (worker, code, signal)
 *
 * Event order per worker: fork → online → listening → disconnect → exit, as in Node.
 */
import { type ChildProcess, type ForkOptions, fork as forkProcess } from 'node:child_process';
import type { ClusterSettings } from 'node:cluster';
import { EventEmitter } from 'node:events';
import { relative } from 'node:path';
import { debuglog } from 'node:util';
import type { ListenQuery, ServerHandle } from './handles.ts';
import { readKey, readListening, readListenQuery, readSeq } from './protocol.ts';
import { ReusePortHandle } from './reuse-port-handle.ts';
import { REUSE_PORT_SINCE, reusePortSupported } from './reuse-port-support.ts';
import { RoundRobinHandle } from './round-robin-handle.ts';
import {
  checkSchedule,
  SCHED_IPHASH,
  SCHED_LEASTCONN,
  SCHEDULED_POLICIES,
  scheduledPolicyFromEnv,
  scheduleFor,
} from './schedulers/policies.ts';
import { connclose, ScheduledHandle } from './schedulers/scheduled-handle.ts';
import { SharedHandle } from './shared-handle.ts';
import { UdpHandle } from './udp-handle.ts';
import { type ClusterMessage, closeStray, internal, sendHelper, UNIQUE_ID_ENV } from './utils.ts';
import { setWorkerRole, Worker } from './worker.ts';

const debug = debuglog('cfs-06');

export const SCHED_NONE = 1; // leave it to the operating system (shared handle)
export const SCHED_RR = 2; // the primary deals out connections (round robin)
// BEYOND node:cluster: every worker binds its own SO_REUSEPORT socket on the port and the
// kernel hashes each connection to one of them (reuse-port-handle.ts). Node 22.12+ / 23.1+.
export const SCHED_REUSEPORT = 3;
// BEYOND node:cluster: a schedule chooses the worker per connection (schedulers/).
export { SCHED_IPHASH, SCHED_LEASTCONN };

export interface PrimaryCluster extends EventEmitter {
  isWorker: false;
  isMaster: true;
  isPrimary: true;
  Worker: typeof Worker;
  workers: Record<number, Worker>;
  settings: ClusterSettings;
  SCHED_NONE: typeof SCHED_NONE;
  SCHED_RR: typeof SCHED_RR;
  /** Beyond node:cluster: a socket per worker on one port (SO_REUSEPORT). */
  SCHED_REUSEPORT: typeof SCHED_REUSEPORT;
  /** Beyond node:cluster: the same client address to the same worker (schedulers/). */
  SCHED_IPHASH: typeof SCHED_IPHASH;
  /** Beyond node:cluster: the worker with the fewest open connections (schedulers/). */
  SCHED_LEASTCONN: typeof SCHED_LEASTCONN;
  schedulingPolicy: number;
  setupPrimary(options?: ClusterSettings): void;
  setupMaster(options?: ClusterSettings): void;
  fork(env?: Record<string, unknown>): Worker;
  disconnect(callback?: () => void): void;
}

/**
 * The scheduling policy from NODE_CLUSTER_SCHED_POLICY, the variable node:cluster reads too:
 * 'rr' or 'none'; anything else (including 'node' and 'NONE') means the platform default.
 * Beyond node:cluster, the clone also takes 'reuseport' (SCHED_REUSEPORT); Node ignores it.
 */
export function policyFromEnv(env: NodeJS.ProcessEnv, platform = process.platform): number {
  const value = env.NODE_CLUSTER_SCHED_POLICY;
  if (value === 'rr') return SCHED_RR;
  if (value === 'none') return SCHED_NONE;
  if (value === 'reuseport') return SCHED_REUSEPORT;
  const scheduled = scheduledPolicyFromEnv(value); // 'iphash', 'leastconn'
  if (scheduled !== undefined) return scheduled;
  // Node's reason for Windows: round robin performs badly with the way IOCP accepts.
  return platform === 'win32' ? SCHED_NONE : SCHED_RR;
}

// --inspect, --inspect-brk, --inspect-port, --debug-port: each worker needs its own port.
const inspectorFlag = /^--(inspect(-brk|-port)?|debug-port)(=|$)/;
const MAX_PORT = 65535;

export function createPrimaryCluster(): PrimaryCluster {
  const cluster = new EventEmitter() as PrimaryCluster;
  // Fires 'disconnect' when the last worker is gone, for cluster.disconnect(cb).
  const intercom = new EventEmitter();
  const handles = new Map<string, ServerHandle>();
  let ids = 0;
  let initialized = false;
  let frozenPolicy = SCHED_RR;
  let inspectPortOffset = 1;

  cluster.isWorker = false;
  cluster.isMaster = true; // deprecated alias of isPrimary (docs since v16), same value
  cluster.isPrimary = true;
  cluster.Worker = Worker;
  cluster.workers = {};
  cluster.settings = {};
  cluster.SCHED_NONE = SCHED_NONE;
  cluster.SCHED_RR = SCHED_RR;
  // Beyond node:cluster, so not enumerable: listing the cluster's keys shows Node's keys only.
  Object.defineProperty(cluster, 'SCHED_REUSEPORT', { value: SCHED_REUSEPORT, enumerable: false });
  Object.defineProperty(cluster, 'SCHED_IPHASH', { value: SCHED_IPHASH, enumerable: false });
  Object.defineProperty(cluster, 'SCHED_LEASTCONN', { value: SCHED_LEASTCONN, enumerable: false });
  cluster.schedulingPolicy = policyFromEnv(process.env);

  cluster.setupPrimary = function setupPrimary(options?: ClusterSettings): void {
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      // Deliberate difference: Node spreads whatever it gets (a string becomes {0:'…'}).
      throw new TypeError(`setupPrimary(options): options must be an object, got ${options}`);
    }
    // Every call merges into the settings so far; the defaults fill in what nobody set.
    const settings: ClusterSettings & { execArgv: string[] } = {
      args: process.argv.slice(2),
      exec: process.argv[1],
      execArgv: process.execArgv,
      silent: false,
      ...cluster.settings,
      ...options,
    } as ClusterSettings & { execArgv: string[] };
    checkSchedule(settings); // beyond node:cluster: setupPrimary({ schedule })
    // V8's profiler writes one log per process only with a %p in the log file name.
    if (
      settings.execArgv.some((arg) => arg.startsWith('--prof')) &&
      !settings.execArgv.some((arg) => arg.startsWith('--logfile='))
    ) {
      settings.execArgv = [...settings.execArgv, '--logfile=v8-%p.log'];
    }
    cluster.settings = settings;
    if (!initialized) {
      initialized = true;
      // The policy is read once, at the first setupPrimary (every fork calls it): setting
      // cluster.schedulingPolicy later changes the property, not the behaviour.
      frozenPolicy = cluster.schedulingPolicy;
      if (![SCHED_NONE, SCHED_RR, SCHED_REUSEPORT, ...SCHEDULED_POLICIES].includes(frozenPolicy)) {
        throw new RangeError(`Bad cluster.schedulingPolicy: ${frozenPolicy}`);
      }
      if (frozenPolicy === SCHED_REUSEPORT && !reusePortSupported()) {
        // Node before 22.12 ignores listen({ reusePort }): every worker but one would get
        // EADDRINUSE. Say so now, at the first fork, rather than in each worker later.
        throw new Error(
          `cluster.SCHED_REUSEPORT needs Node ${REUSE_PORT_SINCE} (net's listen({ reusePort })); ` +
            `this is Node ${process.versions.node}`,
        );
      }
    }
    // 'setup' comes on the next tick, once per call, with the settings object.
    process.nextTick(() => cluster.emit('setup', settings));
  };
  cluster.setupMaster = cluster.setupPrimary; // deprecated alias, the same function

  function inspectPortFor(settings: ClusterSettings): number {
    const wanted = settings.inspectPort;
    if (typeof wanted === 'function') return wanted();
    if (typeof wanted === 'number') return wanted;
    let port = process.debugPort + inspectPortOffset++;
    if (port > MAX_PORT) port = port - MAX_PORT + 1024 - 1;
    return port;
  }

  function createWorkerProcess(id: number, env: unknown) {
    const settings = cluster.settings;
    // The id goes last, so a user env cannot pretend to be another worker.
    const workerEnv = {
      ...process.env,
      ...(env as object),
      [UNIQUE_ID_ENV]: String(id),
    } as NodeJS.ProcessEnv;
    const execArgv = [...(settings.execArgv ?? [])];
    if (settings.inspectPort === null) throw new RangeError('inspectPort must not be null');
    if (execArgv.some((arg) => inspectorFlag.test(arg))) {
      execArgv.push(`--inspect-port=${inspectPortFor(settings)}`);
    }
    const options: ForkOptions & { windowsHide?: boolean } = {
      cwd: settings.cwd,
      env: workerEnv,
      serialization: settings.serialization,
      silent: settings.silent,
      windowsHide: settings.windowsHide,
      execArgv,
      stdio: settings.stdio,
      gid: settings.gid,
      uid: settings.uid,
    };
    return forkProcess(settings.exec as string, [...(settings.args ?? [])], options);
  }

  function removeWorker(worker: Worker): void {
    delete cluster.workers[worker.id];
    if (Object.keys(cluster.workers).length === 0) {
      // Node asserts that no handle is left; we trace (the clone never crashes the primary).
      if (handles.size !== 0) debug('last worker gone but %d handles left', handles.size);
      intercom.emit('disconnect');
    }
  }

  function removeHandlesForWorker(worker: Worker): void {
    for (const [key, handle] of handles) {
      if (handle.remove(worker)) handles.delete(key);
    }
  }

  cluster.fork = function fork(env?: Record<string, unknown>): Worker {
    // As in Node, env is spread whatever it is: a string adds {0:…, 1:…} to the worker's
    // environment (Node's own tests call fork(__filename)), a number or boolean adds nothing.
    cluster.setupPrimary();
    const id = ++ids;
    const child = createWorkerProcess(id, env ?? undefined);
    const worker = new Worker({ id, process: child });

    worker.on('message', function relay(this: Worker, message: unknown, handle: unknown) {
      cluster.emit('message', this, message, handle);
    });

    child.once('exit', (code, signal) => {
      // Keep a worker listed until it has both exited and disconnected.
      if (!worker.isConnected()) {
        removeHandlesForWorker(worker);
        removeWorker(worker);
      }
      worker.exitedAfterDisconnect = Boolean(worker.exitedAfterDisconnect);
      worker.state = 'dead';
      worker.emit('exit', code, signal);
      cluster.emit('exit', worker, code, signal);
    });

    child.once('disconnect', () => {
      // It can no longer take connections: let its listening handles go now.
      removeHandlesForWorker(worker);
      if (worker.isDead()) removeWorker(worker);
      worker.exitedAfterDisconnect = Boolean(worker.exitedAfterDisconnect);
      worker.state = 'disconnected';
      worker.emit('disconnect');
      cluster.emit('disconnect', worker);
    });

    child.on('internalMessage', internal(worker, child, onmessage));
    process.nextTick(() => cluster.emit('fork', worker)); // a listener added after fork() still hears it
    cluster.workers[worker.id] = worker;
    return worker;
  };

  cluster.disconnect = function disconnect(callback?: () => void): void {
    const workers = Object.values(cluster.workers);
    if (workers.length === 0) {
      process.nextTick(() => intercom.emit('disconnect'));
    } else {
      for (const worker of workers) {
        if (worker.isConnected()) worker.disconnect();
      }
    }
    if (typeof callback === 'function') intercom.once('disconnect', callback);
  };

  // The dispatch table: one function per act a worker may send.
  const methodMessageMapping = new Map<string, (worker: Worker, message: ClusterMessage) => void>([
    ['online', online],
    ['queryServer', queryServer],
    ['listening', listening],
    ['close', close],
    ['exitedAfterDisconnect', exitedAfterDisconnect],
    // BEYOND node:cluster: a worker says a scheduled connection closed (least connections).
    ['connclose', (worker, message) => connclose(handles, worker, message)],
  ]);

  function onmessage(worker: Worker, message: ClusterMessage, handle: unknown): void {
    // No worker message carries a handle; close one that does, or its fd leaks here.
    if (handle) {
      debug('worker %d sent a handle with %j; closed it', worker.id, message);
      closeStray(handle);
    }
    const fn = typeof message.act === 'string' ? methodMessageMapping.get(message.act) : undefined;
    if (fn === undefined) {
      debug('worker %d sent an unknown internal message %j; ignored', worker.id, message);
      return;
    }
    fn(worker, message);
  }

  function online(worker: Worker): void {
    worker.state = 'online';
    worker.emit('online');
    cluster.emit('online', worker);
  }

  function exitedAfterDisconnect(worker: Worker, message: ClusterMessage): void {
    const seq = readSeq(message);
    if (!seq.ok) {
      debug('worker %d: exitedAfterDisconnect: %s', worker.id, seq.why);
      return;
    }
    worker.exitedAfterDisconnect = true;
    sendHelper(worker.process, { ack: seq.value });
  }

  /** Which handle serves a new key: UDP is always shared, as in Node; TCP goes by the policy. */
  function handleFor(key: string, address: string | null, q: ListenQuery): ServerHandle {
    if (q.addressType === 'udp4' || q.addressType === 'udp6') {
      return new UdpHandle(key, address, q); // no connections to deal out
    }
    const schedule = scheduleFor(frozenPolicy, cluster.settings); // beyond node:cluster
    if (schedule) return new ScheduledHandle(key, address, q, schedule);
    if (frozenPolicy === SCHED_REUSEPORT && q.port >= 0 && !(Number(q.fd) >= 0)) {
      return new ReusePortHandle(key, q);
    }
    if (frozenPolicy === SCHED_NONE) return new SharedHandle(key, address, q);
    // RR, and under SCHED_REUSEPORT what SO_REUSEPORT cannot serve (pipes, fds)
    return new RoundRobinHandle(key, address, q);
  }

  function queryServer(worker: Worker, message: ClusterMessage): void {
    const query = readListenQuery(message);
    if (!query.ok) {
      debug('worker %d: queryServer ignored: %s', worker.id, query.why);
      return;
    }
    if (worker.exitedAfterDisconnect) return; // it is on its way out
    const q: ListenQuery = query.value;
    // The key names a server: same address, port, type, fd and per-worker index → same socket.
    let key = `${q.address}:${q.port}:${q.addressType}:${q.fd}:${q.index}`;
    let handle = handles.get(key) ?? servedByOthers(q, worker);
    if (handle !== undefined) key = handle.key;
    if (handle === undefined) {
      let address = q.address;
      // Unix socket paths are limited to ~100 bytes: use the shorter of relative and absolute.
      if (q.port < 0 && typeof address === 'string' && process.platform !== 'win32') {
        const shorter = relative(process.cwd(), address);
        if (shorter.length < address.length) address = shorter;
      }
      try {
        handle = handleFor(key, address, q);
      } catch (error) {
        // e.g. net.Server#listen throwing on options net itself would never send
        debug('worker %d: cannot serve %s: %s', worker.id, key, error);
        return;
      }
      handles.set(key, handle);
    }
    if (!handle.data) handle.data = q.data; // custom server data (tls session ticket keys)
    const serverHandle = handle;
    serverHandle.add(worker, (errno, reply, listenHandle) => {
      if (errno) handles.delete(key); // let the next worker try to bind again
      sendHelper(
        worker.process,
        { errno, key, ack: message.seq, data: serverHandle.data, ...reply },
        listenHandle,
      );
    });
  }

  /**
   * A fixed port that other workers already serve, under another listen index: this worker
   * joins their socket (the port one worker freed and another took, then the first listens
   * again). node:cluster does this from 22.22.1 / 24.13.1 (nodejs/node#60141) by dropping the
   * index from a fixed port's key; the clone keeps the index and looks the port up here
   * instead, so a worker's own second listen on its port still gets a bind of its own, and
   * EADDRINUSE, on every line and policy (without the index, SCHED_NONE trips an assertion in
   * the worker there, nodejs/node#64869). Port 0, pipes and fds never join: each such listen
   * is its own socket, as in Node.
   */
  function servedByOthers(q: ListenQuery, worker: Worker): ServerHandle | undefined {
    if (!(q.port > 0) || frozenPolicy === SCHED_REUSEPORT) return undefined;
    const prefix = `${q.address}:${q.port}:${q.addressType}:${q.fd}:`;
    for (const [key, handle] of handles) {
      if (key.startsWith(prefix) && !handle.has(worker)) return handle;
    }
    return undefined;
  }

  function listening(worker: Worker, message: ClusterMessage): void {
    const info = readListening(message);
    if (!info.ok) {
      debug('worker %d: listening ignored: %s', worker.id, info.why);
      return;
    }
    const { addressType, address, port, fd } = info.value;
    const where = { addressType, address, port, fd };
    worker.state = 'listening';
    // SCHED_REUSEPORT: the first worker's port becomes the port of every worker after it.
    const key = readKey(message);
    const handle = key.ok ? handles.get(key.value) : undefined;
    if (handle instanceof ReusePortHandle) handle.bound(worker, port);
    worker.emit('listening', where);
    cluster.emit('listening', worker, where);
  }

  // A worker's server closed. The handle may already be gone (the worker disconnected first).
  function close(worker: Worker, message: ClusterMessage): void {
    const key = readKey(message);
    if (!key.ok) {
      debug('worker %d: close ignored: %s', worker.id, key.why);
      return;
    }
    const handle = handles.get(key.value);
    if (handle === undefined) {
      debug('worker %d: close for %s, no such server (any more); ignored', worker.id, key.value);
      return;
    }
    if (handle.remove(worker)) handles.delete(key.value);
  }

  // Worker methods in the primary: disconnect() asks the worker to close up; kill() signals.
  setWorkerRole({
    disconnect(worker: Worker): void {
      worker.exitedAfterDisconnect = true;
      sendHelper(worker.process, { act: 'disconnect' });
      // Node forgets the worker at once: it leaves cluster.workers before its 'disconnect'.
      removeHandlesForWorker(worker);
      removeWorker(worker);
    },
    destroy(worker: Worker, signal?: NodeJS.Signals | number): void {
      // Node 20 only signals the process (the docs describe a disconnect first; the code does
      // not): exitedAfterDisconnect stays false and 'exit' reports the signal.
      (worker.process as ChildProcess).kill(signal || 'SIGTERM');
    },
  });

  return cluster;
}
