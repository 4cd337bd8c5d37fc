/**
 * Exercise 05.2 — No orphans: exit when the IPC channel to the parent closes.
 * This file is yours: write the disconnect listener where it says TODO(exercise 05.2); the rest is
 * done. Check it with `npm run verify -- 05.2`; stuck? `npm run hint -- 05.2`.
 * (Made from the solution, src/exit-on-disconnect.ts, by `npm run exercises:generate`.)
 *
 * Never an orphan: a child leaves when the channel to its parent closes.
 *
 *   primary ══ IPC ══ worker            primary ✝ (SIGKILL)      worker
 *                                          kernel closes its end ──▶ 'disconnect'
 *                                                                   beforeExit() → exit(0)
 *
 * When a parent dies, the kernel gives its children to init (or a subreaper) and lets them
 * run on. egg-cluster's agent, started with child_process.fork, is the article's example
 * (a2): nothing ends it when the master is SIGKILLed, and a child that has a timer or a
 * socket keeps running with nobody to supervise it, holding ports and memory. (A child with
 * nothing but a 'message' listener exits anyway: the closed channel was its last reason to
 * live.)
 *
 * No signal reaches the child when its parent is killed, but the IPC channel is a socket
 * whose other end the kernel closes when the parent's descriptors go, so the child sees
 * 'disconnect'. node:cluster workers exit on it (a2-24); here is the same idea for any
 * forked child. In goes what to do before leaving (finish requests, flush logs); out comes
 * a process that cannot outlive its parent's channel.
 */

export function exitOnDisconnect(beforeExit: () => void | Promise<void> = () => undefined): void {
  if (!process.send) {
    throw new Error(
      'exitOnDisconnect: this process has no IPC channel to a parent (start it with child_process.fork)',
    );
  }
  // TODO(exercise 05.2): when the channel to the parent closes (process 'disconnect'), run
  // beforeExit (it may return a promise; a failure must not stop the exit), then exit(0).
  throw new Error(`TODO(exercise 05.2): exitOnDisconnect (${typeof beforeExit})`);
}
