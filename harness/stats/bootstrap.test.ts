import { describe, expect, it } from 'vitest';
import { prng } from '../plan.js';
import { bootstrapDiffCI, median, medianCI, mulberry32, significantChange } from './bootstrap.js';

/** Seeded normal samples (Box–Muller). */
function normal(n: number, mu: number, sigma: number, seed: number): number[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => mu + sigma * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()));
}

describe('median and its bootstrap interval', () => {
  it('the 95% interval of the median of N(100, 10), n=200, holds 100 and has a sensible width', () => {
    const e = medianCI(normal(200, 100, 10, 42), { seed: 7 });
    expect(e.n).toBe(200);
    expect(e.ci95[0]).toBeLessThan(100);
    expect(e.ci95[1]).toBeGreaterThan(100);
    expect(e.ci95[0]).toBeLessThanOrEqual(e.median);
    expect(e.median).toBeLessThanOrEqual(e.ci95[1]);
    // Standard error of the median ≈ 1.2533 σ/√n ≈ 0.89, so the interval is about 3.5 wide.
    expect(e.ci95[1] - e.ci95[0]).toBeGreaterThan(1.5);
    expect(e.ci95[1] - e.ci95[0]).toBeLessThan(7);
  });

  it('narrows as n grows', () => {
    const w = (n: number) => {
      const e = medianCI(normal(n, 100, 10, 5), { seed: 1 });
      return e.ci95[1] - e.ci95[0];
    };
    expect(w(800)).toBeLessThan(w(50));
  });

  it('covers the true median in about 95% of repeated experiments', () => {
    let covered = 0;
    for (let i = 0; i < 100; i++) {
      const e = medianCI(normal(60, 100, 10, 1000 + i), { seed: i, resamples: 500 });
      if (e.ci95[0] <= 100 && 100 <= e.ci95[1]) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(88);
  });

  it('is degenerate for one sample, NaN for none, and deterministic for a seed', () => {
    expect(medianCI([42])).toEqual({ median: 42, ci95: [42, 42], n: 1 });
    expect(medianCI([]).n).toBe(0);
    expect(median([])).toBeNaN();
    const xs = normal(30, 5, 1, 3);
    expect(medianCI(xs, { seed: 9 })).toEqual(medianCI(xs, { seed: 9 }));
    expect(medianCI(xs, { seed: 9 })).not.toEqual(medianCI(xs, { seed: 10 }));
    expect(median([3, 1, 2, 10])).toBe(2.5);
    expect(median([3, 1, 2])).toBe(2);
  });

  it('mulberry32 is the same generator as plan.ts (seeds reproduce across modules)', () => {
    const a = mulberry32(123);
    const b = prng(123);
    for (let i = 0; i < 5; i++) expect(a()).toBe(b());
  });
});

describe('significantChange', () => {
  it('tells a real shift of the median from noise', () => {
    const a = normal(40, 100, 5, 1);
    const up = significantChange(a, normal(40, 120, 5, 2));
    expect(up.significant).toBe(true);
    expect(up.ci95?.[0]).toBeGreaterThan(0.1);
    expect(up.relChange).toBeCloseTo(0.2, 1);
    const same = significantChange(a, normal(40, 100, 5, 3));
    expect(same.significant).toBe(false);
    expect(same.ci95?.[0]).toBeLessThan(0);
    expect(same.ci95?.[1]).toBeGreaterThan(0);
    expect(bootstrapDiffCI(a, normal(40, 80, 5, 4))[1]).toBeLessThan(0);
  });

  it('calls nothing significant with fewer than 3 samples a side', () => {
    expect(significantChange([100, 101], [200, 201, 202])).toMatchObject({ ci95: null, significant: false, medianA: 100.5, medianB: 201 });
  });
});
