// Percentile bootstrap of the median, seeded so that a result can be reproduced exactly: the same
// samples and seed always give the same interval.

/** mulberry32: a small, fast, seeded PRNG in [0, 1); the same algorithm as plan.ts's prng. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BootstrapOptions {
  /** Default 1. */
  seed?: number;
  /** Default 2000. */
  resamples?: number;
}

/** Median; NaN for no samples. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function resample(xs: readonly number[], rand: () => number): number[] {
  return xs.map(() => xs[Math.floor(rand() * xs.length)] as number);
}

/** The 2.5th and 97.5th percentiles of the bootstrap distribution (sorts `values`). */
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

/** The median with its 95% percentile-bootstrap interval. Fewer than 2 samples: a degenerate interval. */
export function medianCI(xs: readonly number[], opts: BootstrapOptions = {}): Estimate {
  const m = median(xs);
  if (xs.length < 2) return { median: m, ci95: [m, m], n: xs.length };
  const rand = mulberry32(opts.seed ?? 1);
  const meds = Array.from({ length: opts.resamples ?? 2000 }, () => median(resample(xs, rand)));
  return { median: m, ci95: percentileInterval(meds), n: xs.length };
}

/** 95% interval of the relative change of medians, (median(b) − median(a)) ÷ median(a); excluding 0 means significant. */
export function bootstrapDiffCI(a: readonly number[], b: readonly number[], opts: BootstrapOptions = {}): [number, number] {
  const rand = mulberry32(opts.seed ?? 1);
  const diffs = Array.from({ length: opts.resamples ?? 2000 }, () => {
    const ma = median(resample(a, rand));
    return ma > 0 ? (median(resample(b, rand)) - ma) / ma : 0;
  });
  return percentileInterval(diffs);
}

export interface Change {
  medianA: number;
  medianB: number;
  /** (median(b) − median(a)) ÷ median(a). */
  relChange: number;
  /** 95% bootstrap interval of relChange; null when either side has fewer than `minSamples`. */
  ci95: [number, number] | null;
  /** The interval excludes 0: the medians differ beyond resampling noise. */
  significant: boolean;
}

/**
 * Did the median change from a to b? Bootstraps the relative change of medians; significant when
 * its 95% interval excludes 0. With fewer than `minSamples` (default 3) on either side there is
 * no interval, and nothing is called significant.
 */
export function significantChange(a: readonly number[], b: readonly number[], opts: BootstrapOptions & { minSamples?: number } = {}): Change {
  const medianA = median(a);
  const medianB = median(b);
  const relChange = medianA > 0 ? (medianB - medianA) / medianA : NaN;
  const min = opts.minSamples ?? 3;
  if (a.length < min || b.length < min || !(medianA > 0)) return { medianA, medianB, relChange, ci95: null, significant: false };
  const ci95 = bootstrapDiffCI(a, b, opts);
  return { medianA, medianB, relChange, ci95, significant: ci95[0] > 0 || ci95[1] < 0 };
}
