// Tables that HTML and Markdown both show and that no chart owns: the invalid, failed and warned
// cells, and the micro-benchmark rows. Pure TableViews; each renderer formats them its own way.
import type { Results } from '../types.js';
import { fmtCount, fmtMs, fmtPct, fmtWorkers } from './format.js';
import { buildPoints, sortPoints, targetOrder, type Point } from './points.js';
import type { MicroRow, TableView } from './types.js';

/** Every cell that is invalid, failed, or carries a warning, with its reasons. */
export function validityTable(results: Results, points: Point[] = buildPoints(results)): TableView {
  const targets = targetOrder(results);
  const rows = sortPoints(points, targets)
    .filter((p) => !p.valid || p.warnings.length > 0)
    .sort((a, b) => a.scenario.localeCompare(b.scenario))
    .map((p) => ({
      cells: [
        p.scenario,
        p.target,
        fmtWorkers(p.workers),
        fmtCount(p.connections),
        p.cell.status,
        p.valid ? 'valid, with a warning' : 'invalid',
        [...p.reasons, ...p.warnings.map((w) => `warning: ${w}`)].join('; '),
      ],
      invalid: !p.valid,
    }));
  return { columns: ['scenario', 'target', 'workers', 'connections', 'status', 'verdict', 'what happened'], rows };
}

/** The micro-benchmark rows (micro.json) as a table; a task that failed is marked. */
export function microTable(rows: MicroRow[]): TableView {
  return {
    columns: ['task', 'mean', 'p99', '± (rme)', 'samples', 'error'],
    rows: rows.map((r) => ({
      cells: [r.task, fmtMs(r.meanMs), fmtMs(r.p99Ms), `±${fmtPct(r.rme)}`, fmtCount(r.samples), r.error ?? ''],
      invalid: Boolean(r.error),
    })),
  };
}
