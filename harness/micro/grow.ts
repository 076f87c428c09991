// A results set of any size made from a real one, so the report's micro-benchmarks time renderers
// on 100 or 1,000 cells without running them.
import type { Results } from '../types.js';

/** A results set with exactly n cells, made from a real one by repeating its cells as further repeats. */
export function growToCells(base: Results, n: number): Results {
  const cells = [];
  for (let i = 0; cells.length < n; i++) {
    const c = base.cells[i % base.cells.length];
    if (c) cells.push({ ...c, repeat: c.repeat + Math.floor(i / base.cells.length) });
  }
  return { ...base, cells };
}
