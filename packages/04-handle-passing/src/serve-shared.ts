/**
 * Shared listening socket server: `tsx src/serve-shared.ts --workers 4 [--primary-serves]`.
 * See serve.ts for the options, the IPC report and the shutdown.
 */
import { runServeCli } from './serve.ts';

await runServeCli('shared');
