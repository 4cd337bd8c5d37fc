/**
 * Mode 1: one listening socket, shared by every worker.
 *
 *                  bind + listen once
 *   primary ── net.Server (socket:[88123]) ──┬── send ──▶ worker 1: accept() ─▶ http app
 *      │                                     ├── send ──▶ worker 2: accept() ─▶ http app
 *      │                                     └── send ──▶ worker 3: accept() ─▶ http app
 *      └── close()  its own copy ('shared')   or keeps accepting too ('shared-primary-serves')
 *
 * After the sends, N processes hold a descriptor for the same kernel socket. A new connection
 * lands in that socket's accept queue; every idle holder is woken (the thundering herd) and
 * whichever calls accept() first gets it. The kernel decides, not us: the split can be uneven.
 *
 * The primary must either close its copy or serve on it. If it kept it open with no
 * 'connection' listener it would still win some accepts and answer nothing (claim a2-09).
 */
import { createServer as createHttpServer } from 'node:http';
import type { Server } from 'node:net';
import { helloHandler } from '@cluster-from-scratch/kit/hello-app';
import type { Say } from '@cluster-from-scratch/kit/narrate';
import { attachServer } from './attach-server.ts';
import { forkWorkers, stopWorkers } from './fork-worker.ts';
import { listenOnce, portOf } from './listen.ts';
import { m } from './messages/index.ts';
import type { AttachedMessage } from './protocol.ts';
import type { RunningServer } from './running-server.ts';
import { shareServer } from './share-server.ts';

export interface SharedSocketOptions {
  workers: number;
  /** Keep the primary's copy open and serve on it too (the a1 variant). */
  primaryServes?: boolean;
  host?: string;
  port?: number;
  /** Another worker program (fixtures, later stages). */
  workerScript?: string;
  say?: Say;
}

export interface SharedSocketServer extends RunningServer {
  /** What each worker reported on receiving the handle, in worker order. */
  attached: AttachedMessage[];
}

export async function startSharedSocket(options: SharedSocketOptions): Promise<SharedSocketServer> {
  const say = options.say ?? (() => {});
  // Fork first, listen after: the port exists only once somebody is ready to serve on it.
  const workers = await forkWorkers(options.workers, { script: options.workerScript });
  let server: Server;
  try {
    server = await listenOnce({ host: options.host, port: options.port });
  } catch (error) {
    await stopWorkers(workers);
    throw error;
  }
  const port = portOf(server);
  say(m.sharedListening(options.host ?? '127.0.0.1', port));
  if (options.primaryServes) attachServer(server, createHttpServer(helloHandler));
  const close = async () => {
    if (server.listening) server.close();
    await stopWorkers(workers);
  };
  try {
    const attached: AttachedMessage[] = [];
    for (const worker of workers) {
      say(m.sendingHandle(worker.id, worker.pid));
      attached.push(await shareServer(worker, server));
    }
    if (options.primaryServes) {
      say(m.keepingMyCopy);
    } else {
      // Until here the primary could accept too, with nobody answering (claim a2-09); that
      // is harmless only because nobody has been told the port yet.
      server.close();
      say(m.closedMyCopy);
    }
    return {
      mode: options.primaryServes ? 'shared-primary-serves' : 'shared',
      port,
      primaryPid: process.pid,
      workers,
      server,
      attached,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
