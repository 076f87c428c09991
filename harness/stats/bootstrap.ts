// Percentile bootstrap, seeded so that a result can be reproduced exactly.
import { prng } from '../plan.js';

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function resample(xs: readonly number[], rand: () => number): number[] {
  return xs.map(() => xs[Math.floor(rand() * xs.length)] as number);
}

function percentileInterval(values: number[]): [number, number] {
  values.sort((x, y) => x - y);
  const n = values.length;
  return [values[Math.floor(n * 0.025)] as number, values[Math.min(n - 1, Math.floor(n * 0.975))] as number];
}

export interface Estimate {
  median: number;
  /** 95% bootstrap confidence interval of the median; [median, median] for a single sample. */
  ci95: [number, number];
  n: number;
}

export function medianCI(xs: readonly number[], opts: { seed?: number; resamples?: number } = {}): Estimate {
  const m = median(xs);
  if (xs.length < 2) return { median: m, ci95: [m, m], n: xs.length };
  const rand = prng(opts.seed ?? 1);
  const meds = Array.from({ length: opts.resamples ?? 2000 }, () => median(resample(xs, rand)));
  return { median: m, ci95: percentileInterval(meds), n: xs.length };
}

/** 95% interval of the relative change of medians, (median(b) − median(a)) ÷ median(a); excluding 0 means significant. */
export function bootstrapDiffCI(a: readonly number[], b: readonly number[], opts: { seed?: number; resamples?: number } = {}): [number, number] {
  const rand = prng(opts.seed ?? 1);
  const diffs = Array.from({ length: opts.resamples ?? 2000 }, () => {
    const ma = median(resample(a, rand));
    return ma > 0 ? (median(resample(b, rand)) - ma) / ma : 0;
  });
  return percentileInterval(diffs);
}
