/**
 * Starting a worker thread whose code is TypeScript, on every Node line.
 *
 *   startThread(new URL('./thread-server.ts', import.meta.url), { workerData })
 *        │
 *        └─▶ new Worker(<two lines of JS>, { eval: true })
 *                 1. register tsx's require hook inside the new thread
 *                 2. require the .ts file (tsx compiles its imports as it goes)
 *
 * Why not `new Worker(url)`: a thread starts with a fresh module loader. On Node 24 and later
 * the loader hooks that `--import tsx` installed reach new threads too; on Node 20 they do not,
 * and the thread dies with "Unknown file extension .ts". Registering tsx's ESM loader from
 * inside the thread hangs on Node 20 when the program was started by the tsx command; its
 * require hook works on every line and under both `tsx` and `node --import tsx`. Nothing else changes: workerData, resourceLimits, stdout
 * and the thread's events are the Worker's own.
 */
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const tsxRequireHook = fileURLToPath(import.meta.resolve('tsx/cjs/api'));

export function startThread(file: URL, options: WorkerOptions = {}): Worker {
  const boot = `require(${JSON.stringify(tsxRequireHook)}).register(); require(${JSON.stringify(fileURLToPath(file))});`;
  return new Worker(boot, { ...options, eval: true });
}
