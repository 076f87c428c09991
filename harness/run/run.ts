// The engine: plan → for each launch group: launch, then for each cell verify → measure → record.
// The CLI is one caller of runBench; tests are another.
import path from 'node:path';
import type { Catalog } from '../types.js';
import { installExitHook, PID_FILE, setPidFile, stopAll } from '../host/children.js';
import { cleanStaleServers } from '../launcher/stale.js';
import { runTargetSetups } from '../launcher/setup-commands.js';
import { servicesNeeded, startService } from '../launcher/services.js';
import { capacityLaunches, runCapacity } from '../capacity/run-capacity.js';
import { countCells, planRun, type LaunchGroup } from '../plan/plan.js';
import { cellKeyOf } from '../cell-key.js';
import { preflight } from './preflight.js';
import { ensureLimits } from '../host/limits.js';
import type { ProgressReporter } from './progress.js';
import { initialResults } from './initial-results.js';
import { assertWritable, RunStore } from '../results/store.js';
import { assertOutputPath } from '../results/out-dir.js';
import { lockRunDir } from '../results/run-lock.js';
import { cellHooks, type CellHooks } from './run-hooks.js';
import { runGroup } from './run-group.js';
import type { ResolvedOptions } from '../types.js';
import { summarizeRepeats } from '../stats/repeats.js';
import { prepareDatabase } from '../database/prepare.js';
import { builtinTargets } from '../catalog/catalog.js';
import { estimateRun, latestRun } from './estimate.js';
import { readinessNote } from '../catalog/readiness-default.js';
import { runRunSetup, runRunTeardown } from './run-commands.js';
import type { RunDeps, RunOutcome } from './deps.js';

export type { RunDeps, RunOutcome } from './deps.js';

export async function runBench(opts: ResolvedOptions, deps: RunDeps): Promise<RunOutcome> {
  const { progress, signal } = deps;
  const hooks = deps.hooks ?? cellHooks(opts);
  const { outDir, logDir, unlock } = claimRunDir(opts, deps);
  let errored = 0;
  const db = await prepareDatabase(opts, deps.catalog, logDir, (m) => progress.warn(m)).catch((e: unknown) => {
    unlock();
    throw e;
  });
  try {
    await runRunSetup(opts, logDir, progress);
    deps = { ...deps, catalog: db.catalog, targetEnv: { ...(deps.targetEnv ?? {}), ...db.env } };
    // The results skeleton is written once, from the catalog the database choice produced.
    const store = openStore(opts, deps, outDir, db.targets);
    const todo = plannedTodo(opts, deps, store, db.targets);
    const estimate = estimateRun({
      groups: todo,
      targets: db.catalog.targets,
      scenarios: db.catalog.scenarios,
      opts,
      previous: latestRun(path.dirname(outDir)),
    });
    progress.runStart({ cells: countCells(todo), launches: todo.length, cellSeconds: opts.durationS + opts.warmupS, runDir: store.dir, estimate });
    deps = await readyTargets(todo, opts, deps, db.targets, logDir);
    for (const group of todo) {
      if (signal.aborted) break;
      errored += await runGroup(group, opts, deps, store, hooks);
    }
    // --slo: the capacity search after the matrix; every probe is an ordinary cell of runGroup.
    if (opts.slo && !signal.aborted) {
      const targets = db.targets.flatMap((n) => db.catalog.targets.filter((t) => t.name === n));
      const run = { opts, targets, scenarios: db.catalog.scenarios, store, progress, signal };
      errored += await runCapacity({ ...run, runGroup: (g, over) => runGroup(g, over ? { ...opts, ...over } : opts, deps, store, hooks) });
    }
    await stopAll();
    if (opts.repeat > 1) {
      store.results.summaries = summarizeRepeats(store.results.cells, opts.seed);
      for (const w of store.results.summaries.flatMap((x) => x.warnings)) progress.warn(w);
    }
    store.finish(signal.aborted ? 'interrupted' : 'completed');
    return { store, interrupted: signal.aborted, erroredCells: errored };
  } finally {
    await stopAll();
    await runRunTeardown(opts, logDir, progress);
    await db.stop();
    setPidFile(null);
    unlock();
    progress.runEnd();
  }
}

/**
 * Everything checked before any load, and the run directory made ours: a path a kernel filesystem
 * would hang on, missing executables, the fd limit, servers a killed run left, a directory we cannot
 * write or that a live harness holds (its lock, taken before the pid file).
 */
function claimRunDir(opts: ResolvedOptions, deps: RunDeps): { outDir: string; logDir: string; unlock: () => void } {
  const outDir = deps.resume?.dir ?? path.resolve(deps.projectRoot, opts.outDir);
  assertOutputPath(outDir);
  preflight(opts, deps.catalog.targets, deps.projectRoot);
  ensureLimits(Math.max(...opts.connections), (m) => deps.progress.warn(m));
  cleanStaleServers(path.dirname(outDir), (m) => deps.progress.warn(m));
  assertWritable(outDir);
  const unlock = lockRunDir(outDir);
  installExitHook();
  setPidFile(path.join(outDir, PID_FILE));
  return { outDir, logDir: path.join(outDir, 'logs'), unlock };
}

/** The launch groups still to run: the plan, less the cells a resumed run already finished, for the targets the database choice kept. */
function plannedTodo(opts: ResolvedOptions, deps: RunDeps, store: RunStore, targets: string[]): LaunchGroup[] {
  const done = new Set(store.results.cells.map(cellKeyOf));
  return planRun(opts, deps.catalog.targets, deps.catalog.scenarios)
    .map((g) => ({ ...g, cells: g.cells.filter((c) => !done.has(cellKeyOf(c))) }))
    .filter((g) => g.cells.length > 0 && targets.includes(g.target));
}

/** What the targets need before their first launch: said readiness defaults, setup commands, and the services the scenarios need. */
async function readyTargets(todo: LaunchGroup[], opts: ResolvedOptions, deps: RunDeps, targets: string[], logDir: string): Promise<RunDeps> {
  for (const t of deps.catalog.targets.filter((x) => todo.some((g) => g.target === x.name))) {
    const note = readinessNote(t);
    if (note) deps.progress.info(note);
  }
  await runTargetSetups([...todo, ...capacityLaunches(opts, targets)], deps.catalog.targets, {
    projectRoot: deps.projectRoot,
    logDir,
    env: deps.targetEnv,
    info: (m) => deps.progress.info(m),
  });
  const ids = [...todo.flatMap((g) => g.cells.map((c) => c.scenario)), ...(opts.slo ? opts.scenarios : [])];
  return { ...deps, targetEnv: { ...(deps.targetEnv ?? {}), ...(await startServices(ids, opts, deps, logDir)) } };
}

/** Services the scenarios need (ScenarioDef.needs), once per run; stopAll() stops them with the rest. Returns the env they give targets. */
async function startServices(ids: string[], opts: ResolvedOptions, deps: RunDeps, logDir: string): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  const needs = servicesNeeded(deps.catalog.scenarios, ids);
  // A service names a built-in target (the upstream: node-async), which a run's own catalog may leave out.
  const targets = needs.length ? [...deps.catalog.targets, ...(await builtinTargets())] : [];
  for (const need of needs) {
    const s = await startService(need, targets, { projectRoot: deps.projectRoot, logDir, readinessTimeoutMs: opts.readinessTimeoutS * 1000 });
    deps.progress.info(`${need.name} (${need.description}) at ${s.url}`);
    Object.assign(env, s.env);
  }
  return env;
}

/** A new run's store, or the resumed one with only its completed cells kept (the rest run again). */
function openStore(opts: ResolvedOptions, deps: RunDeps, outDir: string, targets: string[]): RunStore {
  if (!deps.resume) return RunStore.create(outDir, initialResults(opts, deps, targets));
  const store = deps.resume;
  store.results.cells = store.results.cells.filter((c) => c.status === 'completed');
  store.results.run.status = 'running';
  store.results.run.endedAt = null;
  store.save();
  return store;
}

export { maxWarmupFor } from './measure.js';
