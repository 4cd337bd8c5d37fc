/**
 * `npm run lab`: the lab's server. Prints the address, opens nothing, ends on Ctrl-C.
 *
 *   npm run lab -w @cluster-from-scratch/lab [-- --port 4780] [--host 0.0.0.0] [--lang zh]
 *
 * --lang en|zh (default: CFS_LANG, then the locale) is the page's language when it does not
 * ask for one (?lang=zh), the terminal's, and the narration of the servers it starts.
 *
 * --host 0.0.0.0 is for a container (`docker run -p 4780:4780 …`): the page must be reachable
 * from the browser outside it. On your own machine keep the default, 127.0.0.1: the lab starts
 * and kills processes on request, so it should not answer the network.
 *
 *   this process ── http://127.0.0.1:<port>/ ──▶ your browser (page, SSE)
 *        │
 *        ├─ udp 127.0.0.1:<hook port>  ◀── lab-hook events from the servers
 *        └─ ProcessHarness ──▶ the server of the mode you pick ──▶ its workers
 *
 *   Ctrl-C / SIGTERM ──▶ stop the load, SIGTERM the server (it ends its workers), then
 *                        SIGKILL whatever is left, close the page's stream, exit 0.
 *                        A second Ctrl-C kills everything at once.
 *
 * When started with an IPC channel (by the tests), it sends { url, port, hookPort, pid }
 * once it listens, and shuts down when the channel closes.
 */
import { parseArgs } from 'node:util';
import { language, withoutLanguageArgument } from '@cluster-from-scratch/kit/language';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { createLabServer } from './http.ts';
import { Lab } from './lab.ts';
import { CATALOGUES } from './words.ts';

const DEFAULT_PORT = 4780;
const say = narrator('lab');

function usage(message: string): never {
  console.error(
    `lab: ${message}\nusage: npm run lab -w @cluster-from-scratch/lab [-- --port P] [--host H] [--lang en|zh]   (P = 0: any free port; H defaults to 127.0.0.1)`,
  );
  process.exit(2);
}

let portArg: string | undefined;
let host = '127.0.0.1';
let m = CATALOGUES.en.terminal;
try {
  // Chosen once here; written to CFS_LANG, so the servers the lab starts narrate alike.
  m = CATALOGUES[language()].terminal;
  const { values } = parseArgs({
    args: withoutLanguageArgument(process.argv.slice(2)),
    options: { port: { type: 'string' }, host: { type: 'string' } },
  });
  portArg = values.port;
  host = values.host ?? host;
} catch (error) {
  usage((error as Error).message);
}
const wanted = portArg === undefined ? DEFAULT_PORT : Number(portArg);
if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) {
  usage(`--port must be 0–65535, got '${portArg}'`);
}

const lab = new Lab();
// If the lab dies without closing (an exception), still take the servers down with it.
process.on('exit', () => {
  for (const child of lab.harness.children) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

const hookPort = await lab.listenForHook();
const http = createLabServer(lab);

function listen(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      const address = http.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

let port: number;
try {
  port = await listen(wanted);
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || portArg !== undefined) {
    usage(`cannot listen on ${host}:${wanted}: ${(error as Error).message}`);
  }
  say(m.portTaken(wanted));
  port = await listen(0);
}
const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/`;
say(m.at(url));
say(m.otherLanguage(url));
say(m.hookPort(hookPort));
process.send?.({ url, port, hookPort, pid: process.pid });

let closing = false;
async function shutdown(why: string): Promise<void> {
  if (closing) {
    say(m.again(why));
    await lab.harness.stopAll();
    process.exit(130);
  }
  closing = true;
  say(m.stopping(why));
  http.closeIdleConnections();
  const survivors = await lab.close();
  http.closeAllConnections();
  http.close();
  for (const s of survivors) console.error(m.couldNotEnd(s.pid, s.cmdline));
  say(survivors.length ? m.stoppedWithLeft : m.stoppedClean);
  process.exit(survivors.length ? 1 : 0);
}
process.on('SIGINT', () => void shutdown('Ctrl-C'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
if (process.send) process.on('disconnect', () => void shutdown(m.parentGone));
