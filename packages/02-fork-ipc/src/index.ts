/**
 * @cluster-from-scratch/02-fork-ipc — the IPC channel, and request/response built on it.
 *
 *   import { handle, request, notify, broadcast } from '@cluster-from-scratch/02-fork-ipc';
 *
 *   // child                                   // parent
 *   handle(process, 'add', ({ a, b }) => a + b);   await request(child, 'add', { a: 2, b: 3 }); // 5
 *
 * Later stages (05 the supervisor, 06 the cluster clone) talk to their workers through this.
 */

export {
  canInspect,
  channelEnvironment,
  type FdFacts,
  inspectFd,
  inspectOwnChannel,
  type UnixSocketEntry,
  unixSockets,
} from './channel.ts';
export {
  type BroadcastResult,
  broadcast,
  type EndpointOptions,
  type Handler,
  type HandlerContext,
  handle,
  notify,
  type RequestOptions,
  RpcEndpoint,
  request,
  rpc,
} from './endpoint.ts';
export {
  type Envelope,
  isOurs,
  parseEnvelope,
  RPC_CMD,
} from './envelope.ts';
export { RpcCodes, RpcError, type WireError } from './errors.ts';
export { disconnectWhenFlushed, flush } from './flush.ts';
export { type PeerGone, watchPeer } from './peer.ts';
export { PendingTable } from './pending.ts';
export { type IpcTarget, peerName } from './target.ts';
