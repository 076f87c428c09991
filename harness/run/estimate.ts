// How long a run will take, before it starts and while it runs. A cell costs its verification,
// its warm-up (as the turnover cap computes it: a saturated sync queue warms up for a whole turn),
// its window (whole periods for long-poll, opened half a period after a burst), and, when it
// leaves a queue behind, the drain or the restart that follows. Each launch costs a server start
// and stop. Where an earlier run of the same cells exists in reports/, its measured wall time per
// cell (startedAt to the next cell's startedAt, launches and drains included) replaces the model,
// and the model is scaled by how far off it was on the cells both runs share.
import { targetFamilies } from '../../servers/targets/families.js';
import { DRAIN_TIMEOUT_MS } from '../config/defaults.js';
import fs from 'node:fs';
import path from 'node:path';
import { slotsFor } from '../plan/ceiling.js';
import { readResults, RESULTS_FILE } from '../results/read.js';
import type { LaunchGroup, PlannedCell } from '../plan/plan.js';
import type { ResolvedOptions, Results, ScenarioDef, TargetDef } from '../types.js';
import { expectedWarmupS, queueTurnoverS } from './warmup.js';
import { measuredDuration } from '../load/window.js';
import { cellKeyOf } from '../cell-key.js';

/**
 * Fitted to the default suite on this project's 2-core machine (issue 15 note: 72 cells, 350.8 s of
 * run, 358.8 s of `npm run bench`; --quick: 31.3 s and 33.3 s); only the model's starting point, a
 * previous run corrects it.
 */
export const COSTS = {
  /** verify, engine start and stop, writing the cell: an async sleep cell took 3.1–3.4 s for 1 + 2 s. */
  cellOverheadS: 0.25,
  /**
   * A target of no known family (TargetFamily.costs has the known ones): server start to /health
   * 200 plus its stop (first cells of a launch took 1.3–3.4 s more), and its setup commands.
   */
  unknownFamily: { launchS: 1.8, setupS: 1 },
  /** How long a queue left behind may drain before the server is restarted. */
  drainTimeoutS: DRAIN_TIMEOUT_MS / 1000,
  /** Before the first cell (npm, tsx, preflight, provenance), and after the last (summary, HTML, PNG charts: grows with the cells). */
  runStartS: 1.2,
  runEndS: 0.5,
  runEndPerCellS: 0.08,
} as const;

export interface CellEstimate {
  key: string;
  seconds: number;
  /** Where the figure came from: the model, or the same cell of the previous run. */
  source: 'model' | 'previous';
}

export interface RunEstimate {
  totalS: number;
  cells: CellEstimate[];
  /** The run the estimate learned from, if any, and the correction it gave the model (measured ÷ modelled). */
  learnedFrom: string | null;
  modelScale: number;
}

/** A target's launch and setup costs, from its family's declaration. */
const costsOf = (t: TargetDef | undefined): { launchS: number; setupS: number } => targetFamilies[t?.family ?? '']?.costs ?? COSTS.unknownFamily;

/** One cell by the model: overhead, warm-up, window, and what the queue it leaves costs the next cell. */
export function modelCellS(
  c: PlannedCell,
  target: TargetDef | undefined,
  scenario: ScenarioDef | undefined,
  opts: Pick<ResolvedOptions, 'warmupS' | 'timeoutS' | 'durationS'>,
  last: boolean,
): number {
  const turnover = target && scenario ? queueTurnoverS(target, scenario, c) : null;
  const phase = (scenario?.windowQuantumMs?.(c.params) ?? 0) / 2000;
  let s = COSTS.cellOverheadS + expectedWarmupS(opts, turnover) + phase + measuredDuration(scenario, c.params, opts.durationS);
  if (!last && target && target.model !== 'async' && turnover !== null) {
    // Requests still queued in a sync server when the window closes: C − slots of them. (An async
    // server answers /health past its own queue, so its drain is immediate.)
    const slots = slotsFor(target, c) ?? c.connections;
    const left = turnover * Math.max(0, 1 - slots / c.connections);
    s += left <= COSTS.drainTimeoutS ? left : COSTS.drainTimeoutS + costsOf(target).launchS;
  }
  return s;
}

/** Cost per cell of the previous run: from its startedAt to the next one's (the last: to the run's end). */
export function measuredCellCosts(prev: Results): Map<string, number> {
  const cells = prev.cells.filter((c) => c.status === 'completed' && c.startedAt);
  const out = new Map<string, number>();
  const end = prev.run.endedAt ? Date.parse(prev.run.endedAt) : NaN;
  const sorted = [...cells].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  sorted.forEach((c, i) => {
    const next = sorted[i + 1];
    const until = next ? Date.parse(next.startedAt) : end;
    const s = (until - Date.parse(c.startedAt)) / 1000;
    if (Number.isFinite(s) && s > 0) out.set(cellKeyOf(c), s);
  });
  return out;
}

/** The newest completed run under reportsDir (results.json of reports/latest, else of the newest run directory). */
export function latestRun(reportsDir: string): { dir: string; results: Results } | null {
  const candidates: string[] = [];
  try {
    const latest = path.join(reportsDir, 'latest');
    if (fs.existsSync(path.join(latest, RESULTS_FILE))) candidates.push(fs.realpathSync(latest));
    const dirs = fs
      .readdirSync(reportsDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(reportsDir, d.name, RESULTS_FILE)));
    dirs.sort((a, b) => fs.statSync(path.join(reportsDir, b.name, RESULTS_FILE)).mtimeMs - fs.statSync(path.join(reportsDir, a.name, RESULTS_FILE)).mtimeMs);
    candidates.push(...dirs.map((d) => path.join(reportsDir, d.name)));
  } catch {
    return null;
  }
  for (const dir of candidates) {
    try {
      const results = readResults(dir);
      if (results.run?.status === 'completed' && Array.isArray(results.cells)) return { dir, results };
    } catch {
      // a run being written, a broken file or another version's: try the next one
    }
  }
  return null;
}

export interface EstimateInput {
  groups: LaunchGroup[];
  targets: TargetDef[];
  scenarios: ScenarioDef[];
  opts: Pick<ResolvedOptions, 'warmupS' | 'timeoutS' | 'durationS'>;
  /** An earlier run to learn from (latestRun), or null. */
  previous?: { dir: string; results: Results } | null;
}

/**
 * measured ÷ modelled over every cell of the previous run (modelled with that run's own options), so
 * that cells it did not run are corrected too. Only on 3 cells or more, and within 2× either way.
 */
function calibrate(prev: Results, targets: TargetDef[], scenarios: ScenarioDef[], measured: Map<string, number>): number {
  const cells = [...prev.cells].filter((c) => c.status === 'completed').sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  const opts = prev.run?.options;
  if (!opts) return 1;
  let sumModel = 0;
  let sumMeasured = 0;
  let n = 0;
  cells.forEach((c, k) => {
    const t = targets.find((x) => x.name === c.target);
    const sc = scenarios.find((x) => x.id === c.scenario);
    const m = measured.get(cellKeyOf(c));
    if (!t || !sc || m === undefined) return;
    const before = cells[k - 1];
    const after = cells[k + 1];
    const first = !before || before.target !== c.target || before.workers !== c.workers || before.repeat !== c.repeat;
    const last = !after || after.target !== c.target || after.workers !== c.workers || after.repeat !== c.repeat;
    const planned: PlannedCell = {
      target: c.target,
      scenario: c.scenario,
      workers: c.workers,
      connections: c.connections,
      repeat: c.repeat,
      threads: c.threads,
      params: c.params,
    };
    sumModel += (first && t.kind === 'launch' ? costsOf(t).launchS : 0) + modelCellS(planned, t, sc, opts, last);
    sumMeasured += m;
    n++;
  });
  return n >= 3 && sumModel > 0 ? Math.min(2, Math.max(0.5, sumMeasured / sumModel)) : 1;
}

/** The whole run: setups, launches, cells (model or previous run), and the fixed start and end. */
export function estimateRun(i: EstimateInput): RunEstimate {
  const target = (name: string) => i.targets.find((t) => t.name === name);
  const scenario = (id: string) => i.scenarios.find((s) => s.id === id);
  const measured = i.previous ? measuredCellCosts(i.previous.results) : new Map<string, number>();
  const modelled: Array<{ key: string; model: number }> = [];
  for (const g of i.groups) {
    const t = target(g.target);
    g.cells.forEach((c, n) => {
      // The first cell of a launch pays for the start of its server (and, in a measured run, so does its gap).
      const launch = n === 0 && t?.kind === 'launch' ? costsOf(t).launchS : 0;
      modelled.push({ key: cellKeyOf(c), model: launch + modelCellS(c, t, scenario(c.scenario), i.opts, n === g.cells.length - 1) });
    });
  }
  const shared = modelled.filter((m) => measured.has(m.key));
  const modelScale = i.previous ? calibrate(i.previous.results, i.targets, i.scenarios, measured) : 1;
  const cells: CellEstimate[] = modelled.map((m) =>
    measured.has(m.key)
      ? { key: m.key, seconds: measured.get(m.key) as number, source: 'previous' }
      : { key: m.key, seconds: m.model * modelScale, source: 'model' },
  );
  const setups = new Set<string>();
  for (const g of i.groups) {
    const t = target(g.target);
    if (t?.kind === 'launch' && t.setup?.length) setups.add(t.family ?? t.name);
  }
  const setupS = [...setups].reduce((s, f) => s + (targetFamilies[f]?.costs ?? COSTS.unknownFamily).setupS, 0);
  const totalS = COSTS.runStartS + setupS + cells.reduce((s, c) => s + c.seconds, 0) + runEndS(cells.length);
  return { totalS, cells, learnedFrom: shared.length || modelScale !== 1 ? (i.previous?.dir ?? null) : null, modelScale };
}

/**
 * What --help and the README say the default suite takes; estimate.test.ts checks both quote it and
 * that the model agrees within 15%. Measured: 5 min 59 s (`/usr/bin/time npm run bench`, issue 15).
 */
export const DEFAULT_SUITE_MINUTES = 6;
export const DEFAULT_SUITE_TIME = `about ${DEFAULT_SUITE_MINUTES} minutes on 2 cores`;

/** Rendering after the last cell: the summary, the report and its charts. */
export const runEndS = (cells: number) => COSTS.runEndS + COSTS.runEndPerCellS * cells;

/** "about 7m40s": minutes and seconds, rounded to 10 s above a minute. */
export function formatEstimate(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
  if (s < 60) return `${Math.round(s)}s`;
  const r = Math.round(s / 10) * 10;
  return `${Math.floor(r / 60)}m${String(r % 60).padStart(2, '0')}s`;
}
