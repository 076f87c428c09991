// Pure comparison of two runs: cells matched on target × scenario × workers × connections, the
// change in req/s and p99, and, where both runs have enough repeats for a 95% interval (4 a side,
// or 3 and 5), whether the change is significant.
import type { CellResult, Results } from '../types.js';
import { median } from '../stats/bootstrap.js';
import { significantChange } from '../stats/median-ci.js';
import { brokenCells, type BrokenCell } from './broken.js';
import { cellLabel } from '../cell-key.js';

export interface MetricChange {
  before: number;
  after: number;
  /** (after − before) ÷ before. */
  change: number;
  /** 95% distribution-free interval of the relative change (Moses, on log values); null with too few repeats for 95%. */
  ci: [number, number] | null;
  /** The confidence an interval from these repeats can reach (3 vs 3: 0.90, 4 vs 4: 0.971); 0 without repeats. */
  level: number;
  verdict: 'faster' | 'slower' | 'no significant change' | "can't tell (no repeats)" | "can't tell (too few repeats for a 95% interval)";
}

export interface CellComparison {
  key: string;
  target: string;
  scenario: string;
  workers: number | null;
  connections: number;
  repeatsA: number;
  repeatsB: number;
  rps: MetricChange;
  p99Ms: MetricChange | null;
  /** A side had an invalid or errored cell: the comparison is shown but not trusted. */
  caveat: string | null;
}

export interface Comparison {
  a: { id: string; startedAt: string };
  b: { id: string; startedAt: string };
  cells: CellComparison[];
  /** Cells healthy in A that errored, were invalid or failed requests in B (and those broken in both, marked). */
  broken: BrokenCell[];
  /** Cells completed in only one run; a cell that errored in B is in `broken`, not here. */
  onlyInA: string[];
  onlyInB: string[];
}

// An open-model cell is matched on its arrival rate: its connections are only the in-flight bound.
// A point's name is its key: the same for every repeat, and told apart by rate for open-model cells (cell-key.ts).
const keyOf = (c: CellResult) => cellLabel(c);

/** higherIsBetter: throughput up is good; latency up is bad. */
function change(a: number[], b: number[], higherIsBetter: boolean): MetricChange {
  const before = median(a);
  const after = median(b);
  const rel = before > 0 ? (after - before) / before : 0;
  if (a.length < 2 || b.length < 2) return { before, after, change: rel, ci: null, level: 0, verdict: "can't tell (no repeats)" };
  const c = significantChange(a, b);
  if (!c.ci95) return { before, after, change: rel, ci: null, level: c.level, verdict: "can't tell (too few repeats for a 95% interval)" };
  const better = higherIsBetter ? rel > 0 : rel < 0;
  return { before, after, change: rel, ci: c.ci95, level: c.level, verdict: c.significant ? (better ? 'faster' : 'slower') : 'no significant change' };
}

// `_seed` is kept for callers: the test is exact now, nothing is resampled.
export function compareRuns(a: Results, b: Results, _seed = 1): Comparison {
  const group = (r: Results) => {
    const m = new Map<string, CellResult[]>();
    for (const c of r.cells) if (c.status === 'completed') m.set(keyOf(c), [...(m.get(keyOf(c)) ?? []), c]);
    return m;
  };
  const ga = group(a);
  const gb = group(b);
  const cells: CellComparison[] = [];
  for (const [key, ca] of ga) {
    const cb = gb.get(key);
    if (!cb) continue;
    const first = ca[0] as CellResult;
    const p99a = ca.flatMap((c) => (c.latencyMs ? [c.latencyMs.p99] : []));
    const p99b = cb.flatMap((c) => (c.latencyMs ? [c.latencyMs.p99] : []));
    const invalid = [...ca, ...cb].filter((c) => !c.valid);
    cells.push({
      key,
      target: first.target,
      scenario: first.scenario,
      workers: first.workers,
      connections: first.connections,
      repeatsA: ca.length,
      repeatsB: cb.length,
      rps: change(
        ca.map((c) => c.rps),
        cb.map((c) => c.rps),
        true,
      ),
      p99Ms: p99a.length && p99b.length ? change(p99a, p99b, false) : null,
      caveat: invalid.length
        ? `${invalid.length} invalid cell${invalid.length > 1 ? 's' : ''}: ${[...new Set(invalid.flatMap((c) => c.validity.map((v) => v.code)))].join(', ')}`
        : null,
    });
  }
  const broken = brokenCells(a, b, keyOf);
  const brokenKeys = new Set(broken.map((c) => c.key));
  return {
    a: { id: a.run.id, startedAt: a.run.startedAt },
    b: { id: b.run.id, startedAt: b.run.startedAt },
    cells,
    broken,
    onlyInA: [...ga.keys()].filter((k) => !gb.has(k) && !brokenKeys.has(k)),
    onlyInB: [...gb.keys()].filter((k) => !ga.has(k)),
  };
}
