/**
 * How the lab names a worker: a process by its pid, a worker thread (stage 08) by its label.
 *
 *   x-served-by: 4242     ──▶ 4242       (a number: the process is the worker)
 *   x-served-by: 4242.3   ──▶ '4242.3'   (a string: thread 3 of process 4242)
 *
 * Threads share their process's pid, so a pid alone would count every thread as one worker.
 * A process keeps its plain number, so every mode that has no threads reads as before; a thread
 * gets kit's workerLabel(), the name it gives itself in x-served-by.
 */
import { workerLabel } from '@cluster-from-scratch/kit/http-load';

export type WorkerKey = number | string;

/** The key of whoever served a response: its pid, or `<pid>.<threadId>` for a thread. */
export function workerKey(pid: number, thread?: number): WorkerKey {
  return thread === undefined ? pid : workerLabel({ pid, thread });
}

/** The process a worker lives in. */
export function pidOf(key: WorkerKey): number {
  return typeof key === 'number' ? key : Number(key.split('.')[0]);
}

/** The thread id, for a thread's key; undefined for a process. */
export function threadOf(key: WorkerKey): number | undefined {
  return typeof key === 'number' ? undefined : Number(key.split('.')[1]);
}
