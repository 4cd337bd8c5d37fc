/**
 * The program the primary forks: one worker serving kit's hello app on whatever socket or
 * connection it is handed. All the logic is in worker.ts so other programs can reuse it.
 */
import { startWorker } from './worker.ts';

startWorker();
