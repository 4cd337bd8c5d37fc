/**
 * Demo narration: every line says which process printed it.
 *
 *   [primary 4242] listening on 127.0.0.1:38211
 *   [worker 2 4250] served GET / (connection from 127.0.0.1:51622)
 *
 * In Chinese (`--lang zh`, CFS_LANG=zh or a zh locale) the role words are translated from the
 * kit's catalogue and the rest stays, so the pid and the numbers read the same:
 *
 *   [主进程 4242] …
 *   [工作进程 2 4250] …
 *
 * Demos keep passing the English role (`narrator('primary')`, `workerRole(2)`): it is a key, and
 * a role the catalogue does not know prints as it is.
 *
 * Narration is the lesson's voice and always prints. Debug traces that a learner may want
 * only sometimes go through util.debuglog instead (NODE_DEBUG=cfs-…).
 */
import { inLanguage, type Language } from './language.ts';
import en from './messages/en.ts';
import zh from './messages/zh.ts';

export type Say = (...parts: unknown[]) => void;

/**
 * The role in the chosen language: each word that is a role key ('primary', 'worker', 'host')
 * becomes its translation; ids, addresses and words the catalogue does not know stay as they are.
 *   'worker 2' → '工作进程 2'   'host 127.0.1.1 primary' → '主机 127.0.1.1 主进程'
 */
export function roleInLanguage(role: string, lang?: Language): string {
  const roles: Record<string, string> = inLanguage({ en, zh }, lang).roles;
  return role
    .split(' ')
    .map((word) => (Object.hasOwn(roles, word) ? (roles[word] ?? word) : word))
    .join(' ');
}

export function narrator(role: string, pid = process.pid): Say {
  const prefix = `[${roleInLanguage(role)} ${pid}]`;
  return (...parts) => {
    console.log(prefix, ...parts);
  };
}

/** The label every stage uses for a worker: "worker <id> <pid>". */
export function workerRole(id: number | string): string {
  return `worker ${id}`;
}
