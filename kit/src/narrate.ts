/**
 * Demo narration: every line says which process printed it.
 *
 *   [primary 4242] listening on 127.0.0.1:38211
 *   [worker 2 4250] served GET / (connection from 127.0.0.1:51622)
 *
 * Narration is the lesson's voice and always prints. Debug traces that a learner may want
 * only sometimes go through util.debuglog instead (NODE_DEBUG=cfs-…).
 */
export type Say = (...parts: unknown[]) => void;

export function narrator(role: string, pid = process.pid): Say {
  const prefix = `[${role} ${pid}]`;
  return (...parts) => {
    console.log(prefix, ...parts);
  };
}

/** The label every stage uses for a worker: "worker <id> <pid>". */
export function workerRole(id: number | string): string {
  return `worker ${id}`;
}
