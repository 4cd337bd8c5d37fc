/**
 * Listening to a forked child: the next message it sends, and the moment it is gone.
 *
 *   nextMessage(child, isReady, 'worker 1 to say ready')
 *     ├─ resolves with the first message that passes the filter
 *     ├─ rejects as soon as the child is gone (it will say nothing more)
 *     └─ rejects after `timeout` ms, naming what did not happen
 *
 *   whenGone(child, callback)   once, on 'disconnect' or on 'exit', whichever tells us first
 *
 * Why both events: Node postpones 'disconnect' while a sent handle waits for the child's
 * acknowledgement, so a child that dies holding an unacknowledged handle never emits
 * 'disconnect' at all; 'exit' still comes. And why a setImmediate after 'exit': the exit can
 * be noticed in the same turn of the event loop as the last bytes the child wrote before
 * dying; giving the channel one turn to be read means a message sent just before death is
 * still delivered before we declare the child gone.
 */
import type { ChildProcess } from 'node:child_process';
import { withTimeout } from '@cluster-from-scratch/kit/timeout';

export function whenGone(child: ChildProcess, callback: () => void): () => void {
  let done = false;
  let immediate: NodeJS.Immediate | undefined;
  const fire = () => {
    if (done) return;
    done = true;
    unsubscribe();
    callback();
  };
  const onExit = () => {
    immediate = setImmediate(fire);
  };
  const unsubscribe = () => {
    child.off('disconnect', fire);
    child.off('exit', onExit);
    if (immediate) clearImmediate(immediate);
  };
  child.once('disconnect', fire);
  child.once('exit', onExit);
  if (!child.connected) queueMicrotask(fire);
  return () => {
    done = true;
    unsubscribe();
  };
}

export function nextMessage<T>(
  child: ChildProcess,
  filter: (message: unknown) => message is T,
  what: string,
  timeout?: number,
): Promise<T> {
  let cleanup = () => {};
  const found = new Promise<T>((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!filter(message)) return;
      cleanup();
      resolve(message);
    };
    const stopWatching = whenGone(child, () => {
      cleanup();
      reject(new Error(`pid ${child.pid} exited or disconnected before ${what}`));
    });
    cleanup = () => {
      child.off('message', onMessage);
      stopWatching();
    };
    child.on('message', onMessage);
  });
  return withTimeout(found, `${what} (pid ${child.pid})`, timeout).finally(() => cleanup());
}
