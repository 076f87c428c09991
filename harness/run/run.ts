// The engine: plan → for each launch group: launch, then for each cell verify → measure → record.
// The CLI is one caller of runBench; tests are another.
import path from 'node:path';
import type { Catalog } from '../types.js';
import { installExitHook, PID_FILE, setPidFile, stopAll } from '../host/children.js';
import { cleanStaleServers } from '../launcher/stale.js';
import { runTargetSetups } from '../launcher/setup-commands.js';
import { servicesNeeded, startService } from '../launcher/services.js';
import { capacityLaunches, runCapacity } from '../capacity/run-capacity.js';
import { countCells, planRun } from '../plan/plan.js';
import { cellKeyOf } from '../cell-key.js';
import { preflight } from './preflight.js';
import { ensureLimits } from '../host/limits.js';
import type { ProgressReporter } from './progress.js';
import { initialResults } from './initial-results.js';
import { assertWritable, RunStore } from '../results/store.js';
import { cellHooks, type CellHooks } from './run-hooks.js';
import { runGroup } from './run-group.js';
import type { ResolvedOptions } from '../types.js';
import { summarizeRepeats } from '../stats/repeats.js';
import { prepareDatabase } from '../database/prepare.js';
import { estimateRun, latestRun } from './estimate.js';
import { readinessNote } from '../catalog/readiness-default.js';
import { runRunSetup, runRunTeardown } from './run-commands.js';
import type { RunDeps, RunOutcome } from './deps.js';

export type { RunDeps, RunOutcome } from './deps.js';

export async function runBench(opts: ResolvedOptions, deps: RunDeps): Promise<RunOutcome> {
  const { progress, signal } = deps;
  const hooks = deps.hooks ?? cellHooks(opts);
  preflight(opts, deps.catalog.targets, deps.projectRoot);
  ensureLimits(Math.max(...opts.connections), (m) => progress.warn(m));
  const outDir = deps.resume?.dir ?? path.resolve(deps.projectRoot, opts.outDir);
  cleanStaleServers(path.dirname(outDir), (m) => progress.warn(m));
  assertWritable(outDir);
  installExitHook();
  setPidFile(path.join(outDir, PID_FILE));
  const logDir = path.join(outDir, 'logs');
  let errored = 0;
  const db = await prepareDatabase(opts, deps.catalog, logDir, (m) => progress.warn(m));
  try {
    await runRunSetup(opts, logDir, progress);
    deps = { ...deps, catalog: db.catalog, targetEnv: { ...(deps.targetEnv ?? {}), ...db.env } };
    // The results skeleton is written once, from the catalog the database choice produced.
    const store = openStore(opts, deps, outDir, db.targets);
    const done = new Set(store.results.cells.map(cellKeyOf));
    const groups = planRun(opts, db.catalog.targets, db.catalog.scenarios);
    const todo = groups
      .map((g) => ({ ...g, cells: g.cells.filter((c) => !done.has(cellKeyOf(c))) }))
      .filter((g) => g.cells.length > 0 && db.targets.includes(g.target));
    const estimate = estimateRun({
      groups: todo,
      targets: db.catalog.targets,
      scenarios: db.catalog.scenarios,
      opts,
      previous: latestRun(path.dirname(outDir)),
    });
    progress.runStart({ cells: countCells(todo), launches: todo.length, cellSeconds: opts.durationS + opts.warmupS, runDir: store.dir, estimate });
    for (const t of db.catalog.targets.filter((x) => todo.some((g) => g.target === x.name))) {
      const note = readinessNote(t);
      if (note) progress.info(note);
    }
    await runTargetSetups([...todo, ...capacityLaunches(opts, db.targets)], db.catalog.targets, {
      projectRoot: deps.projectRoot,
      logDir,
      env: deps.targetEnv,
      info: (m) => progress.info(m),
    });
    // Services the scenarios need (ScenarioDef.needs), once per run; stopAll() stops them with the rest.
    const ids = [...todo.flatMap((g) => g.cells.map((c) => c.scenario)), ...(opts.slo ? opts.scenarios : [])];
    for (const need of servicesNeeded(db.catalog.scenarios, ids)) {
      const s = await startService(need, db.catalog.targets, { projectRoot: deps.projectRoot, logDir, readinessTimeoutMs: opts.readinessTimeoutS * 1000 });
      progress.info(`${need.name} (${need.description}) at ${s.url}`);
      deps = { ...deps, targetEnv: { ...(deps.targetEnv ?? {}), ...s.env } };
    }
    for (const group of todo) {
      if (signal.aborted) break;
      errored += await runGroup(group, opts, deps, store, hooks);
    }
    // --slo: the capacity search after the matrix; every probe is an ordinary cell of runGroup.
    if (opts.slo && !signal.aborted) {
      const targets = db.targets.flatMap((n) => db.catalog.targets.filter((t) => t.name === n));
      errored += await runCapacity({
        opts,
        targets,
        scenarios: db.catalog.scenarios,
        store,
        progress,
        signal,
        runGroup: (g, over) => runGroup(g, over ? { ...opts, ...over } : opts, deps, store, hooks),
      });
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
    progress.runEnd();
  }
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
