/**
 * The round-robin rotation the proxy uses (src/rotation.ts), on its own.
 */
import { describe, expect, it } from 'vitest';
import { Rotation } from '../src/rotation.ts';

describe('Rotation', () => {
  it('hands out items in turn and keeps the turn order when one is removed', () => {
    const rotation = new Rotation(['w1', 'w2', 'w3', 'w4']);
    expect([rotation.next(), rotation.next()]).toEqual(['w1', 'w2']);
    expect(rotation.remove('w1')).toBe(true); // w3 stays due next
    expect([rotation.next(), rotation.next(), rotation.next()]).toEqual(['w3', 'w4', 'w2']);
    expect(rotation.remove('w1')).toBe(false);
    rotation.remove('w2');
    rotation.remove('w3');
    rotation.remove('w4');
    expect(rotation.next()).toBeUndefined();
  });
});
