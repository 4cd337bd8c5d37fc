/**
 * An "agent": a side process forked with child_process.fork, like egg-cluster's agent (a2).
 *
 *   agent.ts timer               keeps a timer (background work): survives its parent's death
 *   agent.ts message-only        only listens for messages: exits when the channel closes
 *   agent.ts exit-on-disconnect  keeps a timer, but leaves on 'disconnect' (the fix)
 *
 * It tells its parent { agent: 'ready', pid, ppid, mode } once set up.
 */
import { narrator } from '@cluster-from-scratch/kit/narrate';
import { exitOnDisconnect } from '../../src/exit-on-disconnect.ts';
import { m } from '../../src/messages/index.ts';

const modes = ['timer', 'message-only', 'exit-on-disconnect'] as const;
type Mode = (typeof modes)[number];
const mode = (process.argv[2] ?? 'timer') as Mode;
if (!modes.includes(mode)) {
  console.error(`agent: mode must be one of ${modes.join(', ')}, got '${mode}'`);
  process.exit(2);
}
const say = narrator('agent');

if (mode === 'timer' || mode === 'exit-on-disconnect') {
  // Background work (a schedule, a file watcher): this alone keeps the process alive.
  setInterval(() => undefined, 1000);
}
if (mode === 'message-only') process.on('message', () => undefined);
if (mode === 'exit-on-disconnect') {
  exitOnDisconnect(() => say(m.orphans.agentLeaving));
}
process.send?.({ agent: 'ready', pid: process.pid, ppid: process.ppid, mode });
