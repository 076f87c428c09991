import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import type { LatencyMs } from '../types.js';

// Percentiles kept for distribution curves: dense in the tail, where sync and async differ most.
const CURVE_PERCENTILES = [0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100];

/** Records latencies in integer microseconds (autocannon's own histogram counts whole milliseconds). */
export class LatencyRecorder {
  readonly hist: RecordableHistogram = createHistogram();

  record(ms: number): void {
    this.hist.record(Math.max(1, Math.round(ms * 1000)));
  }

  get count(): number {
    return this.hist.count;
  }

  merge(other: LatencyRecorder): void {
    this.hist.add(other.hist);
  }

  percentileMs(p: number): number {
    return this.hist.percentile(p) / 1000;
  }

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

  curve(): Array<[number, number]> {
    if (this.hist.count === 0) return [];
    return CURVE_PERCENTILES.map((p) => [p, this.hist.percentile(p === 0 ? 0.0001 : p) / 1000]);
  }
}
