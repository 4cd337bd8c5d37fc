/**
 * The hello-world app every mode serves, identical everywhere so modes can be compared.
 *
 * Each response names the process that served it (header `x-served-by` and the body),
 * which is how tests, benchmarks and the lab tally requests per worker without asking the
 * servers anything.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { labEvent } from './lab-hook.ts';

export const SERVED_BY_HEADER = 'x-served-by';

export function helloHandler(req: IncomingMessage, res: ServerResponse): void {
  answerHello(String(process.pid), req, res);
}

/**
 * The same app for a server that is not a whole process: a worker *thread* names itself
 * `<pid>.<threadId>` (stage 08), so the tallies count threads, not the one process they share.
 */
export function helloHandlerAs(
  servedBy: string,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => answerHello(servedBy, req, res);
}

function answerHello(servedBy: string, req: IncomingMessage, res: ServerResponse): void {
  const body = `hello from ${servedBy}\n`;
  res.writeHead(200, {
    'content-type': 'text/plain',
    'content-length': Buffer.byteLength(body),
    [SERVED_BY_HEADER]: servedBy,
  });
  res.end(body);
  // Free when the lab is not running (one boolean check); otherwise the page sees the request.
  labEvent('request', { detail: `${req.method} ${req.url}` });
}
