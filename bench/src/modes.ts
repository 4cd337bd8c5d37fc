/**
 * The bench's view of kit's catalogue of serving modes (kit/src/modes.ts).
 *
 *   SERVING_MODES (kit) ──▶ Mode { id, label (English), accept, fixedWorkers } ──▶ scenarios
 *                         availableModes(ids) ──▶ modes that run here + { mode, reason } skipped
 *
 * The bench asks every server for no narration (the catalogue's quietArgs): output is kept for
 * error messages only. Nothing about a mode is written here; add a mode to the catalogue.
 */
import {
  type AcceptModel,
  available,
  commandLine,
  type Here,
  programPath,
  repoRelative,
  SERVING_MODES,
  type ServingMode,
  servingMode,
} from '@cluster-from-scratch/kit/modes';

export type { AcceptModel };
export { repoRelative };

export interface Mode {
  id: string;
  /** Short English label for tables and charts (also stored in the JSON). */
  label: string;
  accept: AcceptModel;
  /** Fixed worker count (the single process ignores --workers). */
  fixedWorkers?: number;
  serving: ServingMode;
}

function benchMode(serving: ServingMode): Mode {
  return {
    id: serving.id,
    label: serving.label.en,
    accept: serving.accept,
    fixedWorkers: serving.fixedWorkers,
    serving,
  };
}

export const MODES: readonly Mode[] = SERVING_MODES.map(benchMode);

export function findMode(id: string): Mode {
  return MODES.find((m) => m.id === id) ?? benchMode(servingMode(id));
}

/** What the bench runs for `mode` with `workers` workers: absolute script and quiet args. */
export function commandOf(mode: Mode, workers: number): { script: string; args: string[] } {
  const { args } = commandLine(mode.serving, workers, { quiet: true });
  return { script: programPath(mode.serving), args };
}

/**
 * Splits `ids` into modes that can run here and notes for the ones that cannot (`here`: this
 * machine, unless a test describes another).
 */
export function availableModes(
  ids: readonly string[],
  here?: Here,
): {
  modes: Mode[];
  skipped: { mode: string; reason: string }[];
} {
  const modes: Mode[] = [];
  const skipped: { mode: string; reason: string }[] = [];
  for (const id of ids) {
    const mode = findMode(id);
    const can = available(mode.serving, here);
    if (can.ok) modes.push(mode);
    else skipped.push({ mode: id, reason: can.reason });
  }
  return { modes, skipped };
}

/** What each mode ran, for the JSON: the script (repo-relative) and its arguments. */
export function describeModes(
  modes: readonly Mode[],
  workers: number,
): { id: string; label: string; script: string; args: string[] }[] {
  return modes.map((mode) => {
    const { program, args } = commandLine(mode.serving, workers, { quiet: true });
    return { id: mode.id, label: mode.label, script: program, args };
  });
}
