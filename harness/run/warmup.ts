// How long a cell may warm up. A closed loop against a server with fewer slots than connections
// queues requests; its latency means something only once that queue has turned over, which takes
// connections ÷ ceiling seconds (every connection's first answer arrives after one turn). So the
// cap scales with that turnover, within a bound; a cell that hits the cap is invalid
// (theory/validity.ts `warmup-capped`), not silently measured mid-transient.
import { cellCeilingRps } from '../plan/ceiling.js';
import type { PlannedCell } from '../plan/plan.js';
import type { ResolvedOptions, ScenarioDef, TargetDef } from '../types.js';

/** The longest warm-up any cell gets, however slow its queue turns over. */
export const WARMUP_BOUND_S = 60;
/** A queue turns over in C ÷ ceiling at 100% efficiency; real servers run below it, so allow half again plus a second. */
const TURNOVER_SLACK = 1.5;
const TURNOVER_EXTRA_S = 1;
/** Without a ceiling (own scenarios with no delay) the turnover is unknown: the old fixed cap. */
const UNKNOWN_TURNOVER_CAP_S = 10;

/** Seconds for one turn of the cell's queue, connections ÷ ceiling; null without a ceiling. */
export function queueTurnoverS(target: TargetDef, scenario: ScenarioDef, planned: PlannedCell): number | null {
  const ceiling = cellCeilingRps(target, scenario, planned);
  return ceiling && ceiling > 0 ? planned.connections / ceiling : null;
}

/**
 * The warm-up cap: at least --warmup, else 1.5 turnovers + 1 s, never above WARMUP_BOUND_S nor the
 * request timeout (a queue slower than the timeout times out whatever the warm-up).
 */
export function warmupCapS(warmupS: number, timeoutS: number, turnoverS: number | null): number {
  const need = turnoverS === null ? UNKNOWN_TURNOVER_CAP_S : TURNOVER_SLACK * turnoverS + TURNOVER_EXTRA_S;
  return Math.max(warmupS, Math.min(WARMUP_BOUND_S, timeoutS, need));
}

/** The warm-up a cell is expected to use: --warmup, or one turnover when that is longer (what the ETA counts). */
export function expectedWarmupS(opts: Pick<ResolvedOptions, 'warmupS' | 'timeoutS'>, turnoverS: number | null): number {
  const cap = warmupCapS(opts.warmupS, opts.timeoutS, turnoverS);
  return Math.min(cap, Math.max(opts.warmupS, turnoverS ?? 0));
}
