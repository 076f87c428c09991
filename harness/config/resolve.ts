import os from 'node:os';
import { BenchError, ExitCode } from '../errors.js';
import type { Params, ResolvedOptions, ScenarioDef, SloGoal, TargetDef } from '../types.js';
import { formatDuration, parseDuration } from './durations.js';
import { FLAGS, configKeyOf } from './flags.js';
import { DEFAULT_MAX_INFLIGHT } from '../plan.js';
import { unknownNameMessage } from './suggest.js';
import { DEFAULT_TARGETS, DEFAULTS, QUICK } from './defaults.js';
import { availableCpus, formatCpuList, parseCpuList } from '../load/cpus.js';
import { ENGINE_IDS } from '../load/engines.js';
import { locustSupport } from '../load/locust/locustfile.js';
import { workersMinProblem } from '../load/locust/workers-min.js';

/** What a run can choose from: the built-in targets and scenarios plus those a config file defines. */
export interface Catalog {
  targets: TargetDef[];
  scenarios: ScenarioDef[];
}

export { DEFAULT_TARGETS, DEFAULTS } from './defaults.js';

/** Below this a cell holds too few slow requests to say anything. */
const MIN_DURATION_S = 0.5;
const MAX_CONNECTIONS = 10_000;

export interface Resolution {
  options: ResolvedOptions;
  warnings: string[];
}

/**
 * Resolves options in one pass: parse and range-check every key, fill defaults, apply cross-field
 * rules, then throw ONE error listing every problem. `file` is the config file's values (JSON types),
 * `cli` the command line's (strings); the command line wins.
 */
export function resolveOptions(
  file: Record<string, unknown>,
  cli: Record<string, unknown>,
  catalog: Catalog,
  ctx: { runId: string; configPath: string | null; cwd?: string },
): Resolution {
  const problems: string[] = [];
  const warnings: string[] = [];
  const pick = (key: string): { value: unknown; from: string } | undefined =>
    key in cli ? { value: cli[key], from: `--${flagName(key)}` } : key in file ? { value: file[key], from: `"${key}" in the config file` } : undefined;

  const quick = bool(pick('quick'), problems) ?? false;
  const targetNames = catalog.targets.map((t) => t.name);
  const scenarioIds = catalog.scenarios.map((s) => s.id);
  const configTargetNames = catalog.targets.filter((t) => t.source && t.source !== 'built-in').map((t) => t.name);

  const targets =
    names(pick('targets'), 'target', targetNames, problems) ??
    (configTargetNames.length > 0 ? configTargetNames : DEFAULT_TARGETS.filter((n) => targetNames.includes(n)));
  const scenarios = names(pick('scenarios'), 'scenario', scenarioIds, problems) ?? catalog.scenarios.filter((s) => s.defaultSuite !== false).map((s) => s.id);
  const workers = ints(pick('workers'), 1, 256, problems) ?? [...(quick ? QUICK.workers : DEFAULTS.workers)];
  const connectionsGiven = ints(pick('connections'), 1, MAX_CONNECTIONS, problems);
  // Open model (issue 12): a cell has a rate or connections. With --slo alone, the run is the
  // capacity search: no closed matrix unless --connections or --rate asks for one too.
  const rates = ints(pick('rates'), 1, MAX_RATE_PER_S, problems) ?? [];
  const maxInflight = int(pick('maxInflight'), 1, MAX_CONNECTIONS, problems) ?? DEFAULT_MAX_INFLIGHT;
  const slo = sloGoal(pick('slo'), problems);
  const sloVerify = bool(pick('sloVerify'), problems) ?? false;
  if (pick('rates') && pick('connections'))
    problems.push('--rate and --connections: a cell has an arrival rate (open model) or connections (closed model); give one of them');
  if (sloVerify && !slo) problems.push("--slo-verify: it checks the worker counts a capacity search predicts; add a goal, e.g. --slo 'p99<250ms'");
  const connections = connectionsGiven ?? (rates.length > 0 || slo ? [] : [...(quick ? QUICK.connections : DEFAULTS.connections)]);
  const durationS = duration(pick('duration'), MIN_DURATION_S, problems) ?? (quick ? QUICK.durationS : DEFAULTS.durationS);
  const warmupS = duration(pick('warmup'), 0, problems) ?? (quick ? QUICK.warmupS : DEFAULTS.warmupS);
  const repeat = int(pick('repeat'), 1, 100, problems) ?? DEFAULTS.repeat;
  const threads = int(pick('threads'), 1, 1024, problems) ?? DEFAULTS.threads;
  const timeoutS = duration(pick('timeout'), 0.1, problems) ?? DEFAULTS.timeoutS;
  const readinessTimeoutS = duration(pick('readinessTimeout'), 1, problems) ?? DEFAULTS.readinessTimeoutS;
  const sampleS = duration(pick('sampleInterval'), 0.01, problems);
  const seed = int(pick('seed'), 0, 2 ** 31 - 1, problems) ?? Date.now() % 2 ** 31;
  const allowRemote = bool(pick('allowRemote'), problems) ?? false;
  const dbRaw = pick('db');
  const db = dbRaw === undefined ? DEFAULTS.db : String(dbRaw.value);
  if (!['sqlite', 'postgres', 'postgres-pool'].includes(db)) {
    problems.push(`${dbRaw?.from}: "${db}" is not a database kind; use sqlite, postgres or postgres-pool`);
  }
  const params = scenarioParams(pick('params'), catalog.scenarios, problems);
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const engineRaw = pick('engine');
  const engine = engineRaw === undefined ? DEFAULTS.engine : String(engineRaw.value);
  if (!ENGINE_IDS.includes(engine)) problems.push(`${engineRaw?.from}: ${unknownNameMessage('engine', engine, [...ENGINE_IDS])}`);
  const loadgenWorkers = loadgenWorkerCount(pick('loadgenWorkers'), cores, problems);
  const loadgenCpus = cpuSet(pick('loadgenCpus'), problems);
  const serverCpus = cpuSet(pick('serverCpus'), problems);
  const serverNice = int(pick('serverNice'), 0, 19, problems) ?? DEFAULTS.serverNice;
  const remoteWorkers = int(pick('remoteWorkers'), 0, 1024, problems) ?? 0;
  const masterBind = masterBindOf(pick('masterBind'), allowRemote, problems);
  const workersTimeoutS = duration(pick('workersTimeout'), 1, problems) ?? 60;
  const workersMin = int(pick('workersMin'), 1, 1024, problems) ?? null;
  const workersMinWrong = workersMinProblem(workersMin, engine, remoteWorkers, loadgenWorkers ?? DEFAULTS.loadgenWorkers);
  if (workersMinWrong) problems.push(workersMinWrong);
  if (engine !== 'locust' && (remoteWorkers > 0 || masterBind))
    problems.push(`${pick('remoteWorkers') ? '--remote-workers' : '--master-bind'}: only the locust engine has a master and workers; add --engine locust`);
  // Before anything starts: a scenario whose check has no Python would error every cell. One the user
  // named is refused; one from the default suite is left out, said in a warning.
  if (engine === 'locust') {
    for (const s of catalog.scenarios.filter((x) => scenarios.includes(x.id))) {
      const why = locustSupport(s);
      if (!why) continue;
      if (pick('scenarios')) problems.push(`--scenarios: ${why}`);
      else {
        scenarios.splice(scenarios.indexOf(s.id), 1);
        warnings.push(`--engine locust: scenario "${s.id}" is left out (its check has no Python port); --engine undici runs it`);
      }
    }
  }
  const outRaw = pick('out');
  const outDir = outRaw === undefined ? `reports/${ctx.runId}` : String(outRaw.value);
  if (outRaw !== undefined && String(outRaw.value).trim() === '') problems.push(`${outRaw.from}: the output directory is empty`);

  // Cross-field rules, after every field has been read.
  for (const s of catalog.scenarios.filter((x) => x.families && scenarios.includes(x.id))) {
    const skip = targets.filter((n) => !s.families!.includes(catalog.targets.find((t) => t.name === n)?.family ?? ''));
    if (skip.length > 0) warnings.push(`scenario ${s.id} is served by ${s.families!.join(', ')} targets only: ${skip.join(', ')} will not run it`);
  }
  if (durationS !== undefined && timeoutS < 1 && timeoutS < durationS / 10) {
    warnings.push(`--timeout ${formatDuration(timeoutS)} is short: slow requests will count as timeouts`);
  }
  const maxWorkers = Math.max(...workers);
  if (maxWorkers > cores * 4) {
    warnings.push(`${maxWorkers} workers on ${cores} cores: worker processes will compete with each other and with the load generator`);
  }
  if (quick && (pick('duration') || pick('workers') || pick('connections'))) {
    warnings.push('--quick sets workers, connections and duration; the values you gave win over it');
  }

  if (problems.length > 0) {
    throw new BenchError('invalid-options', `${problems.length} problem${problems.length > 1 ? 's' : ''} with the options`, {
      problems,
      hint: 'run `npm run bench -- --help` for every option and its format',
      exitCode: ExitCode.usage,
    });
  }
  return {
    options: {
      targets,
      scenarios,
      workers,
      connections,
      durationS,
      warmupS,
      repeat,
      threads,
      timeoutS,
      readinessTimeoutS,
      sampleIntervalMs: Math.round((sampleS ?? DEFAULTS.sampleIntervalMs / 1000) * 1000),
      outDir,
      params,
      config: ctx.configPath,
      quick,
      seed,
      allowRemote,
      db: db as ResolvedOptions['db'],
      engine,
      loadgenWorkers: loadgenWorkers ?? DEFAULTS.loadgenWorkers,
      loadgenCpus: loadgenCpus ?? null,
      serverCpus: serverCpus ?? null,
      serverNice,
      rates,
      maxInflight,
      slo,
      sloVerify,
      remoteWorkers,
      masterBind,
      workersTimeoutS,
      workersMin,
    },
    warnings,
  };
}

/** Open model: the highest --rate accepted (the default --max-inflight lives with the planner). */
const MAX_RATE_PER_S = 1_000_000;

/** `--slo p99<250ms`: any percentile (p50, p99.9, …), a bound in ms or s. */
export function parseSlo(text: string): SloGoal | string {
  const m = /^\s*p(\d+(?:\.\d+)?)\s*<\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$/i.exec(text);
  if (!m) return `"${text}" is not a latency goal; write it as pNN<BOUND with a unit, e.g. p99<250ms, p50<1s or p99.9<500ms`;
  const percentile = Number(m[1]);
  const boundMs = Number(m[2]) * ((m[3] as string).toLowerCase() === 's' ? 1000 : 1);
  if (!(percentile > 0 && percentile < 100)) return `p${m[1]}: the percentile must be above 0 and below 100`;
  if (!(boundMs > 0)) return `${m[2]}${m[3]}: the bound must be above 0`;
  return { percentile, boundMs, text: `p${percentile}<${boundMs}ms` };
}

function sloGoal(p: Picked, problems: string[]): SloGoal | null {
  if (p === undefined) return null;
  const g = parseSlo(String(p.value));
  if (typeof g === 'string') {
    problems.push(`${p.from}: ${g}`);
    return null;
  }
  return g;
}

/** `--loadgen-workers N|auto`: auto is about a quarter of the cores, at least 1. */
function loadgenWorkerCount(p: Picked, cores: number, problems: string[]): number | undefined {
  if (p === undefined) return undefined;
  if (String(p.value).trim() === 'auto') return Math.max(1, Math.round(cores / 4));
  return int(p, 1, 64, problems);
}

/** `--master-bind HOST:PORT` (locust engine): a port, and loopback unless --allow-remote. */
function masterBindOf(p: Picked, allowRemote: boolean, problems: string[]): string | null {
  if (p === undefined) return null;
  const m = /^(\[[0-9a-fA-F:]+\]|[^:\s]+):(\d{1,5})$/.exec(String(p.value).trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || port < 1 || port > 65535) {
    problems.push(`${p.from}: "${String(p.value)}" is not HOST:PORT, e.g. 127.0.0.1:5557 or 0.0.0.0:5557`);
    return null;
  }
  const host = (m[1] as string).replace(/^\[|\]$/g, '');
  if (!allowRemote && !/^(127\.\d+\.\d+\.\d+|localhost|::1)$/.test(host)) {
    problems.push(`${p.from}: ${host} lets other machines reach the Locust master; add --allow-remote to mean it`);
    return null;
  }
  return `${m[1]}:${port}`;
}

/** `--loadgen-cpus 0-1`: every CPU must be one this process may run on. */
function cpuSet(p: Picked, problems: string[]): number[] | undefined {
  if (p === undefined) return undefined;
  const parsed = parseCpuList(String(p.value));
  if (typeof parsed === 'string') {
    problems.push(`${p.from}: ${parsed}`);
    return undefined;
  }
  const have = availableCpus();
  const missing = parsed.filter((c) => !have.includes(c));
  if (missing.length > 0) {
    problems.push(`${p.from}: CPU ${formatCpuList(missing)} does not exist here; this machine has CPUs ${formatCpuList(have)}`);
    return undefined;
  }
  return parsed;
}

/** The flag a user typed for a config key (e.g. params → --param). */
function flagName(key: string): string {
  return FLAGS.find((f) => configKeyOf(f) === key)?.name ?? key;
}

type Picked = { value: unknown; from: string } | undefined;

function listOf(p: NonNullable<Picked>): unknown[] {
  if (Array.isArray(p.value)) return p.value;
  if (typeof p.value === 'string')
    return p.value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  return [p.value];
}

function names(p: Picked, kind: string, known: string[], problems: string[]): string[] | undefined {
  if (p === undefined) return undefined;
  const items = listOf(p).map((v) => (typeof v === 'object' && v !== null && 'name' in v ? String((v as { name: unknown }).name) : String(v)));
  if (items.length === 0) {
    problems.push(`${p.from}: the list is empty; name at least one ${kind}`);
    return undefined;
  }
  for (const n of items) if (!known.includes(n)) problems.push(`${p.from}: ${unknownNameMessage(kind, n, known)}`);
  return [...new Set(items)];
}

function intValue(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) ? n : undefined;
}

function ints(p: Picked, min: number, max: number, problems: string[]): number[] | undefined {
  if (p === undefined) return undefined;
  const items = listOf(p);
  const out: number[] = [];
  if (items.length === 0) problems.push(`${p.from}: the list is empty`);
  for (const v of items) {
    const n = intValue(v);
    if (n === undefined) problems.push(`${p.from}: "${String(v)}" is not a whole number`);
    else if (n < min || n > max) problems.push(`${p.from}: ${n} is out of range (${min} to ${max})`);
    else out.push(n);
  }
  return out.length === items.length && out.length > 0 ? [...new Set(out)].sort((a, b) => a - b) : undefined;
}

function int(p: Picked, min: number, max: number, problems: string[]): number | undefined {
  if (p === undefined) return undefined;
  const n = intValue(p.value);
  if (n === undefined) problems.push(`${p.from}: "${String(p.value)}" is not a whole number`);
  else if (n < min || n > max) problems.push(`${p.from}: ${n} is out of range (${min} to ${max})`);
  else return n;
  return undefined;
}

function duration(p: Picked, minS: number, problems: string[]): number | undefined {
  if (p === undefined) return undefined;
  const d = parseDuration(p.value);
  if (!d.ok) problems.push(`${p.from}: ${d.error}`);
  else if (d.seconds < minS) problems.push(`${p.from}: ${formatDuration(d.seconds)} is too short to measure; use at least ${formatDuration(minS)}`);
  else return d.seconds;
  return undefined;
}

function bool(p: Picked, problems: string[]): boolean | undefined {
  if (p === undefined) return undefined;
  if (typeof p.value === 'boolean') return p.value;
  problems.push(`${p.from}: expected true or false, got ${JSON.stringify(p.value)}`);
  return undefined;
}

/** `sleep.ms=200` strings (CLI) or `{ sleep: { ms: 200 } }` (config), checked against each scenario's specs. */
function scenarioParams(p: Picked, scenarios: ScenarioDef[], problems: string[]): Record<string, Params> {
  const out: Record<string, Params> = {};
  if (p === undefined) return out;
  const entries: Array<[string, string, unknown]> = [];
  if (Array.isArray(p.value)) {
    for (const s of p.value) {
      const m = /^([\w-]+)\.(\w+)=(.*)$/.exec(String(s));
      if (!m) problems.push(`${p.from}: "${String(s)}" is not SCENARIO.KEY=VALUE (e.g. sleep.ms=200)`);
      else entries.push([m[1] as string, m[2] as string, m[3]]);
    }
  } else if (typeof p.value === 'object' && p.value !== null) {
    for (const [sid, kv] of Object.entries(p.value as Record<string, unknown>)) {
      for (const [k, v] of Object.entries((kv ?? {}) as Record<string, unknown>)) entries.push([sid, k, v]);
    }
  } else {
    problems.push(`${p.from}: expected an object such as {"sleep": {"ms": 200}}`);
  }
  for (const [sid, key, raw] of entries) {
    const scenario = scenarios.find((s) => s.id === sid);
    if (!scenario) {
      problems.push(
        `${p.from}: ${unknownNameMessage(
          'scenario',
          sid,
          scenarios.map((s) => s.id),
        )}`,
      );
      continue;
    }
    const spec = scenario.params[key];
    if (!spec) {
      problems.push(`${p.from}: scenario "${sid}" has no parameter "${key}" (it has: ${Object.keys(scenario.params).join(', ') || 'none'})`);
      continue;
    }
    let value: number | string | boolean = raw as number;
    if (typeof spec.default === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n)) {
        problems.push(`${p.from}: ${sid}.${key} must be a number${spec.unit ? ` in ${spec.unit}` : ''}, got "${String(raw)}"`);
        continue;
      }
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
        problems.push(`${p.from}: ${sid}.${key}=${n} is out of range (${spec.min ?? '-∞'} to ${spec.max ?? '∞'})`);
        continue;
      }
      value = n;
    } else if (spec.choices && !spec.choices.includes(String(raw))) {
      problems.push(`${p.from}: ${sid}.${key} must be one of ${spec.choices.join(', ')}, got "${String(raw)}"`);
      continue;
    }
    (out[sid] ??= {})[key] = value;
  }
  return out;
}
