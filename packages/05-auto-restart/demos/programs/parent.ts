/**
 * A bare parent, like egg-cluster's master as far as its agent is concerned: it forks one
 * child with child_process.fork and does nothing to end it.
 *
 *   parent.ts <child.ts> [child args…]
 *
 * It passes the child's first message on to its own parent, adding { parentPid }, so a test
 * or demo learns both pids; then it idles until it is killed.
 */
import { fork } from 'node:child_process';

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: parent.ts <child.ts> [child args…]');
  process.exit(2);
}
const child = fork(script, args);
child.once('message', (message) => {
  process.send?.({ ...(message as object), parentPid: process.pid });
});
setInterval(() => undefined, 1000);
