// The engine: plan → for each launch group: launch, then for each cell verify → measure → record.
// The CLI is one caller of runBench; tests are another.
import path from 'node:path';
import { buildCell, NOT_MEASURED } from './cell.js';
import type { Catalog } from './config/resolve.js';
import { BenchError, isBenchError } from './errors.js';
import { installExitHook, setPidFile, stopAll } from './launcher/children.js';
import { launchTarget, type RunningServer } from './launcher/launcher.js';
import { freePort } from './launcher/ports.js';
import { groupPidsOf as groupPids } from './samplers/proc-tree.js';
import { drainBacklog } from './launcher/drain.js';
import { checkRunningTarget } from './launcher/url-target.js';
import { cleanStaleServers } from './launcher/stale.js';
import { redact } from './launcher/log-tail.js';
import { runSetupCommands } from './launcher/setup-commands.js';
import { startUpstream, upstreamNeeded } from './launcher/upstream.js';
import { runLoad } from './load/driver.js';
import { capacityLaunches, runCapacity } from './capacity/run-capacity.js';
import { cellKeyOf, countCells, planRun, type LaunchGroup, type PlannedCell } from './plan.js';
import { preflight } from './preflight.js';
import { ensureLimits } from './limits.js';
import type { ProgressReporter } from './progress.js';
import { initialResults, summarizeTargets } from './results/initial.js';
import { RunStore } from './results/store.js';
import { cellHooks, type CellHooks, type Sampled } from './run-hooks.js';
import type { CellResult, LaunchedTargetDef, ResolvedOptions, ScenarioDef, TargetDef } from './types.js';
import { verifyScenario } from './verify.js';
import { summarizeRepeats } from './stats/repeats.js';
import { prepareDatabase } from './targets/database.js';
import { queueTurnoverS, warmupCapS } from './warmup.js';
import { estimateRun, latestRun } from './estimate.js';

/** How long a reused server may take to serve what the previous cell left queued. */
const DRAIN_TIMEOUT_MS = 3_000;

export interface RunDeps {
  projectRoot: string;
  catalog: Catalog;
  progress: ProgressReporter;
  signal: AbortSignal;
  commandLine: string[];
  runId: string;
  /** Extra environment for launched targets (e.g. DATABASE_URL for the PostgreSQL variants). */
  targetEnv?: Record<string, string>;
  /** Samplers and validity rules; replaceable in tests. */
  hooks?: CellHooks;
  /** An earlier run to finish (--resume): its finished cells are kept and skipped. */
  resume?: RunStore;
}

export interface RunOutcome {
  store: RunStore;
  interrupted: boolean;
  erroredCells: number;
}

export async function runBench(opts: ResolvedOptions, deps: RunDeps): Promise<RunOutcome> {
  const { catalog, progress, signal } = deps;
  const hooks = deps.hooks ?? cellHooks(opts);
  preflight(opts, catalog.targets, deps.projectRoot);
  ensureLimits(Math.max(...opts.connections), (m) => progress.warn(m));
  const outDir = deps.resume?.dir ?? path.resolve(deps.projectRoot, opts.outDir);
  cleanStaleServers(path.dirname(outDir), (m) => progress.warn(m));
  const groups = planRun(opts, catalog.targets, catalog.scenarios);
  const store = deps.resume ?? RunStore.create(outDir, initialResults(opts, deps));
  const done = new Set(store.results.cells.filter((c) => c.status === 'completed').map(cellKey));
  if (deps.resume) {
    // An aborted or errored cell is run again; only completed ones are kept as they are.
    store.results.cells = store.results.cells.filter((c) => c.status === 'completed');
    store.results.run.status = 'running';
    store.results.run.endedAt = null;
    store.save();
  }
  installExitHook();
  setPidFile(store.pidFile);
  const db = await prepareDatabase(opts, catalog, path.join(store.dir, 'logs'), (m) => progress.warn(m));
  deps = { ...deps, catalog: db.catalog, targetEnv: { ...(deps.targetEnv ?? {}), ...db.env } };
  store.results.targets = summarizeTargets(db.catalog, { ...opts, targets: db.targets });
  store.save();
  const todo = groups.map((g) => ({ ...g, cells: g.cells.filter((c) => !done.has(cellKey(c))) })).filter((g) => g.cells.length > 0 && db.targets.includes(g.target));
  const estimate = estimateRun({ groups: todo, targets: db.catalog.targets, scenarios: db.catalog.scenarios, opts, previous: latestRun(path.dirname(outDir)) });
  progress.runStart({ cells: countCells(todo), launches: todo.length, cellSeconds: opts.durationS + opts.warmupS, runDir: store.dir, estimate });

  let errored = 0;
  try {
    await runSetups([...todo, ...capacityLaunches(opts, db.targets)], catalog.targets, store, deps);
    // Services a scenario needs (ScenarioDef.needs), once per run; stopAll() stops them with the rest.
    if (upstreamNeeded(catalog.scenarios, todo.flatMap((g) => g.cells.map((c) => c.scenario)))) {
      const upstream = await startUpstream({ projectRoot: deps.projectRoot, logDir: path.join(store.dir, 'logs'), readinessTimeoutMs: opts.readinessTimeoutS * 1000 });
      progress.info(`upstream for the upstream scenario at ${upstream.url}`);
      deps = { ...deps, targetEnv: { ...(deps.targetEnv ?? {}), ...upstream.env } };
    }
    for (const group of todo) {
      if (signal.aborted) break;
      errored += await runGroup(group, opts, deps, store, hooks);
    }
    // --slo: the capacity search after the matrix; every probe is an ordinary cell of runGroup.
    if (opts.slo && !signal.aborted) {
      const targets = db.targets.flatMap((n) => db.catalog.targets.filter((t) => t.name === n));
      errored += await runCapacity({ opts, targets, scenarios: db.catalog.scenarios, store, progress, signal, runGroup: (g, over) => runGroup(g, over ? { ...opts, ...over } : opts, deps, store, hooks) });
    }
  } finally {
    await stopAll();
    await db.stop();
    setPidFile(null);
    progress.runEnd();
  }
  const interrupted = signal.aborted;
  if (opts.repeat > 1) {
    store.results.summaries = summarizeRepeats(store.results.cells, opts.seed);
    for (const w of store.results.summaries.flatMap((x) => x.warnings)) progress.warn(w);
  }
  store.finish(interrupted ? 'interrupted' : 'completed');
  return { store, interrupted, erroredCells: errored };
}

// Rate cells (open model) are told apart by their rate (plan.ts cellKeyOf).
const cellKey = cellKeyOf;

/** Setup commands run once per distinct (commands, cwd), before any server starts. */
async function runSetups(groups: LaunchGroup[], targets: TargetDef[], store: RunStore, deps: RunDeps): Promise<void> {
  const seen = new Set<string>();
  for (const g of groups) {
    const t = targets.find((x) => x.name === g.target);
    if (!t || t.kind !== 'launch' || !t.setup?.length) continue;
    const cwd = path.resolve(deps.projectRoot, t.cwd ?? '.');
    const key = JSON.stringify([t.setup, cwd]);
    if (seen.has(key)) continue;
    seen.add(key);
    deps.progress.info(`setting up ${t.name}: ${t.setup.map((c) => path.basename(c[0] ?? '') + ' ' + c.slice(1).join(' ')).join('; ')}`);
    await runSetupCommands(t.name, t.setup, { cwd, env: { ...(t.env ?? {}), ...(deps.targetEnv ?? {}) }, logFile: path.join(store.dir, 'logs', `setup-${t.name}.log`) });
  }
}

async function runGroup(group: LaunchGroup, opts: ResolvedOptions, deps: RunDeps, store: RunStore, hooks: CellHooks): Promise<number> {
  const target = deps.catalog.targets.find((t) => t.name === group.target) as TargetDef;
  let server: RunningServer | null = null;
  let baseUrl = target.kind === 'url' ? target.url.replace(/\/$/, '') : '';
  let errored = 0;
  const launch = async () => {
    deps.progress.launch(target.name, group.workers);
    const t = target as LaunchedTargetDef;
    server = await launchTarget({
      def: t,
      workers: group.workers ?? 1,
      threads: opts.threads,
      port: await freePort(),
      logFile: path.join(store.dir, 'logs', `${t.name}-w${group.workers}-r${group.repeat}.log`),
      readinessTimeoutMs: Math.min(opts.readinessTimeoutS * 1000, t.readiness.timeoutMs ?? Infinity),
      env: deps.targetEnv,
      projectRoot: deps.projectRoot,
      cpus: opts.serverCpus,
      nice: opts.serverNice,
    });
    baseUrl = server.url;
  };

  try {
    for (const planned of group.cells) {
      if (deps.signal.aborted) break;
      const scenario = deps.catalog.scenarios.find((s) => s.id === planned.scenario) as ScenarioDef;
      const startedAt = new Date().toISOString();
      deps.progress.cellStart(planned);
      const fail = (e: unknown, logTail?: string[]): CellResult => {
        errored++;
        const be = isBenchError(e) ? e : new BenchError('cell-failed', (e as Error).message);
        const message = [be.message, ...be.problems.filter((p) => !p.startsWith('  ') && p !== 'last log lines:')].join('; ');
        const tail = logTail ?? be.problems.filter((p) => p.startsWith('  ')).map((p) => p.slice(2));
        return buildCell({ planned, target, scenario, outcome: null, status: 'errored', startedAt, durationS: 0, warmupS: opts.warmupS, error: { code: be.code, message: redact(message), logTail: tail.map(redact) } });
      };
      let cell: CellResult;
      try {
        if (target.kind === 'launch' && (server === null || (server as RunningServer).exit)) await launch();
        if (target.kind === 'url' && planned === group.cells[0]) await checkRunningTarget(target);
        await verifyScenario(baseUrl, target.name, scenario, planned.params, { timeoutMs: opts.timeoutS * 1000 });
        const pidsBefore = server ? groupPids((server as RunningServer).pgid) : [];
        cell = await measureCell(planned, target, scenario, baseUrl, server, opts, deps, hooks, startedAt);
        const s = server as RunningServer | null;
        const gone = s ? pidsBefore.filter((p) => !groupPids(s.pgid).includes(p)) : [];
        if (s && (s.exit || gone.length > 0)) {
          // A process of the server died during the cell: its figures describe a crash, not the
          // server. Record the cell as errored and relaunch the target for the next cell.
          const what = s.exit ? `${target.name} exited during the cell (${s.exit.signal ?? `code ${s.exit.code}`})` : `${target.name} lost process${gone.length > 1 ? 'es' : ''} ${gone.join(', ')} during the cell (a worker died)`;
          cell = fail(new BenchError('server-died', what), s.logTail(20));
          await s.stop();
          server = null;
        }
      } catch (e) {
        const s = server as RunningServer | null;
        cell = fail(e, s?.logTail(20));
        if (e instanceof BenchError && e.code === 'target-not-ready') {
          // The target cannot start: every remaining cell of this launch fails the same way.
          store.addCell(cell);
          deps.progress.cellEnd(cell);
          for (const rest of group.cells.slice(group.cells.indexOf(planned) + 1)) {
            const rcell = buildCell({ planned: rest, target, scenario: deps.catalog.scenarios.find((x) => x.id === rest.scenario) as ScenarioDef, outcome: null, status: 'errored', startedAt: new Date().toISOString(), durationS: 0, warmupS: opts.warmupS, error: cell.error });
            errored++;
            store.addCell(rcell);
            deps.progress.cellEnd(rcell);
          }
          return errored;
        }
      }
      store.addCell(cell);
      deps.progress.cellEnd(cell);
      const live = server as RunningServer | null;
      if (live && !deps.signal.aborted && planned !== group.cells.at(-1)) {
        // Reuse the server only once its backlog is served; otherwise a fresh one is cheaper.
        const drained = await drainBacklog(live.url, (target as LaunchedTargetDef).readiness.path, group.workers ?? 1, DRAIN_TIMEOUT_MS);
        if (!drained) {
          deps.progress.info(`${target.name}: requests queued by the last cell did not drain within ${DRAIN_TIMEOUT_MS / 1000} s; restarting it`);
          await live.stop();
          server = null;
        }
      }
    }
  } finally {
    const s = server as RunningServer | null;
    if (s) await s.stop();
  }
  return errored;
}

async function measureCell(planned: PlannedCell, target: TargetDef, scenario: ScenarioDef, baseUrl: string, server: RunningServer | null, opts: ResolvedOptions, deps: RunDeps, hooks: CellHooks, startedAt: string): Promise<CellResult> {
  let sampler: { stop(): Sampled } | null = null;
  const durationS = measuredDuration(scenario, planned, opts.durationS);
  const outcome = await runLoad({
    baseUrl,
    scenario,
    params: planned.params,
    connections: planned.connections,
    load: planned.load,
    engine: opts.engine,
    loadgenWorkers: opts.loadgenWorkers,
    loadgenCpus: opts.loadgenCpus ?? undefined,
    locust: { remoteWorkers: opts.remoteWorkers ?? 0, masterBind: opts.masterBind ?? null, workersTimeoutS: opts.workersTimeoutS ?? 60, allowRemote: opts.allowRemote, onInfo: (m: string) => deps.progress.info(m) },
    warmupS: opts.warmupS,
    maxWarmupS: maxWarmupFor(opts, queueTurnoverS(target, scenario, planned)),
    burstPeriodMs: scenario.windowQuantumMs?.(planned.params),
    durationS,
    timeoutS: opts.timeoutS,
    signal: deps.signal,
    onWindowOpen: () => (sampler = hooks.startSampler(server?.pgid ?? null, 0)),
    onTick: (t) => deps.progress.tick(t),
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
    validity: (cell) => hooks.validity(cell, { scenario, outcome, sampled }),
  });
}

/**
 * How long a cell may warm up waiting for every connection's first answer: a saturated sync server
 * needs a whole queue turnover (connections ÷ ceiling) before its latency is at steady state, so the
 * cap scales with it, within bounds (harness/warmup.ts). A cell that hits it is invalid.
 */
export function maxWarmupFor(opts: ResolvedOptions, turnoverS: number | null = null): number {
  return warmupCapS(opts.warmupS, opts.timeoutS, turnoverS);
}

/** The measured window, rounded down to whole bursts for scenarios that complete in bursts (at least one). */
export function measuredDuration(scenario: ScenarioDef, planned: PlannedCell, durationS: number): number {
  const q = scenario.windowQuantumMs?.(planned.params);
  if (!q) return durationS;
  const qs = q / 1000;
  return Math.max(1, Math.floor(durationS / qs + 1e-9)) * qs;
}
