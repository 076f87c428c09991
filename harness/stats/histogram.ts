// A latency histogram in integer microseconds on HdrHistogram (hdr-histogram-js, 3 significant
// digits, so any value is kept within 0.1%). autocannon's own histogram counts whole
// milliseconds, which cannot tell 100.2 ms from 100.9 ms; this one can. Values in and out are ms.
//
// Why hdr-histogram-js rather than perf_hooks' histogram: generator workers run in other processes
// (and Locust workers in Python), so a histogram must cross a process boundary whole. HdrHistogram's
// compressed encoding does that losslessly, and Python's `hdrhistogram` writes the same format, so
// every worker's samples merge exactly instead of averaging percentiles. Recording costs ~95 ns.
import * as hdr from 'hdr-histogram-js';
import type { LatencyMs } from '../types.js';

/** Percentiles always in the curve: dense in the tail, where sync and async differ most. */
export const CURVE_PERCENTILES: readonly number[] = [0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100];

const BUILD = { bitBucketSize: 32, autoResize: true, numberOfSignificantValueDigits: 3, useWebAssembly: false } as const;

/** A histogram on the wire: HdrHistogram's compressed base64 plus the exact extremes, in µs. */
export interface EncodedHistogram {
  hdr: string;
  minUs: number;
  maxUs: number;
}

export class LatencyHistogram {
  readonly hist: hdr.Histogram = hdr.build(BUILD);
  // HDR keeps the exact extremes only for values recorded directly; after add() or a decode they
  // would become bucket edges, so they are carried beside it and a merge stays exact.
  private minUs = Infinity;
  private maxUs = 0;

  /** Records one latency in ms, as integer µs; anything under 1 µs counts as 1 µs. */
  record(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`latency must be a finite number of ms, got ${ms}`);
    const us = Math.max(1, Math.round(ms * 1000));
    this.hist.recordValue(us);
    if (us < this.minUs) this.minUs = us;
    if (us > this.maxUs) this.maxUs = us;
  }

  get count(): number {
    return this.hist.totalCount;
  }

  /** Adds every value of `other` into this one (e.g. one histogram per worker or per repeat). */
  merge(other: LatencyHistogram): this {
    if (other.count === 0) return this;
    this.hist.add(other.hist);
    this.minUs = Math.min(this.minUs, other.minUs);
    this.maxUs = Math.max(this.maxUs, other.maxUs);
    return this;
  }

  /** Lossless form for crossing a process boundary (JSON-safe). */
  encode(): EncodedHistogram {
    return { hdr: this.count > 0 ? hdr.encodeIntoCompressedBase64(this.hist) : '', minUs: this.count > 0 ? this.minUs : 0, maxUs: this.maxUs };
  }

  static decode(e: EncodedHistogram): LatencyHistogram {
    const h = new LatencyHistogram();
    if (!e.hdr) return h;
    const d = hdr.decodeFromCompressedBase64(e.hdr, 32, false);
    h.hist.add(d);
    h.minUs = e.minUs || d.minNonZeroValue;
    h.maxUs = e.maxUs || d.maxValue;
    return h;
  }

  /** The value at percentile p (0 gives the minimum), in ms; NaN when empty. */
  percentileMs(p: number): number {
    if (this.count === 0) return NaN;
    if (p <= 0) return this.minUs / 1000;
    if (p >= 100) return this.maxUs / 1000;
    return Math.min(this.hist.getValueAtPercentile(p), this.maxUs) / 1000;
  }

  /** The cell's latency figures in ms; null when nothing was recorded. */
  summary(): LatencyMs | null {
    if (this.count === 0) return null;
    const h = this.hist;
    return {
      p50: this.percentileMs(50),
      p90: this.percentileMs(90),
      p99: this.percentileMs(99),
      p999: this.percentileMs(99.9),
      max: this.maxUs / 1000,
      min: this.minUs / 1000,
      mean: h.mean / 1000,
      stdev: h.stdDeviation / 1000,
    };
  }

  /**
   * [percentile, ms] pairs for distribution charts: CURVE_PERCENTILES plus the halving steps
   * toward 100 (50, 75, 87.5, …) that HDR percentile plots use, sorted, without duplicates.
   */
  curve(): Array<[number, number]> {
    if (this.count === 0) return [];
    const ps = new Set<number>(CURVE_PERCENTILES);
    for (let gap = 50; gap > 100 / Math.max(2, this.count); gap /= 2) ps.add(100 - gap);
    return [...ps].sort((a, b) => a - b).map((p) => [p, this.percentileMs(p)]);
  }

  reset(): void {
    this.hist.reset();
    this.minUs = Infinity;
    this.maxUs = 0;
  }
}
