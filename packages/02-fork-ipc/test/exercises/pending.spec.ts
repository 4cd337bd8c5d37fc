/**
 * Exercise 02.1: match replies to requests by seq (PendingTable.settle).
 *   npm run verify -- 02.1     (or: CFS_EXERCISE_TARGET=starter npx vitest run)
 */
import { pickTarget } from '@cluster-from-scratch/kit/exercises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as starter from '../../exercises/pending.ts';
import * as solution from '../../src/pending.ts';

const { PendingTable } = pickTarget({ starter, solution });

describe('exercise 02.1: PendingTable.settle matches a reply to its request by seq', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('replies arriving in any order resolve the request they name', async () => {
    const table = new PendingTable('child 1');
    const a = table.open('add');
    const b = table.open('mul');
    const c = table.open('div');
    expect(new Set([a.seq, b.seq, c.seq]).size).toBe(3);
    expect(table.settle(c.seq, { ok: true, value: 'for div' })).toBe(true);
    expect(table.settle(a.seq, { ok: true, value: 'for add' })).toBe(true);
    expect(table.settle(b.seq, { ok: false, error: new Error('for mul') })).toBe(true);
    await expect(a.promise).resolves.toBe('for add');
    await expect(b.promise).rejects.toThrow('for mul');
    await expect(c.promise).resolves.toBe('for div');
    expect(table.size).toBe(0);
  });

  it('a reply to an unknown seq changes nothing and says so', async () => {
    const table = new PendingTable('child 1');
    const a = table.open('add');
    expect(table.settle(a.seq + 100, { ok: true, value: 'stray' })).toBe(false);
    expect(table.size).toBe(1);
    expect(table.settle(a.seq, { ok: true, value: 'mine' })).toBe(true);
    await expect(a.promise).resolves.toBe('mine');
  });

  it('a seq settles once: a duplicate reply finds nothing', async () => {
    const table = new PendingTable('child 1');
    const a = table.open('add');
    expect(table.settle(a.seq, { ok: true, value: 'first' })).toBe(true);
    expect(table.settle(a.seq, { ok: true, value: 'second' })).toBe(false);
    await expect(a.promise).resolves.toBe('first');
  });

  it('settling stops the timeout timer (a live timer would keep the process up)', async () => {
    vi.useFakeTimers();
    const table = new PendingTable('child 1');
    const a = table.open('slow', 1000);
    expect(vi.getTimerCount()).toBe(1);
    expect(table.settle(a.seq, { ok: true, value: 'in time' })).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    await expect(a.promise).resolves.toBe('in time');
  });
});
