/**
 * Exercise 02.2 — Reject pending requests when the other side goes away.
 * This file is yours: write watchPeer() where it says TODO(exercise 02.2); the rest is done. Check
 * it with `npm run verify -- 02.2`; stuck? `npm run hint -- 02.2`.
 * (Made from the solution, src/peer.ts, by `npm run exercises:generate`.)
 *
 * Knowing when the other side is gone, so nothing waits for a reply that cannot come.
 *
 *   child crashes ──▶ kernel closes its end ──▶ parent reads EOF ──▶ 'disconnect' ──▶ onGone()
 *   child.disconnect() / process.disconnect() ──────────────────────▶ 'disconnect' ──▶ onGone()
 *
 * Why 'disconnect' and not 'exit': 'exit' comes from SIGCHLD and can be handled before the
 * last bytes the child wrote have been read off the socket — a reply sent just before
 * process.exit() would be rejected although it is on its way. 'disconnect' comes after EOF,
 * so every message the peer wrote has been delivered by then: it is the moment when nothing
 * more can arrive. 'exit' only adds detail (the code or signal) when it is known by then.
 *
 * In a child, listening for 'disconnect' on `process` keeps the channel referenced, so the
 * child stays alive while someone watches — just as a 'message' listener does.
 */
import type { ChildProcess } from 'node:child_process';
import { type IpcTarget, peerName } from '../src/target.ts';

export interface PeerGone {
  /** "child 4250" or "parent 4242". */
  peer: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** What happened, for error messages: "child 4250 exited with code 3". */
  description: string;
}

/**
 * Calls `onGone` once, when the channel to `target` closes (at once, on a later tick, if it is
 * closed already). Returns a function that stops watching.
 */
export function watchPeer(target: IpcTarget, onGone: (gone: PeerGone) => void): () => void {
  // TODO(exercise 02.2): call onGone(describeGone(target)) exactly once, when `target` emits
  // 'disconnect' — or on a later tick if the channel is closed already (target.connected is
  // false). Return a function that stops watching (removes your listener, and makes sure
  // onGone is never called afterwards).
  void target;
  void onGone;
  throw new Error('TODO(exercise 02.2): reject pending requests when the other side goes away');
}

/** Names the peer and, for a child that has already exited, how it ended. */
export function describeGone(target: IpcTarget): PeerGone {
  const peer = peerName(target);
  if (target === process) {
    return { peer, exitCode: null, signal: null, description: `${peer} closed the channel` };
  }
  const child = target as ChildProcess;
  const { exitCode, signalCode: signal } = child;
  const description =
    signal !== null
      ? `${peer} was killed by ${signal}`
      : exitCode !== null
        ? `${peer} exited with code ${exitCode}`
        : `${peer} closed the channel`;
  return { peer, exitCode, signal, description };
}
