/**
 * The lab's view of kit's catalogue of serving modes (kit/src/modes.ts).
 *
 *   SERVING_MODES (kit) ── inLab ──▶ MODES ──▶ modeStatus() ──▶ the page's mode list
 *                                              (the page has no list of its own)
 *
 * A mode that cannot run here (its stage has no server program yet, this Node is too old,
 * nginx is missing) is listed, disabled, with the catalogue's reason; the lab runs from the
 * first stage that lands and fills in as the others do. Nothing about a mode is written here.
 */
import {
  ACCEPT_MODELS,
  type AcceptModel,
  available,
  commandLine,
  type Here,
  programPath,
  type Route,
  repoRelative,
  repoRoot,
  routeOf,
  SERVING_MODES,
  type ServingMode,
  type Text,
} from '@cluster-from-scratch/kit/modes';

export { ACCEPT_MODELS, type AcceptModel, type Route, repoRelative, repoRoot, routeOf };

export type LabMode = ServingMode;

export const MODES: readonly LabMode[] = SERVING_MODES.filter((m) => m.inLab);

export const MIN_WORKERS = 1;
export const MAX_WORKERS = 8;

export function findMode(id: string): LabMode | undefined {
  return MODES.find((m) => m.id === id);
}

/**
 * The lab runs a server as a person would: with its narration, which the page shows. A program
 * that can replace a worker that dies is asked to (stage 06's --restart), so that killing one
 * shows where its connections go rather than the end of the server.
 */
export function labCommand(mode: LabMode, workers: number): { script: string; args: string[] } {
  const { args } = commandLine(mode, workers);
  return { script: programPath(mode), args: [...args, ...(mode.replaceArgs ?? [])] };
}

/** What the page needs to know about a mode: can it run, and if not, why not. */
export interface ModeStatus {
  id: string;
  /** Label and explanation in both languages (the catalogue has them): the page picks. */
  label: Text;
  source: LabMode['stage'];
  accept: AcceptModel;
  route: Route;
  explain: Text;
  supervised: boolean;
  enabled: boolean;
  /** The program that runs (repo-relative), when enabled. */
  script?: string;
  /** Why it cannot run here, when disabled (kit's words, in English). */
  note?: string;
}

export function modeStatus(mode: LabMode, here?: Here): ModeStatus {
  const base = {
    id: mode.id,
    label: mode.label,
    source: mode.stage,
    accept: mode.accept,
    route: routeOf(mode.accept),
    explain: mode.summary,
    supervised: mode.supervised,
  };
  const can = available(mode, here);
  return can.ok
    ? { ...base, enabled: true, script: mode.program }
    : { ...base, enabled: false, note: can.reason };
}
