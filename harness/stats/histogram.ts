// A latency histogram in integer microseconds on perf_hooks' HDR histogram (3 significant digits,
// so any value is kept within 0.1%). autocannon's own histogram counts whole milliseconds, which
// cannot tell 100.2 ms from 100.9 ms; this one can. Values in and out are milliseconds.
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import type { LatencyMs } from '../types.js';

/** Percentiles always in the curve: dense in the tail, where sync and async differ most. */
export const CURVE_PERCENTILES: readonly number[] = [0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100];

export class LatencyHistogram {
  readonly hist: RecordableHistogram = createHistogram();

  /** Records one latency in ms, as integer µs; anything under 1 µs counts as 1 µs. */
  record(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`latency must be a finite number of ms, got ${ms}`);
    this.hist.record(Math.max(1, Math.round(ms * 1000)));
  }

  get count(): number {
    return this.hist.count;
  }

  /** Adds every value of `other` into this one (e.g. one histogram per worker or per repeat). */
  merge(other: LatencyHistogram): this {
    this.hist.add(other.hist);
    return this;
  }

  /** The value at percentile p (0 gives the minimum), in ms; NaN when empty. */
  percentileMs(p: number): number {
    if (this.hist.count === 0) return NaN;
    return (p <= 0 ? this.hist.min : this.hist.percentile(Math.min(100, p))) / 1000;
  }

  /** The cell's latency figures in ms; null when nothing was recorded. */
  summary(): LatencyMs | null {
    if (this.hist.count === 0) return null;
    const h = this.hist;
    return {
      p50: h.percentile(50) / 1000,
      p90: h.percentile(90) / 1000,
      p99: h.percentile(99) / 1000,
      p999: h.percentile(99.9) / 1000,
      max: h.max / 1000,
      min: h.min / 1000,
      mean: h.mean / 1000,
      stdev: h.stddev / 1000,
    };
  }

  /**
   * [percentile, ms] pairs for distribution charts: CURVE_PERCENTILES plus the halving steps HDR
   * itself reports (50, 75, 87.5, … toward 100), sorted and without duplicates. Empty when empty.
   */
  curve(): Array<[number, number]> {
    if (this.hist.count === 0) return [];
    const ps = new Set<number>(CURVE_PERCENTILES);
    for (const p of this.hist.percentiles.keys()) ps.add(p);
    return [...ps].sort((a, b) => a - b).map((p) => [p, this.percentileMs(p)]);
  }

  reset(): void {
    this.hist.reset();
  }
}

/** A new histogram holding the values of all of `parts`. */
export function mergeAll(parts: readonly LatencyHistogram[]): LatencyHistogram {
  const out = new LatencyHistogram();
  for (const p of parts) out.merge(p);
  return out;
}
