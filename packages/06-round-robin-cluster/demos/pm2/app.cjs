// The program PM2 runs in the PM2 demo, tests and measurements: a plain CommonJS web server
// that knows nothing of cluster, PM2 or this project. PM2's process container loads it in
// every worker; its listen() is routed to PM2's daemon (the cluster primary) by cluster.
//
//   GET /  ──▶  200 "served by <pid>", header x-served-by: <pid>, connection closed
//
// It listens on PORT, or on port 0: in a cluster worker, port 0 is shared too — the primary
// picks one port and every worker that asks for port 0 gets that same one. The port is
// printed once (PM2 writes it to the worker's log file, where the tests read it).
//
// With CLOSE_ON_SIGINT=1 it leaves gracefully when PM2 stops it: on SIGINT (PM2's kill signal)
// it closes its server — in a cluster worker that tells the primary to send it no more
// connections — and exits once the requests it has are answered. Without it, SIGINT kills it.
const http = require('node:http');

const server = http.createServer((_req, res) => {
  res.setHeader('x-served-by', String(process.pid));
  res.setHeader('connection', 'close');
  res.end(`served by ${process.pid}\n`);
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening on port ${server.address().port}`);
});
if (process.env.CLOSE_ON_SIGINT === '1') {
  process.on('SIGINT', () => server.close(() => process.exit(0)));
}
