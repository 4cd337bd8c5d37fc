/**
 * Stage 04, handle passing: send the socket, not the traffic.
 *
 * Primary side
 *   listenOnce()            the one bind(): a listening net.Server on 127.0.0.1:0
 *   forkWorker(s)()         fork the worker program and wait until it says ready
 *   sendServer()            send a listening server's handle; a dead child → HandleSendError
 *   shareServer()           sendServer + wait until the worker accepts on it (stage 05 reuses)
 *   startSharedSocket()     mode 'shared' / 'shared-primary-serves'
 *   startPerConnection()    mode 'per-connection', with a pluggable Scheduler (RoundRobin)
 *   startServer()           either, by mode; serve.ts wraps it as a command
 * Worker side
 *   startWorker()           serve the hello app on received servers and connections
 *   attachServer()          join a received net.Server to an http.Server
 * Looking
 *   listenerView()          LISTEN entries for a port and which fds of which pids point at them
 *   connectionsHeld()       accepted connections a pid holds for a port
 */
export { attachServer } from './attach-server.ts';
export { nextMessage } from './child-messages.ts';
export {
  type ForkWorkerOptions,
  forkWorker,
  forkWorkers,
  hasExited,
  stopWorker,
  stopWorkers,
  WORKER_SCRIPT,
  type WorkerProcess,
} from './fork-worker.ts';
export { connectionsHeld, type ListenerView, listenerView, type SocketHolder } from './inspect.ts';
export { type ListenOptions, listenOnce, portOf } from './listen.ts';
export { type PerConnectionOptions, type Scheduler, startPerConnection } from './per-connection.ts';
export * from './protocol.ts';
export { RoundRobin } from './round-robin.ts';
export { MODES, type Mode, type RunningServer } from './running-server.ts';
export { HandleSendError, sendServer } from './send-server.ts';
export {
  parseServeArgs,
  runServeCli,
  type ServeOptions,
  type ServeReport,
  startServer,
} from './serve.ts';
export { shareServer } from './share-server.ts';
export {
  type SharedSocketOptions,
  type SharedSocketServer,
  startSharedSocket,
} from './shared-socket.ts';
export { describeHandle, type RunningWorker, startWorker, type WorkerOptions } from './worker.ts';
