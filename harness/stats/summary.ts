// Summary statistics of repeated measurements and the warnings hyperfine made familiar, worded to
// explain themselves: what was seen, with figures, what it probably means and what to do.

export interface Spread {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1). */
  stdev: number;
  /** stdev ÷ mean; 0 when the mean is 0 or there is one sample. */
  cv: number;
  min: number;
  max: number;
}

export function spread(xs: readonly number[]): Spread {
  const n = xs.length;
  if (n === 0) return { n, mean: NaN, stdev: NaN, cv: NaN, min: NaN, max: NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const stdev = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { n, mean, stdev, cv: mean !== 0 ? stdev / Math.abs(mean) : 0, min: Math.min(...xs), max: Math.max(...xs) };
}

export interface WarningOptions {
  /** Names the measurement in each message, e.g. "node-async sleep w=2 c=50". */
  label: string;
  /** What the values are, e.g. "req/s" or "ms". */
  unit: string;
  /** true for throughput (slower = lower), false for durations and latencies (slower = higher). */
  higherIsBetter: boolean;
  /** Coefficient of variation above which the repeats disagree too much. Default 0.1. */
  maxCv?: number;
  /** The first repeat counts as slow when it is this many times worse than the median of the others. Default 1.2. */
  slowFirstFactor?: number;
}

export const DEFAULT_MAX_CV = 0.1;
export const DEFAULT_SLOW_FIRST_FACTOR = 1.2;

function medianOf(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));

/** "Repeats vary a lot": coefficient of variation above maxCv, over at least 2 repeats. */
export function highVarianceWarning(xs: readonly number[], o: WarningOptions): string | null {
  if (xs.length < 2) return null;
  const s = spread(xs);
  const maxCv = o.maxCv ?? DEFAULT_MAX_CV;
  if (!(s.cv > maxCv)) return null;
  return `${o.label}: repeats vary a lot (${o.unit} from ${fmt(s.min)} to ${fmt(s.max)}, coefficient of variation ${(s.cv * 100).toFixed(0)}%, above ${(maxCv * 100).toFixed(0)}%): the machine may have been busy with something else; close other programs, or use more repeats and a longer --duration`;
}

/**
 * "First repeat much slower": the first value is slowFirstFactor times worse than the median of
 * the rest (lower for throughput, higher for durations). Needs at least 3 repeats.
 */
export function slowFirstWarning(xs: readonly number[], o: WarningOptions): string | null {
  if (xs.length < 3) return null;
  const first = xs[0] as number;
  const rest = medianOf(xs.slice(1));
  const factor = o.slowFirstFactor ?? DEFAULT_SLOW_FIRST_FACTOR;
  const slow = o.higherIsBetter ? first * factor < rest : first > rest * factor;
  if (!slow) return null;
  return `${o.label}: the first repeat was significantly slower than the others (${fmt(first)} vs a median of ${fmt(rest)} ${o.unit}): caches, JIT or connection pools were probably cold; a longer --warmup may help, or leave the first repeat out`;
}

/** Every warning that applies, in a fixed order. */
export function repeatWarningsFor(xs: readonly number[], o: WarningOptions): string[] {
  return [highVarianceWarning(xs, o), slowFirstWarning(xs, o)].filter((w): w is string => w !== null);
}
