// The articles' hello-world cluster app, in our own words, as plain JavaScript (ES module).
// The only line that names the clone is the import: with `import cluster from 'node:cluster'`
// this file runs the same way on Node's own cluster.
//
//   node --import tsx packages/06-round-robin-cluster/demos/hello-world.mjs
//
// PORT (default 8000) and WORKERS (default: one per CPU) are read from the environment so the
// tests can ask for port 0 and two workers; the article's app has them written in.

import http from 'node:http';
import os from 'node:os';
import cluster from '@cluster-from-scratch/06-round-robin-cluster';

const numCPUs = Number(process.env.WORKERS) || os.availableParallelism();
const port = Number(process.env.PORT ?? 8000);

if (cluster.isMaster) {
  // isMaster: the articles' spelling, a deprecated alias of isPrimary that still works
  console.log(`primary ${process.pid} is running`);
  for (let i = 0; i < numCPUs; i++) {
    cluster.fork();
  }
  cluster.on('exit', (worker, code, signal) => {
    console.log(`worker ${worker.process.pid} exited (${signal ?? code})`);
  });
} else {
  // Every worker listens on the same port; the primary hands out the connections.
  const server = http.createServer((_req, res) => {
    res.writeHead(200);
    res.end(`hello world from ${process.pid}\n`);
  });
  server.listen(port, () => {
    console.log(`worker ${process.pid} listening on port ${server.address().port}`);
  });
}
