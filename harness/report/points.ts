// From cells to plotted points: one point per target × scenario × workers × connections, with
// repeats folded into their median-throughput cell (a real measurement, not a mix of several).
import type { CellResult, Results, TargetSummary } from '../types.js';
import { fmtWorkers } from './format.js';

export interface Point {
  target: string;
  scenario: string;
  workers: number | null;
  connections: number;
  /** Open-model cells: the asked arrival rate (req/s); null for closed cells (C connections). */
  ratePerS: number | null;
  /** The cell whose figures are shown: the median-throughput completed repeat. */
  cell: CellResult;
  repeats: number;
  /** Completed, with figures, and no error-severity validity issue. */
  valid: boolean;
  /** Why the point is invalid (validity errors, or what happened to an errored/aborted cell). */
  reasons: string[];
  /** Validity warnings: shown, but the point stays valid. */
  warnings: string[];
}

export function hasFigures(c: CellResult): boolean {
  return c.status === 'completed' && c.latencyMs !== null;
}

export function isValidCell(c: CellResult): boolean {
  return hasFigures(c) && c.valid && !c.validity.some((v) => v.severity === 'error');
}

export function reasonsOf(c: CellResult): string[] {
  const out = c.validity.filter((v) => v.severity === 'error').map((v) => v.message);
  if (c.status !== 'completed') out.unshift(`${c.status}${c.error ? `: ${c.error.message}` : ''}`);
  else if (c.latencyMs === null) out.push('no responses were measured');
  else if (!c.valid && out.length === 0) out.push('marked invalid by the harness');
  return out;
}

const byRps = (a: CellResult, b: CellResult) => a.rps - b.rps;

/** Median-throughput cell of a group: from valid repeats when `validOnly`, else from completed ones. */
function representative(cells: CellResult[], validOnly: boolean): CellResult | null {
  const pool = cells.filter(validOnly ? isValidCell : hasFigures).sort(byRps);
  if (pool.length > 0) return pool[Math.floor((pool.length - 1) / 2)] ?? null;
  return validOnly ? null : (cells[0] ?? null);
}

/** The arrival rate of an open-model cell; null for a closed one. */
export const rateOf = (c: CellResult): number | null => c.open?.ratePerS ?? null;

export function pointKey(target: string, scenario: string, workers: number | null, connections: number, ratePerS: number | null = null): string {
  return `${target}\u0000${scenario}\u0000${fmtWorkers(workers)}\u0000${connections}${ratePerS === null ? '' : `\u0000r${ratePerS}`}`;
}

/** Every point of the run, in run order. With `validOnly`, invalid repeats are ignored and groups with none left are dropped. */
export function buildPoints(results: Results, validOnly = false): Point[] {
  const groups = new Map<string, CellResult[]>();
  for (const c of results.cells) {
    const k = pointKey(c.target, c.scenario, c.workers, c.connections, rateOf(c));
    const g = groups.get(k);
    if (g) g.push(c);
    else groups.set(k, [c]);
  }
  const out: Point[] = [];
  for (const cells of groups.values()) {
    const cell = representative(cells, validOnly);
    if (!cell) continue;
    out.push({
      target: cell.target,
      scenario: cell.scenario,
      workers: cell.workers,
      connections: cell.connections,
      ratePerS: rateOf(cell),
      cell,
      repeats: cells.length,
      valid: isValidCell(cell),
      reasons: reasonsOf(cell),
      warnings: cell.validity.filter((v) => v.severity === 'warning').map((v) => v.message),
    });
  }
  return out;
}

/** Target names in report order: as listed in `targets`, then any that only appear in cells. */
export function targetOrder(results: Results): string[] {
  const names = results.targets.map((t) => t.name);
  for (const c of results.cells) if (!names.includes(c.target)) names.push(c.target);
  return names;
}

export function scenarioOrder(results: Results): string[] {
  const ids = results.scenarios.map((s) => s.id);
  for (const c of results.cells) if (!ids.includes(c.scenario)) ids.push(c.scenario);
  return ids;
}

export function scenarioTitle(results: Results, id: string): string {
  return results.scenarios.find((s) => s.id === id)?.title ?? id;
}

export function targetInfo(results: Results, name: string): TargetSummary | undefined {
  return results.targets.find((t) => t.name === name);
}

/** Whether a target is on the async side of a comparison: its views, else its concurrency model. */
export function sideOf(results: Results, name: string): 'async' | 'sync' | null {
  const t = targetInfo(results, name);
  if (t?.views) return t.views;
  const model = t?.model ?? results.cells.find((c) => c.target === name)?.model ?? null;
  if (model === 'async') return 'async';
  if (model === 'sync-process' || model === 'sync-threads') return 'sync';
  return null;
}

/** Family of a target as it declared it (a name prefix is not a family: issue 24); null when it declared none. */
export function familyOf(results: Results, name: string): string | null {
  return targetInfo(results, name)?.family ?? null;
}

export const uniqueSorted = (xs: Array<number | null>): number[] => [...new Set(xs.filter((x): x is number => x !== null))].sort((a, b) => a - b);

export function sortPoints(points: Point[], targets: string[]): Point[] {
  return [...points].sort(
    (a, b) =>
      targets.indexOf(a.target) - targets.indexOf(b.target) ||
      (a.workers ?? 0) - (b.workers ?? 0) ||
      a.connections - b.connections ||
      (a.ratePerS ?? 0) - (b.ratePerS ?? 0),
  );
}
