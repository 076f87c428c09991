import { prng } from '../plan.js';

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function resample(xs: number[], rand: () => number): number[] {
  return xs.map(() => xs[Math.floor(rand() * xs.length)] as number);
}

/**
 * 95% percentile-bootstrap interval of the relative change of medians, (median(b) − median(a)) ÷ median(a).
 * An interval that excludes 0 is a significant change. Seeded, so a comparison is reproducible.
 */
export function bootstrapDiffCI(a: number[], b: number[], opts: { seed?: number; resamples?: number } = {}): [number, number] {
  const rand = prng(opts.seed ?? 1);
  const n = opts.resamples ?? 2000;
  const diffs: number[] = [];
  for (let i = 0; i < n; i++) {
    const ma = median(resample(a, rand));
    const mb = median(resample(b, rand));
    diffs.push(ma > 0 ? (mb - ma) / ma : 0);
  }
  diffs.sort((x, y) => x - y);
  return [diffs[Math.floor(n * 0.025)] as number, diffs[Math.min(n - 1, Math.floor(n * 0.975))] as number];
}
