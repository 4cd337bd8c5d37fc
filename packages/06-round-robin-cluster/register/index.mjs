// `node --import @cluster-from-scratch/06-round-robin-cluster/register`: the same as --require
// (register/index.cjs does all the work, and works from either).
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./index.cjs');
