// A planned cell's Little's-law ceiling: the theory (theory/ceiling.ts) applied to one target and one
// cell of the plan. The run records it, the warm-up sizes its cap by it, the estimate and the
// capacity search plan with it, so it lives below all of them.
import { slotsFor as theorySlots } from '../theory/ceiling.js';
import type { PlannedCell } from './plan.js';
import type { ScenarioDef, TargetDef } from '../types.js';

/**
 * How many requests a target can make progress on at once for a cell: the heart of its ceiling.
 * The rule lives in theory/ceiling.ts; this adapts a target definition and a planned cell to it.
 * A running server with unknown workers has slots only when it is async (the connections).
 */
export function slotsFor(target: TargetDef, cell: PlannedCell): number | null {
  if (!target.model) return null;
  if (cell.workers === null) return target.model === 'async' ? cell.connections : null;
  const limit = target.kind === 'launch' ? target.perWorkerLimit?.[cell.scenario] : undefined;
  return theorySlots({
    model: target.model,
    workers: cell.workers,
    threads: cell.threads ?? target.threads ?? 1,
    connections: cell.connections,
    perWorkerLimit: limit,
  });
}

/** The cell's Little's-law ceiling from the scenario's own formula; null when theory gives none. */
export function cellCeilingRps(target: TargetDef, scenario: ScenarioDef, planned: PlannedCell, slots = slotsFor(target, planned)): number | null {
  if (slots === null) return null;
  const ctx = {
    connections: planned.connections,
    slots,
    params: planned.params,
    model: target.model ?? null,
    views: target.views ?? null,
    workers: planned.workers,
  };
  return scenario.ceilingRps?.(ctx) ?? null;
}
