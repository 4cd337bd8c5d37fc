/**
 * The baseline: one plain process serving the hello-world app, no cluster at all.
 *
 *   bench ──harness.start('single.ts')──▶ one process (hello app on 127.0.0.1:0)
 *   process ──IPC──▶ bench: { port, primaryPid: itself, workerPids: [itself] }
 *
 * The scaling scenario compares it with 1, 2 and 4 workers: whatever a cluster costs (an extra
 * process, a hop over IPC per connection in round robin) shows up against this line.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { helloHandler } from '@cluster-from-scratch/kit/hello-app';

const server = createServer(helloHandler);
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ port, primaryPid: process.pid, workerPids: [process.pid] });
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
