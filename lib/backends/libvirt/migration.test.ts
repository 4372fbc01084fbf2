import { describe, expect, it } from 'vitest';
import { progressOf } from './migration';

const stats = (entries: [string, number][]) => ({ type: 1, params: new Map(entries) });

describe('progressOf (a migration job’s stats → percent)', () => {
  it('is data processed of the total, floored, and never 100 while the job runs', () => {
    expect(progressOf(stats([['data_total', 8_000_000], ['data_processed', 2_000_000]]))).toBe(25);
    expect(progressOf(stats([['data_total', 3], ['data_processed', 2]]))).toBe(66);
    // The last iterations copy what the guest dirtied: done only when libvirt's call returns.
    expect(progressOf(stats([['data_total', 100], ['data_processed', 100]]))).toBe(99);
  });

  it('says nothing before libvirt knows the total (the job just started)', () => {
    expect(progressOf(stats([]))).toBeUndefined();
    expect(progressOf(stats([['data_total', 0], ['data_processed', 0]]))).toBeUndefined();
  });
});
