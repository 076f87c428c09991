// --slo: the capacity search per target × scenario × workers, run after the matrix. Every probe is
// an ordinary open-model cell, run and recorded by the same group runner as any other cell; this
// module only chooses the rates (search.ts), judges each probe (verdict.ts), and writes the
// capacity table, the predicted worker counts and the bill (sizing.ts) into results.json.
import { resolveParams } from '../../scenarios/define.js';
import { openCell, type LaunchGroup, type PlannedCell } from '../plan/plan.js';
import { cellKeyOf } from '../cell-key.js';
import type { RunStore } from '../results/store.js';
import type { CapacityRow, CellResult, MessageSink, ResolvedOptions, ScenarioDef, SloGoal, TargetDef } from '../types.js';
import { searchCapacity } from './search.js';
import { buildBill, predictWorkers } from './sizing.js';
import { generatorOnly, judgeProbe } from './verdict.js';

/** Warm-up per worker before a verify cell, so that every worker has booted: 0.4 s was too little for 74 niced gunicorn workers on 2 busy cores (the drain check after the light cell failed and restarted the server). */
const BOOT_S_PER_WORKER = 1;

/** The most workers --slo-verify launches (the --workers range). */
const MAX_VERIFY_WORKERS = 256;

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

/** Where the ramp starts: half the ceiling of one request per worker (× threads), else 5 req/s per worker. */
export function startRate(target: TargetDef, scenario: ScenarioDef, workers: number | null, threads: number | null, params: PlannedCell['params']): number {
  const slots = (workers ?? 1) * (target.model === 'sync-threads' ? (threads ?? 1) : 1);
  const ceiling = scenario.ceilingRps?.({ connections: slots, slots, params });
  return ceiling && Number.isFinite(ceiling) && ceiling > 0 ? ceiling / 2 : 5 * (workers ?? 1);
}

function atRate(c: CellResult | undefined, slo: SloGoal, valueMs: number | null): CapacityRow['at'] {
  if (!c) return null;
  const per = c.resources.rssPerProcessMiB;
  return {
    p99Ms: c.latencyMs?.p99 ?? null,
    valueMs,
    cpuPct: c.resources.cpuPct,
    rssMiB: c.resources.rssMiB,
    processes: per ? Object.keys(per).length : null,
    threads: c.resources.threads,
  };
}

export async function runCapacity(d: CapacityDeps): Promise<number> {
  const { opts, store, progress, signal } = d;
  const slo = opts.slo;
  if (!slo) return 0;
  const maxInflight = opts.maxInflight;
  let errored = 0;
  // A resumed run searches again from scratch (its earlier probes stay as cells): a search is
  // cheap next to the matrix, and a half-finished one cannot be continued from its cells alone.
  const rows: CapacityRow[] = (store.results.capacity = []);

  /** Runs open-model cells on one launch and returns the last as recorded. */
  const probeCell = async (
    target: TargetDef,
    planned: PlannedCell,
    before: PlannedCell[] = [],
    over?: Partial<ResolvedOptions>,
  ): Promise<CellResult | undefined> => {
    errored += await d.runGroup({ target: target.name, workers: planned.workers, repeat: planned.repeat, cells: [...before, planned] }, over);
    const key = cellKeyOf(planned);
    return [...store.results.cells].reverse().find((c) => cellKeyOf(c) === key);
  };

  const plans: Array<{ target: TargetDef; scenario: ScenarioDef; workers: number | null; threads: number | null }> = [];
  for (const target of d.targets) {
    const threads = target.model === 'sync-threads' ? (target.kind === 'launch' ? opts.threads : (target.threads ?? null)) : null;
    for (const sid of opts.scenarios) {
      const scenario = d.scenarios.find((s) => s.id === sid);
      if (!scenario || (target.scenarios && !target.scenarios.includes(sid))) continue;
      if (scenario.families && !scenario.families.includes(target.family ?? '')) continue;
      for (const workers of target.kind === 'url' ? [null] : opts.workers) plans.push({ target, scenario, workers, threads });
    }
  }

  for (const { target, scenario, workers, threads } of plans) {
    if (signal.aborted) break;
    const params = resolveParams(scenario.params, opts.params[scenario.id]);
    const cells = new Map<number, CellResult | undefined>();
    progress.info(`capacity at ${slo.text}: ${target.name} · ${scenario.id} · ${workers ?? '?'} workers`);
    const found = await searchCapacity({
      startRatePerS: startRate(target, scenario, workers, threads, params),
      boundMs: slo.boundMs,
      aborted: () => signal.aborted,
      probe: async (ratePerS) => {
        const plan = (repeat: number) => openCell({ target: target.name, scenario: scenario.id, workers, repeat, threads, params }, ratePerS, maxInflight);
        let c = await probeCell(target, plan(1));
        // On a busy machine the generator itself can lag at any rate; that says nothing about the
        // server, so such a probe runs once more (both cells are kept) before it counts as failed.
        if (!judgeProbe(c, slo).passed && generatorOnly(c, slo) && !signal.aborted) {
          progress.info(`  ${ratePerS} req/s: only the load generator lagged; running it once more`);
          c = await probeCell(target, plan(2));
        }
        cells.set(ratePerS, c);
        const v = judgeProbe(c, slo);
        progress.info(
          `  ${ratePerS} req/s: ${v.passed ? 'meets' : 'misses'} ${slo.text}${v.valueMs !== null ? ` (p${slo.percentile} ${v.valueMs.toFixed(1)} ms)` : ''}${v.passed ? '' : `: ${v.reason}`}`,
        );
        return v;
      },
    });
    const best = found.maxRatePerS !== null ? cells.get(found.maxRatePerS) : undefined;
    const bestProbe = found.probes.find((p) => p.ratePerS === found.maxRatePerS);
    rows.push({
      target: target.name,
      scenario: scenario.id,
      workers,
      threads,
      model: target.model ?? null,
      slo,
      maxRatePerS: found.maxRatePerS,
      failedRatePerS: found.failedRatePerS,
      at: atRate(best, slo, bestProbe?.valueMs ?? null),
      probes: found.probes,
    });
    store.save();
  }

  const predictions = predictWorkers(rows, store.results.targets);
  if (opts.sloVerify && !signal.aborted) {
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
      // Repeats 8 and 9: the same rate and workers may already be a probe (repeats 1 and 2).
      const base = { target: p.target, scenario: p.scenario, workers: p.workers, threads, params };
      const bootS = Math.max(opts.warmupS, BOOT_S_PER_WORKER * p.workers);
      const c = await probeCell(
        target,
        openCell({ ...base, repeat: 9 }, p.reference.ratePerS, maxInflight),
        [openCell({ ...base, repeat: 8 }, 1, maxInflight)],
        { warmupS: bootS },
      );
      const v = judgeProbe(c, slo);
      rows.push({
        target: p.target,
        scenario: p.scenario,
        workers: p.workers,
        threads,
        model: target.model ?? null,
        slo,
        maxRatePerS: v.passed ? p.reference.ratePerS : null,
        failedRatePerS: v.passed ? null : p.reference.ratePerS,
        at: atRate(c, slo, v.valueMs),
        probes: [{ ratePerS: p.reference.ratePerS, passed: v.passed, valueMs: v.valueMs, reason: v.passed ? '' : v.reason }],
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
  store.results.sizing = { predictions, bill: buildBill(rows, predictions) };
  store.save();
  return errored;
}
