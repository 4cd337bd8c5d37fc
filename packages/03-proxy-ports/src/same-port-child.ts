/**
 * The articles' first attempt at a worker: every child listens on the same fixed port.
 *
 *   node same-port-child.ts <port> handled     → on EADDRINUSE: tell the primary, exit 1
 *   node same-port-child.ts <port> unhandled   → on EADDRINUSE: crash on the unhandled
 *                                                'error' event (what the articles' code does)
 *
 * In: the port (0 lets the kernel choose; the first child uses that) and the mode.
 * Out over IPC: { type: 'listening', port } or, in handled mode, { type: 'listen-failed',
 * code, message }. In unhandled mode a failure is only an exit code and a stack on stderr,
 * which the primary has to collect itself (same-port.ts pipes stderr for that).
 */
import { createServer } from 'node:http';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { m } from './messages/index.ts';
import type { WorkerMessage } from './worker.ts';

const [portArg = '0', mode = 'handled'] = process.argv.slice(2);
const say = narrator(`child ${process.env.CFS03_WORKER_ID ?? '?'}`);
const send = (message: WorkerMessage, then?: () => void) => {
  if (process.send) process.send(message, () => then?.());
  else then?.();
};

const server = createServer((_req, res) => res.end(`hello from ${process.pid}\n`));

if (mode === 'handled') {
  server.on('error', (error: NodeJS.ErrnoException) => {
    say(m.childListenFailed(error.code));
    process.exitCode = 1;
    send({ type: 'listen-failed', code: error.code ?? 'UNKNOWN', message: error.message }, () =>
      process.disconnect?.(),
    );
  });
}

server.listen(Number(portArg), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  say(m.childListening(port));
  send({ type: 'listening', port });
});

// The primary ends a listening child with SIGTERM; exit 0 says "ended as asked".
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
});
process.on('SIGINT', () => {}); // Ctrl-C reaches the whole group: the primary decides.
process.on('disconnect', () => process.exit());
