/**
 * What a started server looks like from the outside, whatever the mode.
 *
 *   'shared'                 workers accept on the primary's socket; the primary closed its copy
 *   'shared-primary-serves'  the same, and the primary accepts and answers too
 *   'per-connection'         only the primary accepts; it hands each connection to a worker
 *   'reuse-port'             every worker binds a socket of its own on the port (reuse-port.ts)
 *
 * The serve scripts report { port, primaryPid, workerPids } from this; tests and benchmarks
 * need nothing else to find every process and every socket.
 */
import type { Server } from 'node:net';
import type { WorkerProcess } from './fork-worker.ts';

export type Mode = 'shared' | 'shared-primary-serves' | 'per-connection' | 'reuse-port';

export const MODES: readonly Mode[] = [
  'shared',
  'shared-primary-serves',
  'per-connection',
  'reuse-port',
];

export interface RunningServer {
  mode: Mode;
  port: number;
  primaryPid: number;
  workers: WorkerProcess[];
  /** The primary's listening server (already closed in 'shared' mode; none in 'reuse-port'). */
  server: Server;
  /** Ends the workers and closes the socket; resolves when every worker has exited. */
  close(): Promise<void>;
}
