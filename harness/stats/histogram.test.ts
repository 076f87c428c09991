import { describe, expect, it } from 'vitest';
import { CURVE_PERCENTILES, LatencyHistogram } from './histogram.js';

/** A new histogram holding the values of all of `parts`, as the engines merge their workers'. */
function mergeAll(parts: readonly LatencyHistogram[]): LatencyHistogram {
  const out = new LatencyHistogram();
  for (const p of parts) out.merge(p);
  return out;
}

/** 1..n ms, one each. */
function uniform(n: number, offsetMs = 0): LatencyHistogram {
  const h = new LatencyHistogram();
  for (let i = 1; i <= n; i++) h.record(i + offsetMs);
  return h;
}

// HDR keeps 3 significant digits: every figure is within 0.1% of the exact one.
const near = (actual: number | undefined, expected: number) => expect(Math.abs((actual ?? NaN) - expected)).toBeLessThanOrEqual(expected * 0.001 + 0.001);

describe('LatencyHistogram', () => {
  it('summarises 1..1000 ms with the exact percentiles, within HDR precision', () => {
    const s = uniform(1000).summary();
    near(s?.p50, 500);
    near(s?.p90, 900);
    near(s?.p99, 990);
    near(s?.p999, 999);
    near(s?.min, 1);
    near(s?.max, 1000);
    near(s?.mean, 500.5);
    near(s?.stdev, 288.82);
  });

  it('keeps sub-millisecond resolution that whole-ms counting loses', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 100; i++) h.record(100.2);
    for (let i = 0; i < 100; i++) h.record(100.9);
    near(h.percentileMs(25), 100.2);
    near(h.percentileMs(75), 100.9);
    near(h.summary()?.mean, 100.55);
  });

  it('records anything under a microsecond as 1 µs, and refuses NaN', () => {
    const h = new LatencyHistogram();
    h.record(0);
    h.record(0.0004);
    expect(h.summary()?.max).toBe(0.001);
    expect(() => h.record(NaN)).toThrow(/finite/);
    expect(h.count).toBe(2);
  });

  it('merges: the union of two halves summarises like the whole', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    for (let i = 1; i <= 1000; i++) (i % 2 ? a : b).record(i);
    expect(a.merge(b).summary()).toEqual(uniform(1000).summary());
    expect(mergeAll([uniform(10), uniform(10, 100)]).count).toBe(20);
    near(mergeAll([uniform(10), uniform(10, 100)]).percentileMs(100), 110);
  });

  it('gives a sorted percentile curve from min to max, including the fixed tail points', () => {
    const c = uniform(1000).curve();
    const ps = c.map(([p]) => p);
    for (const p of CURVE_PERCENTILES) expect(ps).toContain(p);
    expect(ps).toContain(87.5); // a halving step toward 100
    expect([...ps].sort((x, y) => x - y)).toEqual(ps);
    expect(new Set(ps).size).toBe(ps.length);
    near(c[0]?.[1], 1);
    near(c[c.length - 1]?.[1], 1000);
    for (let i = 1; i < c.length; i++) expect((c[i] as [number, number])[1]).toBeGreaterThanOrEqual((c[i - 1] as [number, number])[1]);
  });

  it('crosses a process boundary losslessly: decode(encode(h)) summarises exactly like h', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 5000; i++) h.record(0.05 + ((i * 7919) % 10007) / 3.1);
    const back = LatencyHistogram.decode(h.encode());
    expect(back.count).toBe(h.count);
    expect(back.summary()).toEqual(h.summary());
    expect(back.curve()).toEqual(h.curve());
    expect(LatencyHistogram.decode(new LatencyHistogram().encode()).count).toBe(0);
  });

  it('merged worker histograms equal one histogram of all the samples (no averaged percentiles)', () => {
    const parts = [new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram()];
    const whole = new LatencyHistogram();
    for (let i = 0; i < 30_000; i++) {
      const ms = i % 3 === 0 ? 100 + (i % 97) : i % 3 === 1 ? 2_000 + (i % 13) * 50 : 0.2 + (i % 11);
      parts[i % 3]!.record(ms);
      whole.record(ms);
    }
    const merged = mergeAll(parts.map((p) => LatencyHistogram.decode(p.encode())));
    expect(merged.summary()).toEqual(whole.summary());
    expect(merged.curve()).toEqual(whole.curve());
  });

  it('is empty-safe', () => {
    const h = new LatencyHistogram();
    expect(h.summary()).toBeNull();
    expect(h.curve()).toEqual([]);
    expect(h.percentileMs(50)).toBeNaN();
  });
});
