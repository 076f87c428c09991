import { describe, expect, it } from 'vitest';
import { prng } from '../plan.js';
import { bootstrapDiffCI, median, medianCI } from './bootstrap.js';
import { repeatWarnings } from './repeats.js';

/** Seeded normal samples (Box–Muller). */
function normal(n: number, mu: number, sigma: number, seed: number): number[] {
  const r = prng(seed);
  return Array.from({ length: n }, () => mu + sigma * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()));
}

describe('bootstrap', () => {
  it('the 95% interval of the median of N(100, 10), n=200, holds 100 and has a sensible width', () => {
    const e = medianCI(normal(200, 100, 10, 42), { seed: 7 });
    expect(e.ci95[0]).toBeLessThan(100);
    expect(e.ci95[1]).toBeGreaterThan(100);
    // Standard error of the median ≈ 1.25 σ/√n ≈ 0.89, so the interval is about 3.5 wide.
    expect(e.ci95[1] - e.ci95[0]).toBeGreaterThan(1.5);
    expect(e.ci95[1] - e.ci95[0]).toBeLessThan(7);
  });

  it('covers the true median in about 95% of repeated experiments', () => {
    let covered = 0;
    for (let i = 0; i < 100; i++) {
      const e = medianCI(normal(60, 100, 10, 1000 + i), { seed: i, resamples: 500 });
      if (e.ci95[0] <= 100 && 100 <= e.ci95[1]) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(88);
    expect(covered).toBeLessThanOrEqual(100);
  });

  it('is degenerate for one sample and deterministic for a seed', () => {
    expect(medianCI([42])).toEqual({ median: 42, ci95: [42, 42], n: 1 });
    const xs = normal(30, 5, 1, 3);
    expect(medianCI(xs, { seed: 9 })).toEqual(medianCI(xs, { seed: 9 }));
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });

  it('tells a real shift of the median from noise', () => {
    const a = normal(40, 100, 5, 1);
    expect(bootstrapDiffCI(a, normal(40, 120, 5, 2))[0]).toBeGreaterThan(0.1);
    const [lo, hi] = bootstrapDiffCI(a, normal(40, 100, 5, 3));
    expect(lo).toBeLessThan(0);
    expect(hi).toBeGreaterThan(0);
  });
});

describe('repeat warnings', () => {
  it('warns about high variance and a slow first repeat, with the figures', () => {
    expect(repeatWarnings([100, 101, 99, 100, 100], 'x')).toEqual([]);
    const [w] = repeatWarnings([100, 60, 140, 90, 110], 'x');
    expect(w).toMatch(/^x: repeats vary a lot \(req\/s coefficient of variation \d+%\)/);
    expect(repeatWarnings([70, 100, 101, 99], 'x').join()).toMatch(/first repeat was significantly slower \(70\.0 vs 100\.0 req\/s/);
  });
});
