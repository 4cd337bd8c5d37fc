/**
 * What the page may ask for, checked before anything starts.
 *
 *   POST /api/server  { mode, workers }                     start (or switch) the server
 *   POST /api/load    { kind, connections, seconds, requests } start a bounded load
 *                     (kind 'long-lived': `connections` clients per wave hold their connection)
 *
 * Bad input gets a 400 with one sentence saying which field and why; a request that cannot
 * be served now (no server running, a load already running) gets a 409 saying what to do.
 * Nothing is started, stopped or killed by a request that fails here.
 */
import type { Language } from '@cluster-from-scratch/kit/language';
import { findMode, type LabMode, MAX_WORKERS, MIN_WORKERS, modeStatus } from './modes.ts';
import { type LabMessages, type Said, said } from './words.ts';

/** A refusal, in every language: the API answers in the one the caller asks for (?lang=). */
export class LabError extends Error {
  override name = 'LabError';
  readonly said: Said;
  constructor(
    readonly status: 400 | 404 | 405 | 409 | 500,
    words: (m: LabMessages, lang: Language) => string,
  ) {
    super(said(words).en);
    this.said = said(words);
  }
}

export type LoadKind = 'keep-alive' | 'fresh' | 'browser' | 'long-lived';

export interface LoadSpec {
  kind: LoadKind;
  /**
   * keep-alive: connections; fresh: requests in flight at once; browser: always 1; long-lived:
   * clients per wave (src/held-load.ts).
   */
  connections: number;
  /** Every load ends by itself after this long… */
  durationMs: number;
  /** …or after this many requests, whichever comes first. */
  requests: number;
}

export const LOAD_LIMITS = {
  connections: { min: 1, max: 64, default: 8 },
  seconds: { min: 1, max: 60, default: 10 },
  /** Held connections are watched for longer: long enough to kill a worker and see them return. */
  heldSeconds: { min: 1, max: 600, default: 120 },
  requests: { min: 1, max: 200_000, default: 50_000 },
} as const;

function object(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new LabError(400, (m) => m.errors.notAnObject);
  }
  return body as Record<string, unknown>;
}

function whole(
  body: Record<string, unknown>,
  field: string,
  limits: { min: number; max: number; default?: number },
): number {
  const raw = body[field];
  if (raw === undefined && limits.default !== undefined) return limits.default;
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new LabError(400, (m) =>
      m.errors.notWhole(field, limits.min, limits.max, JSON.stringify(raw)),
    );
  }
  if (value < limits.min || value > limits.max) {
    throw new LabError(400, (m) => m.errors.outOfRange(field, limits.min, limits.max, value));
  }
  return value;
}

export function parseServerRequest(body: unknown): { mode: LabMode; workers: number } {
  const b = object(body);
  if (typeof b.mode !== 'string') throw new LabError(400, (m) => m.errors.modeMissing);
  const mode = findMode(b.mode);
  if (!mode) throw new LabError(400, (m) => m.errors.unknownMode(JSON.stringify(b.mode)));
  const status = modeStatus(mode);
  if (!status.enabled) {
    throw new LabError(409, (m, lang) => m.errors.cannotRun(status.label[lang], status.note ?? ''));
  }
  const workers = whole(b, 'workers', { min: MIN_WORKERS, max: MAX_WORKERS });
  return { mode, workers };
}

export function parseLoadRequest(body: unknown): LoadSpec {
  const b = object(body);
  const kinds: LoadKind[] = ['keep-alive', 'fresh', 'browser', 'long-lived'];
  if (!kinds.includes(b.kind as LoadKind)) {
    throw new LabError(400, (m) => m.errors.badKind(kinds.join(', '), JSON.stringify(b.kind)));
  }
  const kind = b.kind as LoadKind;
  const connections = kind === 'browser' ? 1 : whole(b, 'connections', LOAD_LIMITS.connections);
  const held = kind === 'long-lived';
  const seconds = whole(b, 'seconds', held ? LOAD_LIMITS.heldSeconds : LOAD_LIMITS.seconds);
  const requests = whole(b, 'requests', LOAD_LIMITS.requests);
  return { kind, connections, durationMs: seconds * 1000, requests };
}

export function parseKillRequest(body: unknown): { pid?: number } {
  const b = object(body);
  if (b.pid === undefined || b.pid === null || b.pid === '') return {};
  const pid = Number(b.pid);
  if (!Number.isInteger(pid) || pid <= 0) {
    throw new LabError(400, (m) => m.errors.badPid(JSON.stringify(b.pid)));
  }
  return { pid };
}
