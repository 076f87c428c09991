// The seeded PRNG every module shares (plan order, simulations) and the median. The percentile
// bootstrap of the median that lived here is gone: with 3 repeats its "95%" interval is the range,
// which covers the median 75% of the time. Intervals are in median-ci.ts and state their level.

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

/** Median; NaN for no samples. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
