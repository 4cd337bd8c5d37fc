export { exec } from './exec.ts';
export {
  DEFAULT_MAX_BUFFER,
  type ExecCallback,
  type ExecError,
  type ExecFileOptions,
  execFile,
} from './exec-file.ts';
export { type ForkOptions, fork } from './fork.ts';
export { forkStdio, IpcRequiredError } from './fork-stdio.ts';
export { OutputCollector } from './output-collector.ts';
export { shellCommand } from './shell-command.ts';
