/**
 * Stage 06 demo: the hello-world cluster on our clone of node:cluster, narrated.
 *
 *   npm start -- 6            fork → online → listening, requests dealt out round robin,
 *                             a worker killed and its 'exit', then a clean disconnect (ends by
 *                             itself)
 *   npm start -- 6 --serve    two workers stay up on one port for curl until Ctrl-C
 *
 * This one file is both roles, like the articles' app: the primary forks it again as workers.
 */
import { createServer } from 'node:http';
import { helloHandler } from '@cluster-from-scratch/kit/hello-app';
import { freshConnectionRequest } from '@cluster-from-scratch/kit/http-load';
import { narrator, workerRole } from '@cluster-from-scratch/kit/narrate';
import { listeningInodes, socketInodes } from '@cluster-from-scratch/kit/platform';
import { waitForEvent } from '@cluster-from-scratch/kit/timeout';
import cluster from '../src/index.ts';

const serve = process.argv.includes('--serve');

if (cluster.isPrimary) {
  const say = narrator('primary');
  const workers = 2;
  say(
    `our cluster clone, policy ${cluster.schedulingPolicy === cluster.SCHED_RR ? 'round robin (SCHED_RR)' : 'shared socket (SCHED_NONE)'}; forking ${workers} workers`,
  );
  cluster.on('fork', (w) => say(`fork:      worker ${w.id} is pid ${w.process.pid}`));
  cluster.on('online', (w) => say(`online:    worker ${w.id} runs (it sent {act:'online'})`));
  cluster.on('listening', (w, address) =>
    say(
      `listening: worker ${w.id} asked for port 0 and got ${address.port} (the primary's socket)`,
    ),
  );
  cluster.on('disconnect', (w) => say(`disconnect: worker ${w.id}'s IPC channel closed`));
  cluster.on('exit', (w, code, signal) =>
    say(
      `exit:      worker ${w.id} (code ${code}, signal ${signal}, exitedAfterDisconnect ${w.exitedAfterDisconnect})`,
    ),
  );

  const forked = Array.from({ length: workers }, () => cluster.fork());
  const listening = await Promise.all(
    forked.map((w) =>
      waitForEvent<[typeof w, { port: number }]>(cluster, 'listening', {
        filter: (x) => x === w,
        what: `worker ${w.id} to listen`,
      }),
    ),
  );
  const port = listening[0]?.[1].port as number;
  const holders = [process.pid, ...forked.map((w) => w.process.pid as number)].filter((pid) =>
    socketInodes(pid).some((inode) => listeningInodes(port).includes(inode)),
  );
  say(`who holds the LISTEN socket on ${port}? pid ${holders.join(', ')} (the primary only)`);

  if (serve) {
    say(`try: curl -s http://127.0.0.1:${port}/   (each new connection goes to the next worker)`);
    say('Ctrl-C to stop');
    const stop = async () => {
      say('stopping: cluster.disconnect() closes every server, then every channel');
      const exits = forked
        .filter((w) => !w.isDead())
        .map((w) => waitForEvent(w, 'exit', { what: `worker ${w.id} to exit` }));
      cluster.disconnect();
      await Promise.all(exits);
      say('every worker has exited; bye'); // nothing is left to keep the primary alive
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } else {
    const pidToId = new Map(forked.map((w) => [w.process.pid, w.id]));
    const ask = async (n: number) => {
      const result = await freshConnectionRequest(port);
      say(
        `request ${n}: new connection → served by worker ${pidToId.get(result.servedBy)} (pid ${result.servedBy})`,
      );
    };
    for (let i = 1; i <= 4; i++) await ask(i);

    const [first, second] = forked;
    say(`killing worker ${first?.id} with SIGKILL (nothing it can do about it)`);
    const gone = waitForEvent(cluster, 'exit', { what: 'the killed worker to exit' });
    first?.process.kill('SIGKILL');
    await gone;
    for (let i = 5; i <= 6; i++) await ask(i);
    say(`only worker ${second?.id} is left, so it gets everything; now cluster.disconnect()`);
    await new Promise<void>((resolve) => cluster.disconnect(resolve));
    say('every worker is gone; the demo ends');
  }
} else {
  const say = narrator(workerRole(cluster.worker?.id ?? '?'));
  const server = createServer((req, res) => {
    say(`serving ${req.method} ${req.url} (a connection the primary handed me)`);
    helloHandler(req, res);
  });
  server.listen(0, '127.0.0.1', () => {
    say('listen(0) done: I hold no socket of my own, the primary listens for me');
  });
  if (serve) {
    // Ctrl-C reaches the whole process group. Leave the stopping to the primary, which
    // disconnects us cleanly (exit code 0, exitedAfterDisconnect true).
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => say(`${signal}: my primary decides when I stop`));
    }
  }
}
