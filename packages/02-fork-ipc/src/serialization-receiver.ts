/**
 * The receiving end of the serialization probe (forked by serialization.ts).
 *
 *   { probe: 'Map', value: <whatever arrived> } ──▶ judge() ──▶ { probe, kept, shown }
 *
 * The verdict goes back as plain strings and a boolean, which every serialization carries
 * unchanged, so the reply itself cannot distort the result.
 */
import { judge } from './serialization.ts';

process.on('message', (message: { probe: string; value: unknown }) => {
  process.send?.(judge(message.probe, message.value));
});
