// Relative on purpose: vitest bundles a relative import of its config file, whereas a
// workspace package name would hand the .ts file to plain Node, which cannot load it.
import { stageConfig } from '../kit/src/vitest-config.ts';

export default stageConfig();
