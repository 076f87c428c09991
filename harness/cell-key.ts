// One identity for a cell wherever cells are matched, grouped or named: the resume's skip list, the
// estimate learning from the last run, repeats summarised, runs compared, progress lines. Open-model
// cells are told apart by their arrival rate (their `connections` is the in-flight bound, the same
// for every rate): keyed without it, rates 100 and 500 with --repeat 3 became one "6 repeats"
// summary whose median neither rate produced (issue 21).
import type { CellKey, LoadModel } from './types.js';

/** What a key is read from: a planned cell (its load) or a measured one (its `open` facts). */
export type Keyed = Omit<CellKey, 'repeat'> & { repeat?: number; load?: LoadModel; open?: { ratePerS: number } };

/** The arrival rate of an open-model cell, planned or measured; null for a closed one. */
export function rateOfCell(c: { load?: LoadModel; open?: { ratePerS: number } }): number | null {
  if (c.load) return c.load.model === 'open' ? c.load.ratePerS : null;
  return c.open?.ratePerS ?? null;
}

/** One measurement point: target × scenario × workers × connections (or rate); repeats of it share this key. */
export function pointKeyOf(c: Keyed): string {
  const rate = rateOfCell(c);
  return `${c.target}|${c.scenario}|${c.workers}|${c.connections}${rate === null ? '' : `|r${rate}`}`;
}

/** One cell of one run: the point and its repeat (the resume's skip list, the estimate's cell costs). */
export function cellKeyOf(c: Keyed & { repeat: number }): string {
  return `${pointKeyOf(c)}|#${c.repeat}`;
}

/** How a cell's load reads in progress lines and notes: `c=100` (closed) or `r=500/s` (open). */
export function loadLabel(c: { connections: number; load?: LoadModel; open?: { ratePerS: number } }): string {
  const rate = rateOfCell(c);
  return rate === null ? `c=${c.connections}` : `r=${rate}/s`;
}

/** A point as people read it: `node-async sleep w=2 c=100`, or `… r=500/s`, with ` #2` for a repeat when asked. */
export function cellLabel(c: Keyed, opts: { repeat?: boolean } = {}): string {
  return `${c.target} ${c.scenario} w=${c.workers ?? '?'} ${loadLabel(c)}${opts.repeat && c.repeat !== undefined ? ` #${c.repeat}` : ''}`;
}
