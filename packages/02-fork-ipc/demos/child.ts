/**
 * The child of the stage 02 demo (forked by demos/main.ts). It narrates what it sees of the
 * channel, answers RPC calls, makes one of its own, and disconnects in the middle of a request.
 */
import { inLanguage } from '@cluster-from-scratch/kit/language';
import { narrator, workerRole } from '@cluster-from-scratch/kit/narrate';
import { needsLinux } from '@cluster-from-scratch/kit/platform';
import { canInspect, inspectOwnChannel } from '../src/channel.ts';
import { rpc } from '../src/endpoint.ts';
import en from './messages/en.ts';
import zh from './messages/zh.ts';

// The primary's language reaches this process through CFS_LANG.
const m = inLanguage({ en, zh }).worker;
const say = narrator(workerRole(1));

// The descriptor and the environment can be read on every platform; the Unix socket table that
// says what kind of socket it is only on Linux (/proc/net/unix).
const ch = inspectOwnChannel();
say(m.channelFd(ch.fd, 'NODE_CHANNEL_FD' in process.env));
if (canInspect)
  say(m.channelIsSocket(ch.fd, ch.link, ch.unix?.type, ch.unix?.state, ch.unix?.listening));
else say(needsLinux('unixSocketTable'));

const endpoint = rpc(process);
endpoint
  .handle('add', (p) => {
    const { a, b } = p as { a: number; b: number };
    say(m.handlingAdd(a, b));
    return a + b;
  })
  .handle('divide', async (p) => {
    const { a, b } = p as { a: number; b: number };
    say(m.handlingDivide(a, b));
    if (b === 0)
      throw Object.assign(new RangeError(`cannot divide ${a} by 0`), { code: 'E_DIV_ZERO' });
    return a / b;
  })
  .handle('slow', () => new Promise(() => say(m.handlingSlow)))
  .handle('work', () => {
    say(m.handlingWorkThenDisconnect);
    setImmediate(() => process.disconnect());
    return new Promise(() => {});
  });

process.on('message', async (message) => {
  say(m.gotUserMessage(JSON.stringify(message)));
  if ((message as { please?: string }).please === 'ask me') {
    const me = await endpoint.request<{ pid: number }>('whoami');
    say(m.askedWhoami(me.pid));
    process.send?.({ whoamiAnswered: me.pid });
  }
});

process.on('disconnect', () => {
  say(m.disconnected(process.connected));
});

say(m.ready);
process.send?.({ hello: 'ready', pid: process.pid });
