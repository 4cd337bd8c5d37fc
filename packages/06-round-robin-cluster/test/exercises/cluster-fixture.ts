/**
 * Exercise fixture: the clone running a small cluster, with the learner's file swapped in
 * when the spec runs against the starter (see use-target.ts). Every exercise spec runs it and
 * reads the part of the report its exercise is about.
 *
 * Each of the two workers runs two servers, A and B, both on port 0: two listen requests, two
 * keys, two ports. Then: sequential requests to A and B, a stopped worker, a maxConnections
 * limit, and the B servers closed.
 */
import type { Worker } from 'node:cluster';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { helloHandler } from '@cluster-from-scratch/kit/hello-app';
import { freshConnectionRequest } from '@cluster-from-scratch/kit/http-load';
import { listeningInodes } from '@cluster-from-scratch/kit/platform';
import { pollUntil, waitForEvent, withTimeout } from '@cluster-from-scratch/kit/timeout';
import cluster from '../../src/index.ts';

/** One request that leaves its connection open; resolves with who answered (pid, server). */
function held(port: number): Promise<{ socket: Socket; servedBy: number; server: string }> {
  return withTimeout(
    new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1' });
      let raw = '';
      socket.setEncoding('latin1');
      socket.on('error', reject);
      socket.on('connect', () => socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
      socket.on('data', (chunk: string) => {
        raw += chunk;
        const end = raw.indexOf('\r\n\r\n');
        const length = Number(/content-length: (\d+)/i.exec(raw)?.[1]);
        if (end >= 0 && raw.length >= end + 4 + length) {
          resolve({
            socket,
            servedBy: Number(/x-served-by: (\d+)/i.exec(raw)?.[1]),
            server: /x-server: (\w+)/i.exec(raw)?.[1] ?? '?',
          });
        }
      });
    }),
    'a held connection to be answered',
  );
}

async function tell(worker: Worker, type: string): Promise<void> {
  const done = waitForEvent(worker, 'message', {
    filter: (m: { type?: string }) => m?.type === `${type}-done`,
    what: `worker ${worker.id}: ${type}`,
  });
  worker.send({ type });
  await done;
}

if (cluster.isPrimary) {
  let ending = false;
  cluster.on('exit', (worker, code, signal) => {
    if (ending) return;
    console.error(`worker ${worker.id} died (${signal ?? code}): the exercise code failed there`);
    process.exit(1);
  });
  const workers = [cluster.fork(), cluster.fork()];
  const [w1, w2] = workers as [Worker, Worker];
  const pids = workers.map((w) => w.process.pid as number);
  const closes: Record<string, number> = {};
  for (const w of workers) {
    w.process.on('internalMessage', (m: { cmd?: string; act?: string; key?: string }) => {
      if (m.cmd === 'NODE_CLUSTER' && m.act === 'close') {
        closes[`${w.id} ${m.key}`] = (closes[`${w.id} ${m.key}`] ?? 0) + 1;
      }
    });
  }
  const said = await Promise.all(
    workers.map((w) =>
      waitForEvent<[Record<string, unknown>]>(w, 'message', {
        filter: (m: { type?: string }) => m?.type === 'ready',
        what: `worker ${w.id} to listen twice`,
      }).then(([m]) => m),
    ),
  );
  const portA = said[0]?.portA as number;
  const portB = said[0]?.portB as number;

  const fromA: (number | undefined)[] = [];
  for (let i = 0; i < 8; i++) fromA.push((await freshConnectionRequest(portA)).servedBy);
  // Which server answers on which port? (Each worker has both: the key decides.)
  const routed: string[] = [];
  for (const port of [portA, portB, portB, portA]) {
    const answer = await held(port);
    routed.push(`${port === portA ? 'A' : 'B'}→${answer.server}`);
    answer.socket.destroy();
  }

  // A stopped worker cannot take connections; none may be lost.
  process.kill(pids[0] as number, 'SIGSTOP');
  let finished = 0;
  let threeDone: () => void = () => {};
  const three = new Promise<void>((resolve) => {
    threeDone = resolve;
  });
  const requests = Array.from({ length: 4 }, () =>
    freshConnectionRequest(portA).then((r) => {
      if (++finished === 3) threeDone();
      return r.servedBy ?? null;
    }),
  );
  await withTimeout(three, '3 of 4 connections to be served while worker 1 is stopped');
  process.kill(pids[0] as number, 'SIGCONT');
  const whileStopped = await Promise.all(requests);

  // maxConnections on worker 1's server A.
  await tell(w1, 'max-one');
  const limited = [];
  for (let i = 0; i < 4; i++) limited.push(await held(portA));
  const limitedServedBy = limited.map((h) => h.servedBy);
  for (const h of limited) h.socket.destroy();

  // Both workers close server B: the primary must stop listening on B, and keep A.
  await tell(w1, 'close-b');
  await tell(w2, 'close-b');
  await pollUntil(() => listeningInodes(portB).length === 0, {
    what: 'the primary to stop listening on B',
  });
  const afterCloseA = (await freshConnectionRequest(portA)).servedBy;

  ending = true;
  await new Promise<void>((resolve) => cluster.disconnect(resolve));
  process.send?.({
    type: 'report',
    pids,
    said,
    portA,
    portB,
    fromA,
    routed,
    whileStopped,
    limitedServedBy,
    closes,
    afterCloseA,
    workerPids: pids,
  });
} else {
  const servers: Record<'A' | 'B', Server> = {
    A: createServer((req, res) => {
      res.setHeader('x-server', 'A');
      helloHandler(req, res);
    }),
    B: createServer((req, res) => {
      res.setHeader('x-server', 'B');
      helloHandler(req, res);
    }),
  };
  process.on('message', (m: { type?: string }) => {
    if (m.type === 'max-one') servers.A.maxConnections = 1;
    if (m.type === 'close-b') {
      servers.B.close(() => process.send?.({ type: 'close-b-done' }));
      servers.B.close(); // a second close must not tell the primary twice
      return;
    }
    process.send?.({ type: `${m.type}-done` });
  });
  await new Promise<void>((resolve) => servers.A.listen(0, resolve));
  await new Promise<void>((resolve) => servers.B.listen(0, resolve));
  const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const listening = timeouts();
  servers.A.unref();
  const afterUnref = timeouts();
  servers.A.ref();
  const afterRef = timeouts();
  process.send?.({
    type: 'ready',
    portA: (servers.A.address() as { port: number }).port,
    portB: (servers.B.address() as { port: number }).port,
    addressA: servers.A.address(),
    handleKeysA: Object.keys((servers.A as unknown as { _handle: object })._handle).sort(),
    timeouts: [listening, afterUnref, afterRef],
  });
}
