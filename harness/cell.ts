import type { LoadOutcome } from './load/driver.js';
import { efficiency, littleResidual, slotsFor as theorySlots } from './theory/ceiling.js';
import type { PlannedCell } from './plan.js';
import type { CellResult, CellStatus, ConcurrencyModel, Resources, ScenarioDef, TargetDef, ValidityIssue } from './types.js';

export const NOT_MEASURED: Resources = {
  cpuPct: null,
  cpuPeakPct: null,
  rssMiB: null,
  rssPeakMiB: null,
  threads: null,
  fds: null,
  samples: 0,
};

/**
 * How many requests a target can make progress on at once for a cell: the heart of its ceiling.
 * The rule lives in theory/ceiling.ts; this adapts a target definition and a planned cell to it.
 * A running server with unknown workers has slots only when it is async (the connections).
 */
export function slotsFor(target: TargetDef, cell: PlannedCell): number | null {
  if (!target.model) return null;
  if (cell.workers === null) return target.model === 'async' ? cell.connections : null;
  const limit = target.kind === 'launch' ? target.perWorkerLimit?.[cell.scenario] : undefined;
  return theorySlots({ model: target.model, workers: cell.workers, threads: cell.threads ?? target.threads ?? 1, connections: cell.connections, perWorkerLimit: limit });
}

export interface CellInputs {
  planned: PlannedCell;
  target: TargetDef;
  scenario: ScenarioDef;
  outcome: LoadOutcome | null;
  status: CellStatus;
  startedAt: string;
  durationS: number;
  warmupS: number;
  resources?: Resources;
  validity?: (cell: CellResult) => ValidityIssue[];
  error?: CellResult['error'];
}

/** Turns one load outcome into the public cell record: figures, theory and validity together. */
export function buildCell(i: CellInputs): CellResult {
  const { planned, target, scenario, outcome } = i;
  const windowS = outcome?.windowS ?? 0;
  const rps = outcome && windowS > 0 ? outcome.counts.ok / windowS : 0;
  const latencyMs = outcome?.latency.summary() ?? null;
  const slots = slotsFor(target, planned);
  const ceiling = slots !== null ? (scenario.ceilingRps?.({ connections: planned.connections, slots, params: planned.params }) ?? null) : null;
  const cell: CellResult = {
    target: planned.target,
    scenario: planned.scenario,
    workers: planned.workers,
    threads: planned.threads,
    connections: planned.connections,
    repeat: planned.repeat,
    status: i.status,
    params: planned.params,
    model: (target.model ?? null) as ConcurrencyModel | null,
    rps,
    latencyMs,
    latencyCurveMs: outcome?.latency.curve() ?? [],
    serverMsP50: outcome && outcome.serverMs.count > 0 ? outcome.serverMs.percentileMs(50) : null,
    queueMsMean: outcome?.queueMsMean ?? null,
    requests: outcome?.counts ?? { ok: 0, non2xx: 0, timeouts: 0, connErrors: 0, verifyFailed: 0 },
    ceilingRps: ceiling ?? null,
    // An aborted or errored cell measured nothing complete: no efficiency rather than a misleading 0%.
    efficiency: i.status === 'completed' ? efficiency(rps, ceiling) : null,
    littleResidual: rps > 0 ? littleResidual(planned.connections, rps, latencyMs?.mean) : null,
    resources: i.resources ?? NOT_MEASURED,
    loadGenCpuPct: outcome?.loadGenCpuPct ?? null,
    workerPids: outcome?.pids.size ?? 0,
    connectionsOpened: outcome?.connectionsOpenPeak ?? 0,
    keepAlive: outcome?.keepAlive ?? null,
    validity: [],
    valid: i.status === 'completed',
    startedAt: i.startedAt,
    durationS: windowS || i.durationS,
    warmupS: i.warmupS,
  };
  if (scenario.id === 'longpoll' && outcome) {
    const lag = outcome.lagMs.summary();
    cell.longpoll = {
      deliveryLagMs: lag ? { p50: lag.p50, p99: lag.p99, max: lag.max, mean: lag.mean } : null,
      missedEvents: outcome.missedEvents,
      timedOut: outcome.timedOut,
      heldPeak: outcome.heldPeak,
      heldMean: outcome.heldMean,
    };
  }
  if (i.error) cell.error = i.error;
  if (i.status === 'completed' && i.validity) {
    cell.validity = i.validity(cell);
    cell.valid = !cell.validity.some((v) => v.severity === 'error');
  }
  return cell;
}
