// One load outcome turned into the public cell record: its figures, its theory (ceiling, efficiency,
// Little's-law residual), what the generator cost, and its validity, in one place for every engine.
import type { LoadOutcome } from '../load/driver.js';
import { efficiency, littleResidual } from '../theory/ceiling.js';
import { cellCeilingRps, slotsFor } from '../plan/ceiling.js';
import type { PlannedCell } from '../plan/plan.js';
import { isValid } from '../theory/validity.js';
import type { CellResult, CellStatus, ConcurrencyModel, LoadgenFacts, Resources, ScenarioDef, TargetDef, ValidityIssue } from '../types.js';

export const NOT_MEASURED: Resources = {
  cpuPct: null,
  cpuPeakPct: null,
  rssMiB: null,
  rssPeakMiB: null,
  threads: null,
  fds: null,
  samples: 0,
};

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
  /** Most processes the server's tree had at once (sampled); a command that ignores {workers} shows here. */
  serverProcesses?: number | null;
  /** The config's resources.also, sampled over the same window. */
  beside?: { label: string; processes: number; resources: Resources };
  validity?: (cell: CellResult) => ValidityIssue[];
  error?: CellResult['error'];
}

/** What the generator cost: per worker CPU and event-loop delay, and requests per generator CPU-second. */
export function loadgenFacts(o: LoadOutcome): LoadgenFacts {
  const cpuS = o.loadGenCpuPct !== null ? (o.loadGenCpuPct / 100) * o.windowS : null;
  const answered = o.counts.ok + o.counts.non2xx + o.counts.verifyFailed;
  return {
    workers: o.loadgenWorkers.length,
    cpus: o.loadgenCpus,
    cpuPct: o.loadgenWorkers.map((w) => w.cpuPct),
    eventLoopDelayP99Ms: o.loadgenWorkers.map((w) => w.eventLoopDelayP99Ms),
    hosts: [...new Set(o.loadgenWorkers.map((w) => w.host))],
    reqPerCpuSecond: cpuS && cpuS > 0 ? answered / cpuS : null,
    ...(o.loadgenWorkers.some((w) => w.clockCorrectionMs) ? { clockCorrectionMs: o.loadgenWorkers.map((w) => w.clockCorrectionMs ?? null) } : {}),
  };
}

/** Turns one load outcome into the public cell record: figures, theory and validity together. */
export function buildCell(i: CellInputs): CellResult {
  const { planned, target, scenario, outcome } = i;
  const windowS = outcome?.windowS ?? 0;
  const rps = outcome && windowS > 0 ? outcome.counts.ok / windowS : 0;
  const latencyMs = outcome?.latency.summary() ?? null;
  const slots = slotsFor(target, planned);
  const ceiling = cellCeilingRps(target, scenario, planned, slots);
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
    ...(i.serverProcesses !== undefined ? { serverProcesses: i.serverProcesses } : {}),
    connectionsOpened: outcome?.connectionsOpenPeak ?? 0,
    keepAlive: outcome?.keepAlive ?? null,
    validity: [],
    valid: i.status === 'completed',
    startedAt: i.startedAt,
    durationS: windowS || i.durationS,
    warmupS: i.warmupS,
  };
  if (outcome) {
    // Figures the scenario declares for itself (capabilities, never an id check), and the
    // generator's own cost, whatever engine ran the cell.
    if (scenario.figures) cell.figures = outcome.figures;
    cell.held = outcome.serverMs.count > 0 ? { peak: outcome.heldPeak, mean: outcome.heldMean } : null;
    // Server CPU-seconds over the window ÷ verified requests: what each request cost the server.
    const cpuPct = cell.resources.cpuPct;
    const perRequest = (pct: number | null) => (pct !== null && outcome.counts.ok > 0 ? ((pct / 100) * windowS * 1000) / outcome.counts.ok : null);
    cell.cpuMsPerRequest = perRequest(cpuPct);
    if (i.beside) {
      const beside = perRequest(i.beside.resources.cpuPct);
      cell.beside = { ...i.beside, cpuMsPerRequest: beside };
      cell.cpuMsPerRequestTotal = cell.cpuMsPerRequest !== null && beside !== null ? cell.cpuMsPerRequest + beside : null;
    }
    cell.engine = outcome.engine;
    cell.loadgen = loadgenFacts(outcome);
    cell.unfinished = { count: outcome.unfinished, oldestMs: outcome.unfinishedOldestMs };
    if (Object.keys(outcome.requestsByPid).length > 0)
      cell.workerSplit = { requests: outcome.requestsByPid, connections: outcome.keepAlive === false ? null : outcome.connectionsByPid };
    if (planned.load?.model === 'open') {
      const { dropped, lateSends, arrivals, latencyP50ByThirdMs } = outcome;
      cell.open = { ratePerS: planned.load.ratePerS, dropped, lateSends, arrivals, latencyP50ByThirdMs };
    }
  }
  if (i.error) cell.error = i.error;
  if (i.status === 'completed' && i.validity) {
    cell.validity = i.validity(cell);
    cell.valid = isValid(cell.validity);
  }
  return cell;
}
