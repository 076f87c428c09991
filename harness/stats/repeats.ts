// Summaries of repeated cells: medians with 95% bootstrap intervals, and warnings in the style of
// hyperfine that explain themselves.
import type { CellResult, CellSummary } from '../types.js';
import { medianCI, median } from './bootstrap.js';

/** Coefficient of variation of throughput above which the repeats disagree too much to trust one. */
export const HIGH_VARIANCE_CV = 0.1;
/** A first repeat this much slower than the median of the others suggests a cold start. */
export const SLOW_FIRST_FACTOR = 0.85;

export function repeatWarnings(rps: readonly number[], label: string): string[] {
  const out: string[] = [];
  if (rps.length >= 2) {
    const mean = rps.reduce((a, b) => a + b, 0) / rps.length;
    const sd = Math.sqrt(rps.reduce((a, b) => a + (b - mean) ** 2, 0) / (rps.length - 1));
    const cv = mean > 0 ? sd / mean : 0;
    if (cv > HIGH_VARIANCE_CV) {
      out.push(`${label}: repeats vary a lot (req/s coefficient of variation ${(cv * 100).toFixed(0)}%): the machine may have been busy with something else; close other programs, or use more repeats and a longer --duration`);
    }
  }
  if (rps.length >= 3) {
    const rest = median(rps.slice(1));
    if ((rps[0] as number) < rest * SLOW_FIRST_FACTOR) {
      out.push(`${label}: the first repeat was significantly slower (${(rps[0] as number).toFixed(1)} vs ${rest.toFixed(1)} req/s for the others): caches or JIT were cold; a longer --warmup may help`);
    }
  }
  return out;
}

/** One summary per target × scenario × workers × connections, over its completed repeats, in repeat order. */
export function summarizeRepeats(cells: readonly CellResult[], seed = 1): CellSummary[] {
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
      rps: medianCI(rps, { seed }),
      p50Ms: lat('p50').length ? medianCI(lat('p50'), { seed: seed + 1 }) : null,
      p99Ms: lat('p99').length ? medianCI(lat('p99'), { seed: seed + 2 }) : null,
      ceilingRps: first.ceilingRps,
      warnings: repeatWarnings(rps, label),
    };
  });
}
