// A relative import, as in the stages: vitest bundles relative imports of its config, but would
// hand a workspace package's .ts file (@cluster-from-scratch/kit/vitest-config) to plain Node.
import { stageConfig } from '../kit/src/vitest-config.ts';

export default stageConfig();
