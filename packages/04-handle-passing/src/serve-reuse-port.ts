/**
 * A socket per worker on one port (SO_REUSEPORT, Node 22.12+):
 * `tsx src/serve-reuse-port.ts --workers 4`. See serve.ts for the options, the IPC report and
 * the shutdown, and reuse-port.ts for how it works.
 */
import { runServeCli } from './serve.ts';

await runServeCli('reuse-port');
