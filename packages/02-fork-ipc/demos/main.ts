/**
 * Stage 02 demo: `npm start -- 2`.
 *
 *   primary ──fork──▶ worker 1
 *      │  messages both ways ('message' events)
 *      │  RPC: add, whoami (the other way), an error with a code, a timeout
 *      └─ a request in flight when the worker disconnects: rejected at once, nothing hangs
 *
 * Ends by itself in a few seconds, with the child gone.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { canInspect, inspectFd } from '../src/channel.ts';
import { rpc } from '../src/endpoint.ts';
import type { RpcError } from '../src/errors.ts';

const say = narrator('primary');
const describe = (e: unknown) => {
  const error = e as RpcError;
  const remote = error.remote ? `, thrown as ${error.remote.name} in the child` : '';
  return `${error.name}: ${error.message} (code ${error.code}${remote})`;
};

say('forking demos/child.ts');
const child = fork(fileURLToPath(new URL('./child.ts', import.meta.url)));
const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
say(`forked worker 1 as pid ${child.pid}`);
if (canInspect) {
  const fd = (child.channel as { fd?: number } | null)?.fd;
  const end = fd === undefined ? undefined : inspectFd(fd);
  if (end)
    say(`my end of the channel: fd ${fd} → ${end.link} (${end.unix?.type}, ${end.unix?.state})`);
}

// 1. Plain messages, both ways. Counting what reaches 'message' shows the RPC envelopes
// below never do: they travel as 'internalMessage'.
let userMessages = 0;
child.on('message', () => userMessages++);
const endpoint = rpc(child, { defaultTimeout: 5000 });
endpoint.handle('whoami', () => {
  say('handling whoami for the worker');
  return { pid: process.pid };
});
const [hello] = await once(child, 'message');
say('got a user message:', JSON.stringify(hello));
child.send({ from: 'primary', text: 'hello worker' });

// 2. RPC, both ways.
const sum = await endpoint.request<number>('add', { a: 2, b: 3 });
say(`request add(2, 3) → ${sum}`);
child.send({ please: 'ask me' });
const [asked] = await once(child, 'message');
say('got a user message:', JSON.stringify(asked));

// 3. An error crosses the channel with its message and code.
await endpoint
  .request('divide', { a: 1, b: 0 })
  .catch((e) => say(`request divide(1, 0) rejected → ${describe(e)}`));

// 4. A timeout names the method it gave up on.
await endpoint
  .request('slow', null, { timeout: 300 })
  .catch((e) => say(`request slow (timeout 300 ms) → ${describe(e)}`));

// 5. The worker disconnects while a request is in flight.
child.once('disconnect', () => say(`'disconnect' fired; child.connected = ${child.connected}`));
await endpoint
  .request('work', null, { timeout: 0 })
  .catch((e) => say(`request work → ${describe(e)}`));
const returned = child.send('anyone there?', (error) =>
  say(
    `send after disconnect returned ${returned}; its callback got ${(error as NodeJS.ErrnoException)?.code}`,
  ),
);
await exited;
say(`${userMessages} user messages reached 'message'; none of the RPC envelopes did`);
say(`worker 1 exited (code ${child.exitCode}); done`);
