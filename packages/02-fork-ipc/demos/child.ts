/**
 * The child of the stage 02 demo (forked by demos/main.ts). It narrates what it sees of the
 * channel, answers RPC calls, makes one of its own, and disconnects in the middle of a request.
 */
import { narrator, workerRole } from '@cluster-from-scratch/kit/narrate';
import { canInspect, inspectOwnChannel } from '../src/channel.ts';
import { rpc } from '../src/endpoint.ts';

const say = narrator(workerRole(1));

if (canInspect) {
  const ch = inspectOwnChannel();
  say(
    `NODE_CHANNEL_FD=${ch.fd} (from /proc/self/environ; Node removed it from process.env: ${process.env.NODE_CHANNEL_FD})`,
  );
  say(
    `fd ${ch.fd} → ${ch.link}: ${ch.unix?.type}, ${ch.unix?.state}, listening=${ch.unix?.listening} — a Unix socket, not a pipe`,
  );
}

const endpoint = rpc(process);
endpoint
  .handle('add', (p) => {
    const { a, b } = p as { a: number; b: number };
    say(`handling add(${a}, ${b})`);
    return a + b;
  })
  .handle('divide', async (p) => {
    const { a, b } = p as { a: number; b: number };
    say(`handling divide(${a}, ${b})`);
    if (b === 0)
      throw Object.assign(new RangeError(`cannot divide ${a} by 0`), { code: 'E_DIV_ZERO' });
    return a / b;
  })
  .handle('slow', () => new Promise(() => say('handling slow: taking my time (forever)')))
  .handle('work', () => {
    say('handling work… and disconnecting before I answer');
    setImmediate(() => process.disconnect());
    return new Promise(() => {});
  });

process.on('message', async (message) => {
  say('got a user message:', JSON.stringify(message));
  if ((message as { please?: string }).please === 'ask me') {
    const me = await endpoint.request<{ pid: number }>('whoami');
    say(`asked the primary whoami over RPC: pid ${me.pid}`);
    process.send?.({ whoamiAnswered: me.pid });
  }
});

process.on('disconnect', () => {
  say(
    `'disconnect' fired; process.connected = ${process.connected}; nothing keeps me alive, exiting`,
  );
});

say('handlers attached; telling the primary I am ready (a plain message)');
process.send?.({ hello: 'ready', pid: process.pid });
