/**
 * Stage 06 demo: the hello-world cluster on our clone of node:cluster, narrated.
 *
 *   npm start -- 6            fork → online → listening, requests dealt out round robin,
 *                             a worker killed and its 'exit', then a clean disconnect (ends by
 *                             itself)
 *   npm start -- 6 --serve    two workers stay up on one port for curl until Ctrl-C
 *   npm start -- 6 --pm2      PM2 7's cluster mode on the clone (demos/pm2.ts; ends by itself)
 *   … --lang zh               narrated in 简体中文 (also the default under a zh locale)
 *
 * This one file is both roles, like the articles' app: the primary forks it again as workers.
 */
import { createServer } from 'node:http';
import { helloHandler } from '@cluster-from-scratch/kit/hello-app';
import { freshConnectionRequest } from '@cluster-from-scratch/kit/http-load';
import { inLanguage, withoutLanguageArgument } from '@cluster-from-scratch/kit/language';
import { narrator, workerRole } from '@cluster-from-scratch/kit/narrate';
import { listeningInodes, socketInodes } from '@cluster-from-scratch/kit/platform';
import { waitForEvent } from '@cluster-from-scratch/kit/timeout';
import cluster from '../src/index.ts';
import en from './messages/en.ts';
import zh from './messages/zh.ts';

// English or 简体中文 (--lang, CFS_LANG or the locale); the workers inherit the choice.
const m = inLanguage({ en, zh }).main;
const args = withoutLanguageArgument(process.argv.slice(2));
const serve = args.includes('--serve');

if (args.includes('--pm2')) {
  await import('./pm2.ts'); // PM2 forks its own workers: this file plays no role there
} else if (cluster.isPrimary) {
  const say = narrator('primary');
  const workers = 2;
  const policy =
    cluster.schedulingPolicy === cluster.SCHED_RR ? m.policyRoundRobin : m.policyShared;
  say(m.forking(policy, workers));
  cluster.on('fork', (w) => say(m.fork(w.id, w.process.pid)));
  cluster.on('online', (w) => say(m.online(w.id)));
  cluster.on('listening', (w, address) => say(m.listening(w.id, address.port)));
  cluster.on('disconnect', (w) => say(m.disconnect(w.id)));
  cluster.on('exit', (w, code, signal) => say(m.exit(w.id, code, signal, w.exitedAfterDisconnect)));

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
  say(m.whoHoldsTheSocket(port, holders.join(', ')));

  if (serve) {
    say(m.tryCurl(port));
    say(m.ctrlCToStop);
    const stop = async () => {
      say(m.stopping);
      const exits = forked
        .filter((w) => !w.isDead())
        .map((w) => waitForEvent(w, 'exit', { what: `worker ${w.id} to exit` }));
      cluster.disconnect();
      await Promise.all(exits);
      say(m.everyWorkerExited); // nothing is left to keep the primary alive
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } else {
    const pidToId = new Map(forked.map((w) => [w.process.pid, w.id]));
    const ask = async (n: number) => {
      const result = await freshConnectionRequest(port);
      say(m.servedBy(n, pidToId.get(result.servedBy), result.servedBy));
    };
    for (let i = 1; i <= 4; i++) await ask(i);

    const [first, second] = forked;
    say(m.killing(first?.id));
    const gone = waitForEvent(cluster, 'exit', { what: 'the killed worker to exit' });
    first?.process.kill('SIGKILL');
    await gone;
    for (let i = 5; i <= 6; i++) await ask(i);
    say(m.onlyOneLeft(second?.id));
    await new Promise<void>((resolve) => cluster.disconnect(resolve));
    say(m.demoEnds);
  }
} else {
  const say = narrator(workerRole(cluster.worker?.id ?? '?'));
  const server = createServer((req, res) => {
    say(m.serving(req.method, req.url));
    helloHandler(req, res);
  });
  server.listen(0, '127.0.0.1', () => {
    say(m.listenDone);
  });
  if (serve) {
    // Ctrl-C reaches the whole process group. Leave the stopping to the primary, which
    // disconnects us cleanly (exit code 0, exitedAfterDisconnect true).
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => say(m.primaryDecides(signal)));
    }
  }
}
