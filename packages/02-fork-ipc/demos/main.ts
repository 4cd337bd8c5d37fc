/**
 * Stage 02 demo: `npm start -- 2`.
 *
 *   primary ──fork──▶ worker 1
 *      │  messages both ways ('message' events)
 *      │  RPC: add, whoami (the other way), an error with a code, a timeout
 *      └─ a request in flight when the worker disconnects: rejected at once, nothing hangs
 *
 * Ends by itself in a few seconds, with the child gone. Its words are in messages/en.ts and
 * messages/zh.ts (`npm start -- 2 --lang zh`); the child reads the language from CFS_LANG.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { inLanguage } from '@cluster-from-scratch/kit/language';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { canInspect, inspectFd } from '../src/channel.ts';
import { rpc } from '../src/endpoint.ts';
import type { RpcError } from '../src/errors.ts';
import en from './messages/en.ts';
import zh from './messages/zh.ts';

const m = inLanguage({ en, zh }).primary;
const say = narrator('primary');
const describe = (e: unknown) => {
  const error = e as RpcError;
  return m.rpcError(error.name, error.message, error.code, error.remote?.name);
};

say(m.forking);
const child = fork(fileURLToPath(new URL('./child.ts', import.meta.url)));
const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
say(m.forked(child.pid));
if (canInspect) {
  const fd = (child.channel as { fd?: number } | null)?.fd;
  const end = fd === undefined ? undefined : inspectFd(fd);
  if (fd !== undefined && end) say(m.myEndOfChannel(fd, end.link, end.unix?.type, end.unix?.state));
}

// 1. Plain messages, both ways. Counting what reaches 'message' shows the RPC envelopes
// below never do: they travel as 'internalMessage'.
let userMessages = 0;
child.on('message', () => userMessages++);
const endpoint = rpc(child, { defaultTimeout: 5000 });
endpoint.handle('whoami', () => {
  say(m.handlingWhoami);
  return { pid: process.pid };
});
const [hello] = await once(child, 'message');
say(m.gotUserMessage(JSON.stringify(hello)));
child.send({ from: 'primary', text: 'hello worker' });

// 2. RPC, both ways.
const sum = await endpoint.request<number>('add', { a: 2, b: 3 });
say(m.addAnswered(sum));
child.send({ please: 'ask me' });
const [asked] = await once(child, 'message');
say(m.gotUserMessage(JSON.stringify(asked)));

// 3. An error crosses the channel with its message and code.
await endpoint.request('divide', { a: 1, b: 0 }).catch((e) => say(m.divideRejected(describe(e))));

// 4. A timeout names the method it gave up on.
await endpoint
  .request('slow', null, { timeout: 300 })
  .catch((e) => say(m.slowTimedOut(describe(e))));

// 5. The worker disconnects while a request is in flight.
child.once('disconnect', () => say(m.disconnected(child.connected)));
await endpoint.request('work', null, { timeout: 0 }).catch((e) => say(m.workRejected(describe(e))));
const returned = child.send('anyone there?', (error) =>
  say(m.sendAfterDisconnect(returned, (error as NodeJS.ErrnoException)?.code)),
);
await exited;
say(m.userMessagesCounted(userMessages));
say(m.workerExited(child.exitCode));
