// Summaries of repeated cells: medians with order-statistic intervals that state their level (the
// range, marked as such, below 6 repeats), and warnings in the style of hyperfine that explain themselves.
import type { CellResult, CellSummary } from '../types.js';
import { medianCI } from './median-ci.js';
import { repeatWarningsFor } from './summary.js';

/** Warnings about one cell's repeated throughput (lower req/s is slower). */
export function repeatWarnings(rps: readonly number[], label: string): string[] {
  return repeatWarningsFor(rps, { label, unit: 'req/s', higherIsBetter: true });
}

/** One summary per target × scenario × workers × connections, over its completed repeats, in repeat order. */
// `_seed` is kept for callers: the intervals are exact now, nothing is resampled.
export function summarizeRepeats(cells: readonly CellResult[], _seed = 1): CellSummary[] {
  const groups = new Map<string, CellResult[]>();
  for (const c of cells) {
    if (c.status !== 'completed') continue;
    const key = `${c.target}|${c.scenario}|${c.workers}|${c.connections}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()].map((g) => {
    const cs = [...g].sort((a, b) => a.repeat - b.repeat);
    const first = cs[0] as CellResult;
    const valid = cs.filter((c) => c.valid);
    const rps = cs.map((c) => c.rps);
    const lat = (k: 'p50' | 'p99') => cs.flatMap((c) => (c.latencyMs ? [c.latencyMs[k]] : []));
    const label = `${first.target} ${first.scenario} w=${first.workers ?? '?'} c=${first.connections}`;
    return {
      target: first.target,
      scenario: first.scenario,
      workers: first.workers,
      connections: first.connections,
      repeats: cs.length,
      validRepeats: valid.length,
      rps: medianCI(rps),
      p50Ms: lat('p50').length ? medianCI(lat('p50')) : null,
      p99Ms: lat('p99').length ? medianCI(lat('p99')) : null,
      ceilingRps: first.ceilingRps,
      warnings: repeatWarnings(rps, label),
    };
  });
}
