/**
 * Exercise 03.1: Rotation.next() hands out the upstreams in turn.
 */
import { pickTarget } from '@cluster-from-scratch/kit/exercises';
import { describe, expect, it } from 'vitest';
import * as starter from '../../exercises/rotation-next.ts';
import * as solution from '../../src/rotation.ts';

const { Rotation } = pickTarget({ starter, solution });

const take = <T>(rotation: { next(): T | undefined }, n: number) =>
  Array.from({ length: n }, () => rotation.next());

describe('03.1 Rotation.next()', () => {
  it('gives each item in turn and starts over after the last', () => {
    expect(take(new Rotation(['w1', 'w2', 'w3']), 7)).toEqual([
      'w1',
      'w2',
      'w3',
      'w1',
      'w2',
      'w3',
      'w1',
    ]);
  });

  it('gives undefined when the rotation is empty, and the only item when there is one', () => {
    expect(new Rotation<string>().next()).toBeUndefined();
    expect(take(new Rotation(['w1']), 3)).toEqual(['w1', 'w1', 'w1']);
  });

  it('a worker added later gets its turn after the ones already in', () => {
    const rotation = new Rotation(['w1', 'w2']);
    expect(rotation.next()).toBe('w1');
    rotation.add('w3');
    expect(take(rotation, 4)).toEqual(['w2', 'w3', 'w1', 'w2']);
  });

  it('spreads 300 picks over 3 workers exactly evenly', () => {
    const rotation = new Rotation(['w1', 'w2', 'w3']);
    const counts = new Map<string, number>();
    for (const w of take(rotation, 300)) counts.set(w ?? '', (counts.get(w ?? '') ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ w1: 100, w2: 100, w3: 100 });
  });
});
