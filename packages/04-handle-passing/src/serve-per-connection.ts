/**
 * Per-connection passing server: `tsx src/serve-per-connection.ts --workers 4`.
 * See serve.ts for the options, the IPC report and the shutdown.
 */
import { runServeCli } from './serve.ts';

await runServeCli('per-connection');
