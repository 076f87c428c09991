// One cell, measured: the load through the chosen engine, the server's resources over the window,
// and the record with its theory and validity. Also the cell records for a cell that could not run.
import { buildCell, NOT_MEASURED } from './cell.js';
import { BenchError, isBenchError } from '../errors.js';
import { redact } from '../launcher/log-tail.js';
import { runLoad } from '../load/driver.js';
import { measuredDuration } from '../load/window.js';
import type { PlannedCell } from '../plan/plan.js';
import type { ProgressReporter } from './progress.js';
import type { CellHooks, Sampled } from './run-hooks.js';
import type { CellResult, ResolvedOptions, ScenarioDef, TargetDef } from '../types.js';
import { queueTurnoverS, warmupCapS } from './warmup.js';

export interface MeasureContext {
  opts: ResolvedOptions;
  hooks: CellHooks;
  progress: ProgressReporter;
  signal: AbortSignal;
}

export async function measureCell(
  planned: PlannedCell,
  target: TargetDef,
  scenario: ScenarioDef,
  server: { url: string; pgid: number | null },
  ctx: MeasureContext,
  startedAt: string,
): Promise<CellResult> {
  const { opts, hooks } = ctx;
  let sampler: { stop(): Sampled } | null = null;
  const outcome = await runLoad({
    baseUrl: server.url,
    scenario,
    params: planned.params,
    pidHeader: target.pidHeader,
    connections: planned.connections,
    load: planned.load,
    engine: opts.engine,
    loadgenWorkers: opts.loadgenWorkers,
    loadgenCpus: opts.loadgenCpus ?? undefined,
    engineOptions: opts.engineOptions,
    messages: ctx.progress,
    allowRemote: opts.allowRemote,
    warmupS: opts.warmupS,
    maxWarmupS: maxWarmupFor(opts, queueTurnoverS(target, scenario, planned)),
    durationS: measuredDuration(scenario, planned.params, opts.durationS),
    timeoutS: opts.timeoutS,
    signal: ctx.signal,
    onWindowOpen: () => (sampler = hooks.startSampler(server.pgid, 0)),
    onTick: (t) => ctx.progress.tick(t),
  });
  const sampled = (sampler as { stop(): Sampled } | null)?.stop() ?? { resources: NOT_MEASURED, pidsChanged: false };
  return buildCell({
    planned,
    target,
    scenario,
    outcome,
    status: outcome.aborted ? 'aborted' : 'completed',
    startedAt,
    durationS: opts.durationS,
    warmupS: outcome.warmupS,
    resources: sampled.resources,
    serverProcesses: sampled.processes ?? null,
    beside: sampled.also,
    validity: (cell) => hooks.validity(cell, { scenario, outcome, sampled }),
  });
}

/** The record of a cell that could not run: the error, with the server log's last lines. */
export function erroredCell(
  planned: PlannedCell,
  target: TargetDef,
  scenario: ScenarioDef,
  opts: ResolvedOptions,
  startedAt: string,
  e: unknown,
  logTail?: string[],
): CellResult {
  const be = isBenchError(e) ? e : new BenchError('cell-failed', (e as Error).message);
  const message = [be.message, ...be.problems.filter((p) => !p.startsWith('  ') && p !== 'last log lines:')].join('; ');
  const tail = logTail ?? be.problems.filter((p) => p.startsWith('  ')).map((p) => p.slice(2));
  return buildCell({
    planned,
    target,
    scenario,
    outcome: null,
    status: 'errored',
    startedAt,
    durationS: 0,
    warmupS: opts.warmupS,
    error: { code: be.code, message: redact(message), logTail: tail.map(redact) },
  });
}

/**
 * How long a cell may warm up waiting for every connection's first answer: a saturated sync server
 * needs a whole queue turnover (connections ÷ ceiling) before its latency is at steady state, so the
 * cap scales with it, within bounds (harness/run/warmup.ts). A cell that hits it is invalid.
 */
export function maxWarmupFor(opts: ResolvedOptions, turnoverS: number | null = null): number {
  return warmupCapS(opts.warmupS, opts.timeoutS, turnoverS);
}
