/**
 * The application every worker serves: kit's hello app, plus one route with a bug.
 *
 *   GET /       → 200 "hello from <pid>"   (header x-served-by: <pid>)
 *   GET /crash  → no answer: a callback throws, and nothing can catch it
 *
 * The bug is thrown from a callback, not from the handler itself, because that is what a real
 * bug usually looks like: by the time it throws, the request handler has long returned, no
 * try/catch is on the stack, and the error reaches process 'uncaughtException' (a1-03: without
 * a handler, the whole process goes down with exit status 1). The request that triggered it
 * never gets a response; every other request must still succeed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { helloHandler } from '@cluster-from-scratch/kit/hello-app';

export const CRASH_PATH = '/crash';

export function appHandler(req: IncomingMessage, res: ServerResponse): void {
  if (req.url === CRASH_PATH) {
    setImmediate(() => {
      throw new Error(`a bug: GET ${CRASH_PATH} reached worker pid ${process.pid}`);
    });
    return;
  }
  helloHandler(req, res);
}
