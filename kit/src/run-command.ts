/**
 * Runs a tool (biome, turbo, vitest) in the foreground for the repo's command-line scripts,
 * and resolves with its exit code. Ctrl-C reaches it through the shared terminal.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './stages.ts';

export function binPath(tool: string): string {
  return join(repoRoot, 'node_modules', '.bin', tool);
}

export function runTool(
  tool: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; quiet?: boolean } = {},
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(binPath(tool), args, {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, ...options.env },
      stdio: options.quiet ? 'ignore' : 'inherit',
    });
    child.on('error', (error) => {
      console.error(`could not start ${tool}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
