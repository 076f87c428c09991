// Per-cell measurement hooks: the resource sampler and the validity rules. Injected into the run
// loop so that tests can replace them.
import { NOT_MEASURED } from './cell.js';
import type { LoadOutcome } from './load/driver.js';
import type { CellResult, ResolvedOptions, Resources, ScenarioDef, ValidityIssue } from './types.js';

export interface Sampled {
  resources: Resources;
  /** Server pids seen during the cell that were not there at its start, or vanished (restarts). */
  pidsChanged: boolean;
}

export interface CellHooks {
  startSampler(pgid: number | null, warmupS: number): { stop(): Sampled };
  validity(cell: CellResult, ctx: { scenario: ScenarioDef; outcome: LoadOutcome; sampled: Sampled }): ValidityIssue[];
}

// PROVISIONAL until the sampler and validity modules land (see harness/samplers, harness/theory).
export function cellHooks(_opts: ResolvedOptions): CellHooks {
  return {
    startSampler: () => ({ stop: () => ({ resources: NOT_MEASURED, pidsChanged: false }) }),
    validity: () => [],
  };
}
