/**
 * `npm run leak-check`: is anything started by a harness (tests, the tour) still running?
 * With CFS_RUN_ID set it checks only that run, which is what `npm test` does in-process.
 */
import { findLeaks } from '../src/leaks.ts';
import { processesCarrying } from '../src/platform.ts';

const runId = process.env.CFS_RUN_ID;
const leaks = runId
  ? await findLeaks(runId)
  : processesCarrying('CFS_HARNESS_ID')
      .filter((row) => row.pid !== process.pid)
      .map((row) => ({ pid: row.pid, cmdline: row.command }));
for (const leak of leaks) console.log(`still running: pid ${leak.pid}: ${leak.cmdline}`);
console.log(leaks.length ? `${leaks.length} leaked process(es)` : 'no leaked processes');
process.exit(leaks.length ? 1 : 0);
