/**
 * Exercise 02.3 — Disconnect without losing queued messages.
 * This file is yours: write disconnectWhenFlushed() where it says TODO(exercise 02.3); the rest is
 * done. Check it with `npm run verify -- 02.3`; stuck? `npm run hint -- 02.3`.
 * (Made from the solution, src/flush.ts, by `npm run exercises:generate`.)
 *
 * Disconnecting without losing what is still queued.
 *
 *   send(m1) send(m2) … send(m20)      disconnect()
 *   ├── m1…m12 in the kernel ──┤├── m13…m20 still in Node's write queue ──┤
 *                                     └─▶ closed with the handle: never sent,
 *                                         and their callbacks still say "no error" (Node 20)
 *
 * When the other side reads slowly, send() queues messages in the sending process. Node's
 * disconnect() closes the channel at once and the queued writes are cancelled; the callbacks
 * of those sends are called without an error all the same (test/backpressure.test.ts shows it).
 *
 * The fix uses one fact: writes on a stream complete in order. So send a marker with a
 * callback; when the marker is written, everything sent before it is in the kernel, and the
 * kernel delivers a closed socket's data before the end-of-file. Then disconnect.
 * The marker is an internal envelope, so no 'message' listener ever sees it.
 */
import { once } from 'node:events';
import { FLUSH } from '../src/envelope.ts';
import { type IpcTarget, sendOn } from '../src/target.ts';

/** Resolves when every message sent on `target` before this call has left this process. */
export function flush(target: IpcTarget): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      sendOn(target, FLUSH, (error) => (error ? reject(error) : resolve()));
    } catch (error) {
      reject(error);
    }
  });
}

/**
 * disconnect(), but only after every message already sent has left this process. Resolves
 * once the 'disconnect' event has fired.
 */
export async function disconnectWhenFlushed(target: IpcTarget): Promise<void> {
  if (!target.connected) return;
  const disconnected = once(target, 'disconnect');
  // TODO(exercise 02.3): this disconnects at once, and Node drops whatever is still queued.
  // Wait until everything sent so far has left this process first (flush() above), then
  // disconnect — unless someone else disconnected meanwhile (a second disconnect is an error).
  target.disconnect?.();
  await disconnected;
}
