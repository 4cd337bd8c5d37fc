/**
 * The command line of `npm run bench`.
 *
 *   npm run bench                          every default scenario, full length (~5–10 min)
 *   npm run bench -- distribution herd     just those
 *   npm run bench -- --quick               a tiny load: a smoke run (what tests call)
 *   npm run bench -- --repeats 5           more repeats than the default 3
 *   npm run bench -- herd --modes node-none,s05-supervisor   other modes (--list shows them)
 *   npm run bench -- --out /tmp/r          JSON somewhere else (tests use this)
 *   npm run bench -- --no-docs | --docs    skip / force rebuilding the docs page
 *   npm run bench -- --docs-only           rebuild the docs page from the JSON, measure nothing
 *
 * A full run writes bench/results/<scenario>.json and rebuilds docs/{en,zh}/benchmarks.md.
 * A --quick run writes bench/results/quick/ and leaves the docs alone (tiny loads make
 * misleading figures), unless --docs is given.
 */
import { parseArgs } from 'node:util';

export interface CliOptions {
  scenarios: string[];
  quick: boolean;
  repeats: number | undefined;
  outDir: string | undefined;
  docs: boolean;
  /** Rebuild the docs page from the JSON already in the results directory, measure nothing. */
  docsOnly: boolean;
  /** Replaces the modes of distribution, herd and fds (e.g. to add s05-supervisor). */
  modes: string[] | undefined;
  help: boolean;
  list: boolean;
}

export class CliError extends Error {
  override name = 'CliError';
}

export const USAGE = `usage: npm run bench -- [scenario…] [--quick] [--repeats N] [--modes a,b] [--out DIR] [--docs | --no-docs | --docs-only] [--list]`;

export function parseCli(
  argv: readonly string[],
  known: readonly string[],
  knownModes: readonly string[] = [],
): CliOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const unknown = positionals.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new CliError(
      `unknown scenario ${unknown.map((n) => `'${n}'`).join(', ')}; scenarios: ${known.join(', ')}\n${USAGE}`,
    );
  }
  let repeats: number | undefined;
  if (values.repeats !== undefined) {
    repeats = Number(values.repeats);
    if (!Number.isInteger(repeats) || repeats < 1 || repeats > 50) {
      throw new CliError(`--repeats must be a whole number from 1 to 50, got '${values.repeats}'`);
    }
  }
  if ((values.docs || values['docs-only']) && values['no-docs']) {
    throw new CliError('--docs and --no-docs contradict each other');
  }
  if (values['docs-only'] && positionals.length > 0) {
    throw new CliError('--docs-only measures nothing: leave out the scenario names');
  }
  let modes: string[] | undefined;
  if (values.modes !== undefined) {
    modes = values.modes
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean);
    const bad = modes.filter((m) => !knownModes.includes(m));
    if (modes.length === 0 || bad.length > 0) {
      throw new CliError(
        `--modes: unknown mode ${bad.map((m) => `'${m}'`).join(', ') || "''"}; modes: ${knownModes.join(', ')}`,
      );
    }
  }
  const quick = Boolean(values.quick);
  return {
    scenarios: [...new Set(positionals)],
    quick,
    repeats,
    outDir: values.out,
    docs: values.docs || values['docs-only'] ? true : values['no-docs'] ? false : !quick,
    docsOnly: Boolean(values['docs-only']),
    modes,
    help: Boolean(values.help),
    list: Boolean(values.list),
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      quick: { type: 'boolean' },
      repeats: { type: 'string' },
      out: { type: 'string' },
      modes: { type: 'string' },
      docs: { type: 'boolean' },
      'docs-only': { type: 'boolean' },
      'no-docs': { type: 'boolean' },
      list: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
