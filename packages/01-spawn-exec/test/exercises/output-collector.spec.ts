import { pickTarget } from '@cluster-from-scratch/kit/exercises';
import { describe, expect, it } from 'vitest';
import * as starter from '../../exercises/output-collector.ts';
import * as solution from '../../src/output-collector.ts';

const { OutputCollector } = pickTarget({ starter, solution });

describe('01.1 OutputCollector enforces maxBuffer', () => {
  it('keeps everything that fits, and does not call onOverflow', () => {
    let overflows = 0;
    const c = new OutputCollector(10, () => overflows++);
    c.push(Buffer.from('hello'));
    c.push(Buffer.from('world'));
    expect(c.result('utf8')).toBe('helloworld');
    expect(overflows).toBe(0);
    expect(c.exceeded).toBe(false);
  });

  it('cuts at exactly maxBuffer bytes and calls onOverflow once', () => {
    let overflows = 0;
    const c = new OutputCollector(8, () => overflows++);
    c.push(Buffer.from('12345'));
    c.push(Buffer.from('6789')); // crosses the line: keep '678'
    c.push(Buffer.from('more'));
    expect(c.result('utf8')).toBe('12345678');
    expect(overflows).toBe(1);
    expect(c.exceeded).toBe(true);
  });

  it('overflows on the first byte past the limit', () => {
    let overflows = 0;
    const c = new OutputCollector(4, () => overflows++);
    c.push(Buffer.from('1234'));
    expect(overflows).toBe(0);
    c.push(Buffer.from('5'));
    expect(overflows).toBe(1);
    expect(c.result('buffer')).toEqual(Buffer.from('1234'));
  });
});
