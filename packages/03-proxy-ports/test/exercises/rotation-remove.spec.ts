/**
 * Exercise 03.2: Rotation.remove() takes a dead worker out without upsetting the turns.
 */
import { pickTarget } from '@cluster-from-scratch/kit/exercises';
import { describe, expect, it } from 'vitest';
import * as starter from '../../exercises/rotation-remove.ts';
import * as solution from '../../src/rotation.ts';

const { Rotation } = pickTarget({ starter, solution });

const take = <T>(rotation: { next(): T | undefined }, n: number) =>
  Array.from({ length: n }, () => rotation.next());

describe('03.2 Rotation.remove()', () => {
  it('a removed worker is never picked again', () => {
    const rotation = new Rotation(['w1', 'w2', 'w3']);
    expect(rotation.remove('w2')).toBe(true);
    expect(rotation.size).toBe(2);
    expect(take(rotation, 4)).toEqual(['w1', 'w3', 'w1', 'w3']);
  });

  it('removing a worker that is not there changes nothing and says false', () => {
    const rotation = new Rotation(['w1', 'w2']);
    expect(rotation.next()).toBe('w1');
    expect(rotation.remove('w9')).toBe(false);
    expect(take(rotation, 3)).toEqual(['w2', 'w1', 'w2']);
  });

  it('removing a worker that already had its turn does not make the next one skip a turn', () => {
    const rotation = new Rotation(['w1', 'w2', 'w3', 'w4']);
    expect(take(rotation, 2)).toEqual(['w1', 'w2']); // w3 is due next
    rotation.remove('w1');
    expect(take(rotation, 4)).toEqual(['w3', 'w4', 'w2', 'w3']);
  });

  it('removing the worker that is due next passes the turn to the one after it', () => {
    const rotation = new Rotation(['w1', 'w2', 'w3']);
    expect(rotation.next()).toBe('w1'); // w2 is due next
    rotation.remove('w2');
    expect(take(rotation, 3)).toEqual(['w3', 'w1', 'w3']);
  });

  it('removing the last item while it is due next wraps to the first', () => {
    const rotation = new Rotation(['w1', 'w2', 'w3']);
    expect(take(rotation, 2)).toEqual(['w1', 'w2']); // w3 is due next
    rotation.remove('w3');
    expect(take(rotation, 3)).toEqual(['w1', 'w2', 'w1']);
  });

  it('removing everyone leaves an empty rotation that picks nothing', () => {
    const rotation = new Rotation(['w1', 'w2']);
    rotation.next();
    rotation.remove('w1');
    rotation.remove('w2');
    expect(rotation.size).toBe(0);
    expect(rotation.next()).toBeUndefined();
    rotation.add('w5');
    expect(take(rotation, 2)).toEqual(['w5', 'w5']);
  });
});
