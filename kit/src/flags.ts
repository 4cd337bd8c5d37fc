/**
 * A program's flags, checked before it starts anything: node:util's parseArgs, strict, with
 * a bad flag turned into a UsageError the program prints beside its usage line (exit 2).
 *
 *   parseFlags(['--workers', '4'], { workers: { type: 'string' } })  ─▶ { workers: '4' }
 *   parseFlags(['--wrokers', '4'], …)  ─▶ UsageError: Unknown option '--wrokers' …
 *   parseFlags(['4'], …)               ─▶ UsageError: Unexpected argument '4' …
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** Bad command-line input: the message says which flag and why. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type Flags = Record<string, string | boolean | undefined>;

/** No positionals and no unknown flag; a flag's value stays text for the program to check. */
export function parseFlags(
  argv: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
): Flags {
  try {
    return parseArgs({ args: [...argv], strict: true, allowPositionals: false, options })
      .values as Flags;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
