// Option resolution in one pass (CONVENTIONS 4): every key read and range-checked from the config
// file and the command line (which wins), defaults filled in from config/defaults.ts, cross-field
// rules applied, then ONE error listing every problem. Sections below read the matrix, the
// measurement and the generator; the engine's own options and limits are the engine's
// (engine-options.ts asks the registry), so nothing here names an engine.
import os from 'node:os';
import { BenchError, ExitCode } from '../errors.js';
import type { Catalog, ResolvedOptions } from '../types.js';
import { formatDuration } from './durations.js';
import { applyEngineSupport, resolveEngine } from './engine-options.js';
import { OptionReader } from './option-values.js';
import { scenarioParams } from './scenario-params.js';
import { DEFAULT_MAX_INFLIGHT, DEFAULT_TARGETS, DEFAULTS, LIMITS, QUICK } from './defaults.js';
import { readRunLevel } from './run-level.js';

export { DEFAULT_TARGETS, DEFAULTS } from './defaults.js';
export { parseSlo } from './option-values.js';

export interface Resolution {
  options: ResolvedOptions;
  warnings: string[];
}

/**
 * `file` is the config file's values (JSON types), `cli` the command line's (strings); the command
 * line wins. Throws one BenchError (exit 2) naming every problem.
 */
export function resolveOptions(
  file: Record<string, unknown>,
  cli: Record<string, unknown>,
  catalog: Catalog,
  ctx: { runId: string; configPath: string | null; cwd?: string },
): Resolution {
  const r = new OptionReader(file, cli);
  const quick = r.bool('quick') ?? false;
  const matrix = readMatrix(r, catalog, quick);
  const measurement = readMeasurement(r, quick);
  const generator = readGenerator(r);
  const engine = resolveEngine(r, generator);
  matrix.scenarios = applyEngineSupport(
    r,
    engine.engine,
    { rates: matrix.rates, slo: matrix.slo !== null, scenarios: matrix.scenarios, scenariosNamed: r.given('scenarios') },
    catalog.scenarios,
  );
  const outDir = r.string('out') ?? `reports/${ctx.runId}`;
  if (r.given('out') && outDir.trim() === '') r.problems.push(`${r.pick('out')?.from}: the output directory is empty`);
  const runLevel = readRunLevel(file, ctx.configPath, r.problems);
  const options: ResolvedOptions = { ...matrix, ...measurement, ...generator, ...engine, outDir, config: ctx.configPath, quick, runLevel };
  crossFieldRules(r, options, catalog);
  if (r.problems.length > 0) {
    throw new BenchError('invalid-options', `${r.problems.length} problem${r.problems.length > 1 ? 's' : ''} with the options`, {
      problems: r.problems,
      hint: 'run `npm run bench -- --help` for every option and its format',
      exitCode: ExitCode.usage,
    });
  }
  return { options, warnings: r.warnings };
}

/** What is swept: targets × scenarios × workers × connections (closed) or rates (open), and the capacity goal. */
function readMatrix(r: OptionReader, catalog: Catalog, quick: boolean) {
  const targetNames = catalog.targets.map((t) => t.name);
  const configTargets = catalog.targets.filter((t) => t.source && t.source !== 'built-in').map((t) => t.name);
  const targets =
    r.names('targets', 'target', targetNames) ?? (configTargets.length > 0 ? configTargets : DEFAULT_TARGETS.filter((n) => targetNames.includes(n)));
  const scenarios =
    r.names(
      'scenarios',
      'scenario',
      catalog.scenarios.map((s) => s.id),
    ) ?? catalog.scenarios.filter((s) => s.defaultSuite !== false).map((s) => s.id);
  // Open model (issue 12): a cell has a rate or connections. With --slo alone, the run is the
  // capacity search: no closed matrix unless --connections or --rate asks for one too.
  const rates = r.ints('rates', 1, LIMITS.maxRatePerS) ?? [];
  const slo = r.slo('slo');
  const sloVerify = r.bool('sloVerify') ?? false;
  const connectionsGiven = r.ints('connections', 1, LIMITS.maxConnections);
  if (r.given('rates') && r.given('connections'))
    r.problems.push('--rate and --connections: a cell has an arrival rate (open model) or connections (closed model); give one of them');
  if (sloVerify && !slo) r.problems.push("--slo-verify: it checks the worker counts a capacity search predicts; add a goal, e.g. --slo 'p99<250ms'");
  const db = r.string('db') ?? DEFAULTS.db;
  if (!['sqlite', 'postgres', 'postgres-pool'].includes(db))
    r.problems.push(`${r.pick('db')?.from}: "${db}" is not a database kind; use sqlite, postgres or postgres-pool`);
  return {
    targets,
    scenarios,
    workers: r.ints('workers', 1, LIMITS.maxWorkers) ?? [...(quick ? QUICK.workers : DEFAULTS.workers)],
    connections: connectionsGiven ?? (rates.length > 0 || slo ? [] : [...(quick ? QUICK.connections : DEFAULTS.connections)]),
    rates,
    maxInflight: r.int('maxInflight', 1, LIMITS.maxConnections) ?? DEFAULT_MAX_INFLIGHT,
    slo,
    sloVerify,
    threads: r.int('threads', 1, LIMITS.maxThreads) ?? DEFAULTS.threads,
    params: scenarioParams(r, catalog.scenarios),
    db: db as ResolvedOptions['db'],
  };
}

/** How each cell is measured: its window and warm-up, repeats, timeouts, sampling and the shuffle's seed. */
function readMeasurement(r: OptionReader, quick: boolean) {
  const sampleS = r.duration('sampleInterval', 0.01);
  return {
    durationS: r.duration('duration', LIMITS.minDurationS) ?? (quick ? QUICK.durationS : DEFAULTS.durationS),
    warmupS: r.duration('warmup', 0) ?? (quick ? QUICK.warmupS : DEFAULTS.warmupS),
    repeat: r.int('repeat', 1, LIMITS.maxRepeat) ?? DEFAULTS.repeat,
    timeoutS: r.duration('timeout', 0.1) ?? DEFAULTS.timeoutS,
    readinessTimeoutS: r.duration('readinessTimeout', 1) ?? DEFAULTS.readinessTimeoutS,
    sampleIntervalMs: Math.round((sampleS ?? DEFAULTS.sampleIntervalMs / 1000) * 1000),
    seed: r.int('seed', 0, 2 ** 31 - 1) ?? Date.now() % 2 ** 31,
  };
}

/** Where the load comes from and where the servers run: generator workers, CPU sets, niceness, remote targets. */
function readGenerator(r: OptionReader) {
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  // `--loadgen-workers N|auto`: auto is about a quarter of the cores, at least 1.
  const auto = r.string('loadgenWorkers')?.trim() === 'auto';
  return {
    loadgenWorkers: (auto ? Math.max(1, Math.round(cores / 4)) : r.int('loadgenWorkers', 1, LIMITS.maxLoadgenWorkers)) ?? DEFAULTS.loadgenWorkers,
    loadgenCpus: r.cpuSet('loadgenCpus') ?? null,
    serverCpus: r.cpuSet('serverCpus') ?? null,
    serverNice: r.int('serverNice', 0, 19) ?? DEFAULTS.serverNice,
    allowRemote: r.bool('allowRemote') ?? false,
  };
}

/** Rules between fields, after every field has been read: warnings mostly, so the run can still go. */
function crossFieldRules(r: OptionReader, o: ResolvedOptions, catalog: Catalog): void {
  for (const s of catalog.scenarios.filter((x) => x.families && o.scenarios.includes(x.id))) {
    const skip = o.targets.filter((n) => !s.families!.includes(catalog.targets.find((t) => t.name === n)?.family ?? ''));
    if (skip.length > 0) r.warnings.push(`scenario ${s.id} is served by ${s.families!.join(', ')} targets only: ${skip.join(', ')} will not run it`);
  }
  if (o.timeoutS < 1 && o.timeoutS < o.durationS / 10)
    r.warnings.push(`--timeout ${formatDuration(o.timeoutS)} is short: slow requests will count as timeouts`);
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const maxWorkers = Math.max(...o.workers);
  if (maxWorkers > cores * 4)
    r.warnings.push(`${maxWorkers} workers on ${cores} cores: worker processes will compete with each other and with the load generator`);
  if (o.quick && (r.given('duration') || r.given('workers') || r.given('connections')))
    r.warnings.push('--quick sets workers, connections and duration; the values you gave win over it');
}
