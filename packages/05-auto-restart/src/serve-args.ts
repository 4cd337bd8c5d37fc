/**
 * The command line of src/serve.ts, checked before anything starts.
 *
 *   --workers N  --limit N  --window MS  --drain-timeout MS  --keep-alive-timeout MS
 *   --port P  --crash-on-start  --lang en|zh  --help
 *
 * Bad input gets one clear line saying which flag and why, and nothing is bound or forked:
 * a typo must not cost a port or leave a half-started pool.
 */
import { parseFlags, UsageError } from '@cluster-from-scratch/kit/flags';
import type { SupervisorOptions } from './supervisor.ts';

export const SERVE_USAGE = `usage: serve.ts [--workers N] [--limit N] [--window MS] [--drain-timeout MS]
                [--keep-alive-timeout MS] [--port P] [--crash-on-start] [--lang en|zh]
  --workers N            workers to keep running (default 2)
  --limit N, --window MS restarts allowed per window before giving up (default 10 per 60000)
  --drain-timeout MS     how long a leaving worker waits for its connections (default 5000)
  --keep-alive-timeout MS the workers' http keepAliveTimeout, 0 = off (default 5000)
  --port P               default 0: the kernel picks a free port
  --crash-on-start       workers throw while starting up (a crash loop, to see 'giveup')
  --lang en|zh           the language of the narration (default: CFS_LANG, then the locale)
signals: SIGHUP / SIGUSR2 rolling restart, SIGTERM / SIGINT graceful shutdown`;

export { UsageError }; // kit's, so every serve.ts catches one class

export type ServeArgs = { help: true } | { help: false; options: SupervisorOptions };

/** A whole-number flag, at least `min`; absent → undefined. Stage 08's serve-args uses it too. */
export function whole(flag: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || !Number.isSafeInteger(Number(raw))) {
    throw new UsageError(`--${flag} must be a whole number ≥ ${min}, got '${raw}'`);
  }
  return Number(raw);
}

export function parseServeArgs(argv: string[]): ServeArgs {
  const values = parseFlags(argv, {
    workers: { type: 'string' },
    limit: { type: 'string' },
    window: { type: 'string' },
    'drain-timeout': { type: 'string' },
    'keep-alive-timeout': { type: 'string' },
    port: { type: 'string' },
    'crash-on-start': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    lang: { type: 'string' }, // read by kit/src/language.ts, not here
  });
  if (values.help) return { help: true };
  const text = (name: string) => values[name] as string | undefined;
  const options: SupervisorOptions = {
    workers: whole('workers', text('workers'), 1),
    limit: whole('limit', text('limit'), 0),
    windowMs: whole('window', text('window'), 1),
    drainTimeoutMs: whole('drain-timeout', text('drain-timeout'), 0),
    keepAliveTimeoutMs: whole('keep-alive-timeout', text('keep-alive-timeout'), 0),
    port: whole('port', text('port'), 0),
  };
  if (values['crash-on-start']) options.env = { CFS05_CRASH_ON_START: '1' };
  return { help: false, options };
}
