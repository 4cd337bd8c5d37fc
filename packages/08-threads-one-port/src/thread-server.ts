/**
 * The program each worker thread runs: kit's hello app, named after this thread.
 *
 *   workerData { port, host, reusePort } ─▶ http server ─▶ listen ─▶ { cfs: 'listening', port }
 *   every response: `hello from <pid>.<threadId>`, and the same in x-served-by
 *
 * Every thread of the process has the same pid, so the pid alone cannot tell them apart in a
 * tally; the threadId (1, 2, … per process, never reused) can.
 *
 * With reusePort every thread binds a socket of its own on the one port and the kernel picks
 * a socket per connection (SO_REUSEPORT, as stage 04's reusePort mode, but threads). Where
 * the Node line lacks reusePort, the option is ignored: the second thread gets EADDRINUSE,
 * which it reports instead of dying, so the supervisor can say so.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getHeapStatistics } from 'node:v8';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { helloHandlerAs } from '@cluster-from-scratch/kit/hello-app';
import type { FromThread, ThreadConfig, ToThread } from './protocol.ts';

if (!parentPort)
  throw new Error('thread-server.ts runs inside a worker thread (see start-thread.ts)');
const port = parentPort;
const config = workerData as ThreadConfig;
const tell = (message: FromThread) => port.postMessage(message);

const server = createServer(helloHandlerAs(`${process.pid}.${threadId}`));
server.on('error', (error: NodeJS.ErrnoException) => {
  tell({ cfs: 'listen-error', code: error.code ?? 'UNKNOWN', message: error.message });
  port.close(); // nothing else keeps the thread alive: it ends with code 0
});
server.listen({ port: config.port, host: config.host, reusePort: config.reusePort }, () => {
  tell({ cfs: 'listening', port: (server.address() as AddressInfo).port });
});

/** Keeps what it allocates reachable, so the heap can only grow. */
const hoard: unknown[] = [];

port.on('message', (message: ToThread) => {
  switch (message.cfs) {
    case 'disconnect':
      // Graceful: stop accepting first; close() calls back once the last connection is gone,
      // then closing the port leaves the thread's event loop empty and it ends (code 0).
      server.close(() => port.close());
      server.closeIdleConnections();
      break;
    case 'throw':
      // Thrown from a timer, not from this handler, so nothing in between can catch it.
      setImmediate(() => {
        throw new Error(`a bug in thread ${threadId}`);
      });
      break;
    case 'exit':
      // Inside a worker thread, process.exit() ends the thread, not the process.
      process.exit(message.code);
      break;
    case 'grow': {
      const limit = getHeapStatistics().heap_size_limit;
      // Small arrays of fresh objects: the old generation fills up until V8 reaches the
      // thread's resourceLimits and Node stops the thread (ERR_WORKER_OUT_OF_MEMORY).
      while (hoard.length < Number.MAX_SAFE_INTEGER) {
        hoard.push(Array.from({ length: 1024 }, (_, i) => ({ i, limit })));
      }
      break;
    }
    case 'abort':
      // abort() would take the whole process down, so a worker thread may not call it: it
      // throws ERR_WORKER_UNSUPPORTED_OPERATION here, uncaught, and only this thread ends.
      // From the main thread it raises SIGABRT and every thread goes with the process.
      process.abort();
  }
});
