// Coverage by simulation: the intervals must hold the true median (or the true change) as often as
// they say, at the repeat counts people actually use (3, 5, 10).
import { describe, expect, it } from 'vitest';
import { mulberry32 } from './bootstrap.js';
import { binomialHalfCdf, describeInterval, mannWhitneyCounts, medianCI, medianRank, shiftRank, significantChange } from './median-ci.js';

/** Seeded log-normal samples (skewed, like req/s and latency): median exp(mu). */
function lognormal(n: number, mu: number, sigma: number, rand: () => number): number[] {
  return Array.from({ length: n }, () => Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())));
}

const TRIALS = 4000;

describe('order-statistic interval of the median', () => {
  it('states the level it has: 75% at n=3, 93.75% at n=5 (both the range), 97.85% at n=10 ([x(2), x(9)])', () => {
    expect(medianRank(3)).toEqual({ k: 1, level: 0.75 });
    expect(medianRank(5)).toEqual({ k: 1, level: 0.9375 });
    expect(medianRank(6).level).toBeCloseTo(0.96875);
    expect(medianRank(10).k).toBe(2);
    expect(medianRank(10).level).toBeCloseTo(1 - 22 / 1024);
    expect(binomialHalfCdf(10, 1)).toBeCloseTo(11 / 1024);
  });

  it('says "too few repeats" below n = 6 and shows the range as a range', () => {
    const e = medianCI([10, 20, 30]);
    expect(e).toEqual({ median: 20, ci95: [10, 30], n: 3, level: 0.75, reaches95: false });
    expect(describeInterval(e, String)).toBe('range 10–30 (too few repeats for a 95% interval; the range holds the median with 75.0%)');
    const ten = medianCI([5, 1, 9, 3, 7, 2, 8, 4, 6, 10]);
    expect(ten).toMatchObject({ median: 5.5, ci95: [2, 9], reaches95: true });
    expect(describeInterval(ten, String)).toBe('2–9 (97.9%)');
    expect(describeInterval(medianCI([4]), String)).toBe('one repeat: no interval');
  });

  it.each([3, 5, 10])('covers the true median as often as it says at n=%i (simulated)', (n) => {
    const rand = mulberry32(1000 + n);
    let covered = 0;
    let level = 0;
    for (let t = 0; t < TRIALS; t++) {
      const e = medianCI(lognormal(n, Math.log(100), 0.3, rand));
      level = e.level;
      if (e.ci95[0] <= 100 && 100 <= e.ci95[1]) covered++;
    }
    // Binomial noise over 4000 trials: sd ≤ 0.8 percentage points.
    expect(covered / TRIALS).toBeGreaterThan(level - 0.025);
    expect(covered / TRIALS).toBeLessThan(level + 0.025);
    if (n >= 6) expect(covered / TRIALS).toBeGreaterThanOrEqual(0.95 - 0.01);
  });
});

describe('the change between two sets of repeats', () => {
  it('knows the exact Mann–Whitney distribution, hence the achievable level', () => {
    expect(mannWhitneyCounts(3, 3)).toEqual([1, 1, 2, 3, 3, 3, 3, 2, 1, 1]);
    expect(shiftRank(3, 3).level).toBeCloseTo(0.9);
    expect(shiftRank(3, 4).level).toBeCloseTo(1 - 2 / 35);
    expect(shiftRank(4, 4).level).toBeCloseTo(1 - 2 / 70);
    expect(shiftRank(10, 10).level).toBeGreaterThanOrEqual(0.95);
  });

  it('calls nothing significant with 3 repeats a side, however large the change: 90% is all it can reach', () => {
    const c = significantChange([100, 101, 99], [200, 201, 202]);
    expect(c).toMatchObject({ ci95: null, significant: false, medianA: 100, medianB: 201 });
    expect(c.level).toBeCloseTo(0.9);
  });

  it.each([3, 5, 10])('with no real change, calls it significant at most one time in 20 (n=%i a side, simulated)', (n) => {
    const rand = mulberry32(77 + n);
    let falsePositives = 0;
    for (let t = 0; t < 2000; t++)
      if (significantChange(lognormal(n, Math.log(100), 0.1, rand), lognormal(n, Math.log(100), 0.1, rand)).significant) falsePositives++;
    expect(falsePositives / 2000).toBeLessThanOrEqual(0.05 + 0.012);
  });

  it.each([
    [5, 0.5],
    [10, 0.9],
  ])('its interval covers a real change of a fifth as often as it says (n=%i a side, simulated; detected over %f of the time)', (n, power) => {
    const rand = mulberry32(5 + n);
    let covered = 0;
    let detected = 0;
    let level = 0;
    for (let t = 0; t < 2000; t++) {
      const c = significantChange(lognormal(n, Math.log(100), 0.1, rand), lognormal(n, Math.log(120), 0.1, rand));
      level = c.level;
      if (c.ci95 && c.ci95[0] <= 0.2 && 0.2 <= c.ci95[1]) covered++;
      if (c.significant) detected++;
    }
    expect(covered / 2000).toBeGreaterThan(level - 0.02);
    expect(detected / 2000).toBeGreaterThan(power);
  });
});
