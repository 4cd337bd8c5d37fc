/**
 * A process nobody forked that joins a port's SO_REUSEPORT group: the "stranger" of the
 * demo and the tests.
 *
 *   tsx src/reuse-port-stranger.ts --port 41645 [--host 127.0.0.1]   (--port 0: a port of its own)
 *     listen({ port, reusePort: true }) ──▶ bound: serves kit's hello app, answers say its pid
 *                                       └─▶ failed: reports the error code and exits 0
 *   reports { role: 'stranger', pid, port, code }   code 'LISTENING' or EADDRINUSE, …
 *   ends on SIGTERM, SIGINT or when its parent's IPC channel closes
 *
 * It shares nothing with the cluster it joins: no parent in common, no handle, no message.
 * The kernel admits any socket that set SO_REUSEPORT too and belongs to the same user, and
 * from then on hashes a share of the new connections to it.
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { helloHandler } from '@cluster-from-scratch/kit/hello-app';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { m } from './messages/index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    quiet: { type: 'boolean', default: false },
    lang: { type: 'string' }, // en or zh: read by kit/src/language.ts
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`reuse-port-stranger: --port must be 0–65535 (got ${values.port})`);
  process.exit(2);
}
const say = values.quiet ? () => {} : narrator('stranger');
const report = (code: string) => {
  const address = app.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  process.send?.({ role: 'stranger', pid: process.pid, port: bound, code });
};

const app = createServer(helloHandler);
app.on('error', (error: NodeJS.ErrnoException) => {
  say(m.strangerFailed(port, error.code));
  report(error.code ?? 'UNKNOWN');
  process.exit(0);
});
app.listen({ port, host: values.host, reusePort: true }, () => {
  say(m.strangerListening);
  report('LISTENING');
});

const stop = () => app.close(() => process.exit(0)).closeAllConnections();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (process.send) process.on('disconnect', stop);
