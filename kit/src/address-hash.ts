/**
 * One hash for "the same client address, the same worker", shared by stage 04's AddressHash
 * scheduler, stage 06's SCHED_IPHASH and the benchmarks that model them.
 *
 *   fnv1a('127.0.0.7') → 32-bit number; % workers → the worker's index
 *
 * FNV-1a: cheap, and addresses one character apart land far apart. Plain modulo, not
 * consistent hashing: when the number of workers changes, most addresses move.
 */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
