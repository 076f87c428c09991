// --slo: the capacity search per target × scenario × workers, run after the matrix. Every probe is
// an ordinary open-model cell, run and recorded by the same group runner as any other cell; this
// module only chooses the rates (search.ts), judges each probe (verdict.ts), and writes the
// capacity table, the predicted worker counts and the bill (sizing.ts) into results.json. A probe
// runs at least --duration, and longer when the goal's percentile needs more samples than that
// gives at its rate (issue 21: 1,000 for p99).
import { resolveParams } from '../../scenarios/define.js';
import { cellCeilingRps } from '../plan/ceiling.js';
import { openCell, type LaunchGroup, type PlannedCell } from '../plan/plan.js';
import { cellKeyOf } from '../cell-key.js';
import type { RunStore } from '../results/store.js';
import type { CapacityRow, CellResult, MessageSink, ResolvedOptions, ScenarioDef, SizingPrediction, SloGoal, TargetDef } from '../types.js';
import { searchCapacity, type ProbeVerdict } from './search.js';
import { buildBill, predictWorkers } from './sizing.js';
import { generatorOnly, judgeProbe, samplesNeeded } from './verdict.js';

/** Warm-up per worker before a verify cell, so that every worker has booted: 0.4 s was too little for 74 niced gunicorn workers on 2 busy cores (the drain check after the light cell failed and restarted the server). */
const BOOT_S_PER_WORKER = 1;

/** The most workers --slo-verify launches (the --workers range). */
const MAX_VERIFY_WORKERS = 256;

/** A probe's window holds this many times the samples its percentile needs, for the window's edges and a server a little behind. */
const SAMPLE_MARGIN = 1.1;

/**
 * The longest a probe is stretched for its samples (or --duration, when longer). Below the rate that
 * fills it the search does not go: a server that meets the goal only there is reported as meeting it
 * at no probed rate, and the terminal says why (p99: 3.7 req/s; p99.9: 37 req/s).
 */
const MAX_PROBE_S = 300;

export interface CapacityDeps {
  opts: ResolvedOptions;
  /** Targets that can run (after the database choice), in run order. */
  targets: TargetDef[];
  scenarios: ScenarioDef[];
  store: RunStore;
  progress: MessageSink;
  signal: AbortSignal;
  /**
   * Runs one launch group and records its cells (run.ts's runGroup); returns the errored count.
   * Each probe is its own group, so it starts on a fresh server: an overloaded probe leaves a
   * queue behind that would slow the next one.
   */
  runGroup(group: LaunchGroup, over?: Partial<ResolvedOptions>): Promise<number>;
}

/** One launch group per target the search will run, so that run.ts runs its setup commands (migrations) first. */
export function capacityLaunches(opts: ResolvedOptions, targets: string[]): LaunchGroup[] {
  return opts.slo ? targets.map((target) => ({ target, workers: null, repeat: 1, cells: [] })) : [];
}

/**
 * Where the ramp starts: half the ceiling of one request per worker (× threads), else 5 req/s per
 * worker; raised to the rate whose --duration holds the samples the goal needs where the open cell's
 * own ceiling allows twice that (an event loop), so an async target does not spend minutes at 5 req/s.
 */
export function startRate(
  target: TargetDef,
  scenario: ScenarioDef,
  workers: number | null,
  threads: number | null,
  params: PlannedCell['params'],
  fits?: { samplesRatePerS: number; openCeilingRps: number | null },
): number {
  const slots = (workers ?? 1) * (target.model === 'sync-threads' ? (threads ?? 1) : 1);
  const ceiling = scenario.ceilingRps?.({ connections: slots, slots, params });
  const base = ceiling && Number.isFinite(ceiling) && ceiling > 0 ? ceiling / 2 : 5 * (workers ?? 1);
  if (!fits || fits.openCeilingRps === null) return base;
  return Math.max(base, Math.min(fits.samplesRatePerS, fits.openCeilingRps / 2));
}

/** The lowest rate probed: the one whose samples fill the longest probe. */
export function minRate(slo: SloGoal, durationS: number): number {
  return Math.max(0.5, (samplesNeeded(slo.percentile) * SAMPLE_MARGIN) / Math.max(MAX_PROBE_S, durationS));
}

/** How long a probe at `ratePerS` runs: --duration, or long enough for the goal's samples (not above the ceiling, where theory decides). */
export function probeDurationS(durationS: number, slo: SloGoal, ratePerS: number, ceilingRps: number | null): number {
  if (ceilingRps !== null && ratePerS > ceilingRps) return durationS;
  const need = (samplesNeeded(slo.percentile) * SAMPLE_MARGIN) / ratePerS;
  return Math.max(durationS, Math.ceil(need * 10) / 10);
}

function atRate(c: CellResult | undefined, v: ProbeVerdict | undefined): CapacityRow['at'] {
  if (!c) return null;
  const per = c.resources.rssPerProcessMiB;
  return {
    p99Ms: c.latencyMs?.p99 ?? null,
    valueMs: v?.valueMs ?? null,
    samples: v?.samples ?? null,
    cpuPct: c.resources.cpuPct,
    rssMiB: c.resources.rssMiB,
    processes: per ? Object.keys(per).length : null,
    threads: c.resources.threads,
  };
}

const samplesText = (v: ProbeVerdict) => (v.samples !== null ? `, ${v.samples} samples` : '');

/** Runs open-model cells on one launch and returns the last as recorded. */
async function probeCell(
  d: CapacityDeps,
  planned: PlannedCell,
  before: PlannedCell[] = [],
  over?: Partial<ResolvedOptions>,
): Promise<{ cell: CellResult | undefined; errored: number }> {
  const errored = await d.runGroup({ target: planned.target, workers: planned.workers, repeat: planned.repeat, cells: [...before, planned] }, over);
  const key = cellKeyOf(planned);
  return { cell: [...d.store.results.cells].reverse().find((c) => cellKeyOf(c) === key), errored };
}

interface SearchPlan {
  target: TargetDef;
  scenario: ScenarioDef;
  workers: number | null;
  threads: number | null;
}

/** Every target × scenario × workers the search runs, in run order. */
function searchPlans(d: CapacityDeps): SearchPlan[] {
  const plans: SearchPlan[] = [];
  for (const target of d.targets) {
    const threads = target.model === 'sync-threads' ? (target.kind === 'launch' ? d.opts.threads : (target.threads ?? null)) : null;
    for (const sid of d.opts.scenarios) {
      const scenario = d.scenarios.find((s) => s.id === sid);
      if (!scenario || (target.scenarios && !target.scenarios.includes(sid))) continue;
      if (scenario.families && !scenario.families.includes(target.family ?? '')) continue;
      for (const workers of target.kind === 'url' ? [null] : d.opts.workers) plans.push({ target, scenario, workers, threads });
    }
  }
  return plans;
}

/** One search: its probes (each a cell, longer where the goal needs samples), and its row of the capacity table. */
async function searchOne(d: CapacityDeps, p: SearchPlan, slo: SloGoal, count: { errored: number }): Promise<CapacityRow> {
  const { opts, progress, signal } = d;
  const maxInflight = opts.maxInflight;
  const params = resolveParams(p.scenario.params, opts.params[p.scenario.id]);
  const plan = (ratePerS: number, repeat: number) =>
    openCell({ target: p.target.name, scenario: p.scenario.id, workers: p.workers, repeat, threads: p.threads, params }, ratePerS, maxInflight);
  const ceilingAt = (ratePerS: number) => cellCeilingRps(p.target, p.scenario, plan(ratePerS, 1));
  const judged = new Map<number, { cell: CellResult | undefined; v: ProbeVerdict }>();
  /** Runs so far per rate: a confirmation or a re-run is the same rate's next repeat, so every probe is its own cell. */
  const runs = new Map<number, number>();
  progress.info(`capacity at ${slo.text}: ${p.target.name} · ${p.scenario.id} · ${p.workers ?? '?'} workers`);
  const found = await searchCapacity({
    startRatePerS: startRate(p.target, p.scenario, p.workers, p.threads, params, {
      samplesRatePerS: (samplesNeeded(slo.percentile) * SAMPLE_MARGIN) / opts.durationS,
      openCeilingRps: ceilingAt(1),
    }),
    boundMs: slo.boundMs,
    minRatePerS: minRate(slo, opts.durationS),
    aborted: () => signal.aborted,
    probe: async (ratePerS, confirming) => {
      const over = { durationS: probeDurationS(opts.durationS, slo, ratePerS, ceilingAt(ratePerS)) };
      const run = async () => {
        runs.set(ratePerS, (runs.get(ratePerS) ?? 0) + 1);
        const r = await probeCell(d, plan(ratePerS, runs.get(ratePerS) as number), [], over);
        count.errored += r.errored;
        return r.cell;
      };
      let c = await run();
      // On a busy machine the generator itself can lag at any rate; that says nothing about the
      // server, so such a probe runs once more (both cells are kept) before it counts as failed.
      if (!judgeProbe(c, slo).passed && generatorOnly(c, slo) && !signal.aborted) {
        progress.info(`  ${ratePerS} req/s: only the load generator lagged; running it once more`);
        c = await run();
      }
      const v = judgeProbe(c, slo);
      judged.set(ratePerS, { cell: c, v });
      const value = v.valueMs !== null ? ` (p${slo.percentile} ${v.valueMs.toFixed(1)} ms${samplesText(v)})` : '';
      const again = confirming ? (v.passed ? ': the failure before was noise' : ' again: confirmed') : '';
      progress.info(
        `  ${ratePerS} req/s${confirming ? ' (once more)' : ''}: ${v.passed ? 'meets' : 'misses'} ${slo.text}${value}${again}${v.passed ? '' : `: ${v.reason}`}`,
      );
      return v;
    },
  });
  const best = found.maxRatePerS !== null ? judged.get(found.maxRatePerS) : undefined;
  const lowest = Math.min(...found.probes.map((x) => x.ratePerS));
  if (found.maxRatePerS === null && found.probes.length > 0 && !signal.aborted && lowest / 4 < minRate(slo, opts.durationS)) {
    progress.info(
      `  no rate met ${slo.text}; not probing below ${lowest} req/s: a lower rate needs more than ${Math.max(MAX_PROBE_S, opts.durationS)} s for the ${samplesNeeded(slo.percentile)} samples p${slo.percentile} needs`,
    );
  }
  return {
    target: p.target.name,
    scenario: p.scenario.id,
    workers: p.workers,
    threads: p.threads,
    model: p.target.model ?? null,
    slo,
    maxRatePerS: found.maxRatePerS,
    failedRatePerS: found.failedRatePerS,
    at: atRate(best?.cell, best?.v),
    probes: found.probes,
    confirmations: found.confirmations,
  };
}

export async function runCapacity(d: CapacityDeps): Promise<number> {
  const { opts, store, signal } = d;
  const slo = opts.slo;
  if (!slo) return 0;
  const count = { errored: 0 };
  // A resumed run searches again from scratch (its earlier probes stay as cells): a search is
  // cheap next to the matrix, and a half-finished one cannot be continued from its cells alone.
  const rows: CapacityRow[] = (store.results.capacity = []);
  for (const p of searchPlans(d)) {
    if (signal.aborted) break;
    rows.push(await searchOne(d, p, slo, count));
    store.save();
  }
  const predictions = predictWorkers(rows, store.results.targets);
  if (opts.sloVerify && !signal.aborted) await verifyPredictions(d, predictions, slo, count);
  store.results.sizing = { predictions, bill: buildBill(rows, predictions) };
  store.save();
  return count.errored;
}

/** --slo-verify: each extrapolated worker count runs once at the rate it should hold; a row says whether it did. */
async function verifyPredictions(d: CapacityDeps, predictions: SizingPrediction[], slo: SloGoal, count: { errored: number }): Promise<void> {
  const { opts, progress, signal, store } = d;
  const maxInflight = opts.maxInflight;
  const rows = store.results.capacity ?? [];
  for (const p of predictions) {
    // Only an extrapolation needs checking; a measured count already held the rate.
    if (signal.aborted || p.workers === null || !p.extrapolated) continue;
    if (p.workers > MAX_VERIFY_WORKERS) {
      progress.warn(`not verifying ${p.target} with ${p.workers} workers: above ${MAX_VERIFY_WORKERS}, the most this harness launches`);
      continue;
    }
    const target = d.targets.find((t) => t.name === p.target);
    const scenario = d.scenarios.find((s) => s.id === p.scenario);
    if (!target || target.kind !== 'launch' || !scenario) continue;
    const threads = target.model === 'sync-threads' ? opts.threads : null;
    const params = resolveParams(scenario.params, opts.params[scenario.id]);
    progress.info(`verifying: ${p.target} with ${p.workers} workers at ${p.reference.ratePerS} req/s (${slo.text})`);
    // Readiness is one /health answer; the other workers may still be booting (measured: 104
    // gunicorn workers, 11 of them served in the verify window). So the same launch first runs
    // a light cell (1 req/s) with a warm-up long enough to boot them all (the drain check after it also asks one /health of every worker), then the verify cell.
    // Repeats 8 and 9: the same rate and workers may already be a probe (repeats 1 to 4: a confirmation and generator re-runs).
    const base = { target: p.target, scenario: p.scenario, workers: p.workers, threads, params };
    const verifyCell = openCell({ ...base, repeat: 9 }, p.reference.ratePerS, maxInflight);
    const durationS = probeDurationS(opts.durationS, slo, p.reference.ratePerS, cellCeilingRps(target, scenario, verifyCell));
    const r = await probeCell(d, verifyCell, [openCell({ ...base, repeat: 8 }, 1, maxInflight)], {
      warmupS: Math.max(opts.warmupS, BOOT_S_PER_WORKER * p.workers),
      durationS,
    });
    count.errored += r.errored;
    const v = judgeProbe(r.cell, slo);
    rows.push({
      target: p.target,
      scenario: p.scenario,
      workers: p.workers,
      threads,
      model: target.model ?? null,
      slo,
      maxRatePerS: v.passed ? p.reference.ratePerS : null,
      failedRatePerS: v.passed ? null : p.reference.ratePerS,
      at: atRate(r.cell, v),
      probes: [{ ratePerS: p.reference.ratePerS, passed: v.passed, valueMs: v.valueMs, samples: v.samples, reason: v.passed ? '' : v.reason }],
      verify: {
        predictedFrom: `${p.reference.target} at ${p.reference.workers ?? '?'} workers`,
        ratePerS: p.reference.ratePerS,
        held: v.passed,
        reason: v.reason,
      },
    });
    progress.info(`  ${v.passed ? 'held' : 'did not hold'}${v.passed ? '' : `: ${v.reason}`}`);
    store.save();
  }
}
