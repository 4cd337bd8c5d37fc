/**
 * The wall: a listening socket cannot be posted to a worker thread the way stage 04 sends it
 * to a worker process.
 *
 *   process ─ child.send(msg, server) ─▶ process      the fd crosses in an SCM_RIGHTS message
 *                                                      on the IPC socket: the kernel installs a
 *                                                      copy in the receiver's descriptor table
 *   thread  ─ worker.postMessage(server) ─▶ thread    structured clone of a JavaScript object:
 *                                                      a server is not data, so it is refused
 *
 * Threads already share one descriptor table (one process), so there is no fd to copy. What
 * cannot cross is the *libuv handle*: it belongs to the sending thread's event loop, and until
 * Node learned to move a handle from one loop to another (nodejs/node#64225, in the 24.x and
 * 26.x releases kit/src/node-lines.ts names) postMessage refused it.
 *
 * In: nothing (it listens on 127.0.0.1:0 itself). Out: one outcome per attempt, with the real
 * error (name, code, message) or, where the line allows the transfer, proof that the thread
 * now accepts on the socket and that the sender's server stopped listening.
 */
import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Server } from 'node:net';
import { Worker } from 'node:worker_threads';

export type Attempt = 'server' | 'handle' | 'server-transferred' | 'socket';

export interface WallOutcome {
  attempt: Attempt;
  /** What was posted, as code. */
  call: string;
  ok: boolean;
  error?: { name: string; code?: string | number; message: string };
  /** Where it was accepted: the receiving thread answered a connection on the port. */
  threadAccepted?: boolean;
  /** Where it was accepted: does the sending thread's server still listen? */
  senderStillListening?: boolean;
}

// The receiving thread: answers 'got' with what arrived; a transferred server gets a
// 'connection' listener that writes its threadId, so the test can see who accepted.
const RECEIVER = `
const { parentPort, threadId } = require('node:worker_threads');
parentPort.on('message', (m) => {
  const value = m && m.value;
  if (value && typeof value.on === 'function' && typeof value.listen === 'function') {
    value.on('connection', (socket) => socket.end(String(threadId)));
  }
  parentPort.postMessage({ got: typeof value });
});
`;

function listenLocal(): Promise<Server> {
  const server = createServer();
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function describeError(error: unknown): WallOutcome['error'] {
  const e = error as { name?: string; code?: string | number; message?: string };
  return { name: e.name ?? 'Error', code: e.code, message: e.message ?? String(error) };
}

/** Reads what a connection to `port` is answered with (the receiving thread's id). */
async function whoAnswers(port: number): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    text += chunk;
  });
  await once(socket, 'close');
  return text;
}

async function attempt(kind: Attempt): Promise<WallOutcome> {
  const thread = new Worker(RECEIVER, { eval: true });
  const server = await listenLocal();
  const port = (server.address() as AddressInfo).port;
  let client: ReturnType<typeof connect> | undefined;
  try {
    let value: unknown;
    let transfer: unknown[] = [];
    let call: string;
    if (kind === 'server') {
      value = server;
      call = 'thread.postMessage({ value: server })';
    } else if (kind === 'handle') {
      value = (server as unknown as { _handle: unknown })._handle;
      call = 'thread.postMessage({ value: server._handle })';
    } else if (kind === 'server-transferred') {
      value = server;
      transfer = [server];
      call = 'thread.postMessage({ value: server }, [server])';
    } else {
      // An accepted connection: the other kind of handle stage 04 passes per connection.
      const accepted = once(server, 'connection');
      client = connect(port, '127.0.0.1');
      [value] = await accepted;
      call = 'thread.postMessage({ value: socket })';
    }
    try {
      thread.postMessage({ value }, transfer as never[]);
    } catch (error) {
      return { attempt: kind, call, ok: false, error: describeError(error) };
    }
    await once(thread, 'message');
    if (kind !== 'server-transferred') return { attempt: kind, call, ok: true };
    const answeredBy = await whoAnswers(port);
    return {
      attempt: kind,
      call,
      ok: true,
      threadAccepted: answeredBy === String(thread.threadId),
      senderStillListening: server.listening,
    };
  } finally {
    client?.destroy();
    server.close();
    await thread.terminate();
  }
}

/** Every attempt, in the order the chapter tells them. */
export async function runWall(): Promise<WallOutcome[]> {
  const outcomes: WallOutcome[] = [];
  for (const kind of ['server', 'handle', 'socket', 'server-transferred'] as const) {
    outcomes.push(await attempt(kind));
  }
  return outcomes;
}
