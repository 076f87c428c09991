// Summaries of repeated cells: medians with order-statistic intervals that state their level (the
// range, marked as such, below 6 repeats), and warnings in the style of hyperfine that explain themselves.
import type { CellResult, CellSummary } from '../types.js';
import { cellLabel, pointKeyOf, rateOfCell } from '../cell-key.js';
import { medianCI } from './median-ci.js';
import { repeatWarningsFor } from './summary.js';

/** Warnings about one cell's repeated throughput (lower req/s is slower). */
export function repeatWarnings(rps: readonly number[], label: string): string[] {
  return repeatWarningsFor(rps, { label, unit: 'req/s', higherIsBetter: true });
}

/**
 * One summary per measurement point (target × scenario × workers × connections or arrival rate:
 * cell-key.ts), over its VALID completed repeats, in repeat order, as the report reads them: an
 * invalid repeat's figures are not the server's, so they never move a median. A point with no
 * valid repeat has no figures, and says so in its warnings.
 */
// `_seed` is kept for callers: the intervals are exact now, nothing is resampled.
export function summarizeRepeats(cells: readonly CellResult[], _seed = 1): CellSummary[] {
  const groups = new Map<string, CellResult[]>();
  for (const c of cells) {
    if (c.status !== 'completed') continue;
    const key = pointKeyOf(c);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()].map((g) => {
    const cs = [...g].sort((a, b) => a.repeat - b.repeat);
    const first = cs[0] as CellResult;
    const valid = cs.filter((c) => c.valid);
    const rps = valid.map((c) => c.rps);
    const lat = (k: 'p50' | 'p99') => valid.flatMap((c) => (c.latencyMs ? [c.latencyMs[k]] : []));
    const label = cellLabel(first);
    const none = valid.length === 0 ? [`${label}: none of its ${cs.length} repeats is valid, so it has no summary figures (see each repeat's validity)`] : [];
    return {
      target: first.target,
      scenario: first.scenario,
      workers: first.workers,
      connections: first.connections,
      ratePerS: rateOfCell(first),
      repeats: cs.length,
      validRepeats: valid.length,
      rps: rps.length ? medianCI(rps) : null,
      p50Ms: lat('p50').length ? medianCI(lat('p50')) : null,
      p99Ms: lat('p99').length ? medianCI(lat('p99')) : null,
      ceilingRps: first.ceilingRps,
      warnings: [...none, ...(rps.length ? repeatWarnings(rps, label) : [])],
    };
  });
}
