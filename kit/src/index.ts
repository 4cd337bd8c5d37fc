export * from './fairness.ts';
export * from './harness.ts';
export * from './hello-app.ts';
export * from './http-load.ts';
export * from './narrate.ts';
export * from './procfs.ts';
export * from './timeout.ts';
export * from './tsx-loader.ts';
