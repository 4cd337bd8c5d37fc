/**
 * The command line of src/serve.ts, checked before any thread starts.
 *
 *   --workers N  --strategy reuseport|proxy|auto  --limit N  --window MS  --port P
 *   --max-old-mb MB  --quiet  --lang en|zh  --help
 *
 * Bad input gets one clear line naming the flag, and nothing is bound or started.
 */
import { UsageError, whole } from '@cluster-from-scratch/05-auto-restart/serve-args';
import { parseFlags } from '@cluster-from-scratch/kit/flags';
import { nodeHas } from '@cluster-from-scratch/kit/node-lines';
import type { Strategy, ThreadClusterOptions } from './thread-cluster.ts';

// The same checked flags and the same error class as stage 05's serve.ts.
export { UsageError };

export const SERVE_USAGE = `usage: serve.ts [--workers N] [--strategy reuseport|proxy|auto] [--limit N] [--window MS]
                [--port P] [--max-old-mb MB] [--quiet] [--lang en|zh]
  --workers N        worker threads in this one process (default 2)
  --strategy S       reuseport: every thread listens on the port (Node 22.12+ / 23.1+)
                     proxy: every thread on a port of its own, the main thread relays
                     auto (default): reuseport where this Node has it, proxy elsewhere
  --limit N, --window MS  restarts allowed per window before giving up (default 10 per 60000)
  --port P           default 0: the kernel picks a free port
  --max-old-mb MB    a heap limit per thread (resourceLimits.maxOldGenerationSizeMb)
  --quiet            no narration (the bench)
  --lang en|zh       the language of the narration
signals: SIGTERM / SIGINT graceful shutdown`;

export type ServeArgs =
  | { help: true }
  | { help: false; quiet: boolean; options: ThreadClusterOptions };

/** reuseport where this Node line has it (kit/src/node-lines.ts), the proxy elsewhere. */
export function autoStrategy(version = process.versions.node): Strategy {
  return nodeHas('reusePort', version) ? 'reuseport' : 'proxy';
}

export function parseServeArgs(argv: string[]): ServeArgs {
  const values = parseFlags(argv, {
    workers: { type: 'string' },
    strategy: { type: 'string' },
    limit: { type: 'string' },
    window: { type: 'string' },
    port: { type: 'string' },
    'max-old-mb': { type: 'string' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    lang: { type: 'string' }, // read by kit/src/language.ts, not here
  });
  if (values.help) return { help: true };
  const raw = (name: string) => values[name] as string | undefined;
  const strategy = raw('strategy') ?? 'auto';
  if (!['reuseport', 'proxy', 'auto'].includes(strategy)) {
    throw new UsageError(`--strategy must be reuseport, proxy or auto, got '${strategy}'`);
  }
  const port = whole('port', raw('port'), 0);
  if (port !== undefined && port > 65535) {
    throw new UsageError(`--port must be at most 65535, got '${port}'`);
  }
  const maxOldMb = whole('max-old-mb', raw('max-old-mb'), 1);
  return {
    help: false,
    quiet: values.quiet === true,
    options: {
      workers: whole('workers', raw('workers'), 1) ?? 2,
      strategy: strategy === 'auto' ? autoStrategy() : (strategy as Strategy),
      limit: whole('limit', raw('limit'), 0),
      windowMs: whole('window', raw('window'), 1),
      port,
      resourceLimits: maxOldMb === undefined ? undefined : { maxOldGenerationSizeMb: maxOldMb },
    },
  };
}
