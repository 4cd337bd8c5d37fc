import { stageConfig } from './src/vitest-config.ts';

export default stageConfig();
