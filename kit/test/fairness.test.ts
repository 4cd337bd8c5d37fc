import { describe, expect, it } from 'vitest';
import { fairness, spread } from '../src/fairness.ts';

describe('fairness maths', () => {
  it('is perfectly fair for equal counts', () => {
    const f = fairness([25, 25, 25, 25]);
    expect(f.jain).toBe(1);
    expect(f.coefficientOfVariation).toBe(0);
    expect(f.maxOverMin).toBe(1);
  });

  it("gives Jain's index 1/n when one worker takes everything", () => {
    const f = fairness([100, 0, 0, 0]);
    expect(f.jain).toBeCloseTo(0.25);
    expect(f.maxOverMin).toBe(Number.POSITIVE_INFINITY);
  });

  it('computes shares, max/min and the coefficient of variation', () => {
    const f = fairness([30, 10]);
    expect(f.shares).toEqual([0.75, 0.25]);
    expect(f.maxOverMin).toBe(3);
    expect(f.coefficientOfVariation).toBeCloseTo(0.5);
    expect(f.jain).toBeCloseTo(0.8);
  });

  it('takes the median of odd and even samples', () => {
    expect(spread([3, 1, 2])).toEqual({ min: 1, median: 2, max: 3 });
    expect(spread([4, 1, 2, 3])).toEqual({ min: 1, median: 2.5, max: 4 });
  });
});
