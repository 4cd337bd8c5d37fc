// A relative import on purpose: vitest bundles relative imports of its config, but would
// hand a workspace package's .ts file to plain Node, which cannot load TypeScript.
import { stageConfig } from '../../kit/src/vitest-config.ts';

export default stageConfig();
