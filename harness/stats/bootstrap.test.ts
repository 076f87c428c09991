import { describe, expect, it } from 'vitest';
import { prng } from '../plan/plan.js';
import { median, mulberry32 } from './bootstrap.js';

describe('median and the shared PRNG', () => {
  it('the median of odd and even samples, NaN for none', () => {
    expect(median([])).toBeNaN();
    expect(median([3, 1, 2, 10])).toBe(2.5);
    expect(median([3, 1, 2])).toBe(2);
  });

  it('mulberry32 is the same generator as plan.ts (seeds reproduce across modules)', () => {
    const a = mulberry32(123);
    const b = prng(123);
    for (let i = 0; i < 5; i++) expect(a()).toBe(b());
  });
});
