// Intervals for the median of a few repeats, and a test of the change between two sets of repeats,
// that state the confidence they actually have. A percentile bootstrap of the median of 3 repeats
// is just their range, and covers the true median about 75% of the time, not 95% (issue 15);
// these are distribution-free and exact for continuous data:
// - the median: the order-statistic interval [x(k), x(n+1−k)], which holds the median with
//   probability 1 − 2·P(Bin(n, ½) ≤ k − 1). No k reaches 95% below n = 6: there the range is shown
//   as a range, with its level (n = 3: 75%, 4: 87.5%, 5: 93.75%);
// - a change: the Moses (Hodges–Lehmann) interval of the shift between two samples, on a log scale
//   so that it is a relative change, from the sorted pairwise differences and the exact
//   distribution of the Mann–Whitney U. No interval reaches 95% with 3 repeats a side (90%).
import { median } from './bootstrap.js';

export const TARGET_LEVEL = 0.95;

const lnFactorial = (() => {
  const cache = [0];
  return (n: number): number => {
    for (let i = cache.length; i <= n; i++) cache[i] = (cache[i - 1] as number) + Math.log(i);
    return cache[n] as number;
  };
})();
const lnChoose = (n: number, k: number) => lnFactorial(n) - lnFactorial(k) - lnFactorial(n - k);

/** P(Bin(n, ½) ≤ j). */
export function binomialHalfCdf(n: number, j: number): number {
  let p = 0;
  for (let i = 0; i <= Math.min(j, n); i++) p += Math.exp(lnChoose(n, i) - n * Math.LN2);
  return Math.min(1, p);
}

/**
 * The widest-confidence-first choice of k for [x(k), x(n+1−k)]: the largest k whose level is at
 * least `target`, or k = 1 (the range) with its lower level when none reaches it.
 */
export function medianRank(n: number, target = TARGET_LEVEL): { k: number; level: number } {
  if (n < 1) return { k: 0, level: 0 };
  let best = { k: 1, level: 1 - 2 * binomialHalfCdf(n, 0) };
  for (let k = 2; k <= Math.floor((n + 1) / 2); k++) {
    const level = 1 - 2 * binomialHalfCdf(n, k - 1);
    if (level < target) break;
    best = { k, level };
  }
  return best;
}

export interface MedianEstimate {
  median: number;
  /** [x(k), x(n+1−k)] of the sorted samples; the range (min, max) when `reaches95` is false. */
  ci95: [number, number];
  n: number;
  /** The interval's actual confidence (exact for continuous data). */
  level: number;
  /** false below n = 6: no interval of the samples reaches 95%, and ci95 is their range. */
  reaches95: boolean;
}

/** The median with its order-statistic interval and the level that interval has. */
export function medianCI(xs: readonly number[]): MedianEstimate {
  const m = median(xs);
  const s = [...xs].sort((x, y) => x - y);
  const n = s.length;
  if (n === 0) return { median: m, ci95: [NaN, NaN], n, level: 0, reaches95: false };
  const { k, level } = medianRank(n);
  return { median: m, ci95: [s[k - 1] as number, s[n - k] as number], n, level, reaches95: level >= TARGET_LEVEL };
}

/** Counts of each Mann–Whitney U value over all arrangements of m and n distinct values (sum C(m+n, m)). */
export function mannWhitneyCounts(m: number, n: number): number[] {
  // f[i][j][u]: arrangements of i and j values with U = u; f(i,j,u) = f(i−1,j,u−j) + f(i,j−1,u).
  let prev: number[][] = Array.from({ length: n + 1 }, () => [1]);
  for (let i = 1; i <= m; i++) {
    const cur: number[][] = [[1]];
    for (let j = 1; j <= n; j++) {
      const row = new Array<number>(i * j + 1).fill(0);
      const a = prev[j] as number[];
      const b = cur[j - 1] as number[];
      for (let u = 0; u < a.length; u++) row[u + j] = (row[u + j] as number) + (a[u] as number);
      for (let u = 0; u < b.length; u++) row[u] = (row[u] as number) + (b[u] as number);
      cur.push(row);
    }
    prev = cur;
  }
  return prev[n] as number[];
}

/** The k of the Moses interval [d(k), d(mn+1−k)] and its level; k = 1 (all differences) when none reaches the target. */
export function shiftRank(m: number, n: number, target = TARGET_LEVEL): { k: number; level: number } {
  const counts = mannWhitneyCounts(m, n);
  const total = counts.reduce((x, y) => x + y, 0);
  let cdf = (counts[0] as number) / total;
  let best = { k: 1, level: 1 - 2 * cdf };
  for (let k = 2; k <= Math.floor((m * n + 1) / 2); k++) {
    cdf += (counts[k - 1] as number) / total;
    const level = 1 - 2 * cdf;
    if (level < target) break;
    best = { k, level };
  }
  return best;
}

export interface Change {
  medianA: number;
  medianB: number;
  /** (median(b) − median(a)) ÷ median(a). */
  relChange: number;
  /** Interval of the relative change from a to b at `level`; null when no interval reaches 95% (too few repeats). */
  ci95: [number, number] | null;
  /** The interval's actual confidence, also when it is below 95% (then ci95 is null). */
  level: number;
  /** The 95% interval excludes 0. */
  significant: boolean;
}

/**
 * Did the median change from a to b? Moses interval of the shift on log values (a relative
 * change), so significant means a 95% distribution-free interval that excludes 0. With too few
 * repeats for 95% (3 a side gives 90%, 3 and 4 gives 94.3%), nothing is called significant.
 */
export function significantChange(a: readonly number[], b: readonly number[]): Change {
  const medianA = median(a);
  const medianB = median(b);
  const relChange = medianA > 0 ? (medianB - medianA) / medianA : NaN;
  if (a.length === 0 || b.length === 0 || !(medianA > 0)) return { medianA, medianB, relChange, ci95: null, level: 0, significant: false };
  const { k, level } = shiftRank(a.length, b.length);
  if (level < TARGET_LEVEL) return { medianA, medianB, relChange, ci95: null, level, significant: false };
  // Log values make the shift a ratio; a zero or negative figure falls back to differences ÷ median(a).
  const positive = [...a, ...b].every((x) => x > 0);
  const d: number[] = [];
  for (const x of a) for (const y of b) d.push(positive ? Math.log(y) - Math.log(x) : (y - x) / medianA);
  d.sort((x, y) => x - y);
  const toRel = (v: number) => (positive ? Math.exp(v) - 1 : v);
  const ci95: [number, number] = [toRel(d[k - 1] as number), toRel(d[d.length - k] as number)];
  return { medianA, medianB, relChange, ci95, level, significant: ci95[0] > 0 || ci95[1] < 0 };
}

/** "95% interval" when reached, else the range with its level: for tables and warnings. */
export function describeInterval(e: { ci95: [number, number]; level: number; reaches95: boolean; n: number }, fmt: (x: number) => string): string {
  if (e.n < 2) return 'one repeat: no interval';
  if (e.reaches95) return `${fmt(e.ci95[0])}–${fmt(e.ci95[1])} (${(e.level * 100).toFixed(1)}%)`;
  return `range ${fmt(e.ci95[0])}–${fmt(e.ci95[1])} (too few repeats for a 95% interval; the range holds the median with ${(e.level * 100).toFixed(1)}%)`;
}
