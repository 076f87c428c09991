// The load engine's part of option resolution, asked of the engine registry so that nothing here
// names an engine: which engine, its own options (declared by the engine, parsed by their type, its
// defaults filled in), its rules, and what it cannot do (arrival rates, some scenarios), refused
// with the options, before anything starts (issue 24: `--engine locust --rate` exits 2 up front).
import { ENGINE_IDS, ENGINES, engineById } from '../load/engines.js';
import { engineOptionKey, withDefaults } from '../load/options.js';
import type { EngineDescriptor } from '../load/engine.js';
import type { EngineOptionValue, EngineOptions, FlagSpec, ScenarioDef } from '../types.js';
import { DEFAULTS } from './defaults.js';
import type { OptionReader } from './option-values.js';
import { configKeyOf } from './flags.js';
import { unknownNameMessage } from './suggest.js';

export interface EngineChoice {
  engine: string;
  engineOptions: EngineOptions;
}

/** The engine and its options; an option of another engine is refused, naming the engine that reads it. */
export function resolveEngine(r: OptionReader, ctx: { loadgenWorkers: number; loadgenCpus: number[] | null; allowRemote: boolean }): EngineChoice {
  const given = r.string('engine');
  const engine = given ?? DEFAULTS.engine;
  const d = engineById(engine);
  if (!d) r.problems.push(`${r.pick('engine')?.from}: ${unknownNameMessage('engine', engine, [...ENGINE_IDS])}`);
  for (const other of ENGINES.filter((e) => e !== d)) {
    for (const f of other.options.filter((o) => r.given(configKeyOf(o)))) {
      r.problems.push(`--${f.name}: only the ${other.id} engine reads it; add --engine ${other.id}`);
    }
  }
  if (!d) return { engine, engineOptions: {} };
  const values: Record<string, EngineOptionValue> = {};
  for (const f of d.options) {
    const v = readOption(r, f);
    if (v !== undefined) values[engineOptionKey(f)] = v;
  }
  const engineOptions = withDefaults(d.options, values);
  r.problems.push(...d.check(engineOptions, ctx));
  return { engine, engineOptions };
}

function readOption(r: OptionReader, f: FlagSpec): EngineOptionValue | undefined {
  const key = configKeyOf(f);
  const min = f.min ?? Number.MIN_SAFE_INTEGER;
  const max = f.max ?? Number.MAX_SAFE_INTEGER;
  switch (f.type) {
    case 'int':
      return r.int(key, min, max);
    case 'ints':
      return r.ints(key, min, max);
    case 'duration':
      return r.duration(key, f.min ?? 0);
    case 'boolean':
      return r.bool(key);
    default:
      return r.string(key);
  }
}

/**
 * What the engine cannot run, against what the run asks: arrival rates and capacity searches need
 * the open model; a scenario it cannot check is refused when the user named it, and left out of the
 * default suite with a warning. Returns the scenarios that remain.
 */
export function applyEngineSupport(
  r: OptionReader,
  engine: string,
  asked: { rates: number[]; slo: boolean; scenarios: string[]; scenariosNamed: boolean },
  catalog: ScenarioDef[],
): string[] {
  const d: EngineDescriptor | undefined = engineById(engine);
  if (!d) return asked.scenarios;
  if (!d.supports.openModel) {
    const flags = [asked.rates.length > 0 ? '--rate' : '', asked.slo ? '--slo' : ''].filter(Boolean);
    if (flags.length)
      r.problems.push(
        `${flags.join(' and ')}: the ${engine} engine runs the closed model only (C connections); arrival rates and capacity searches need --engine undici`,
      );
  }
  const kept: string[] = [];
  for (const id of asked.scenarios) {
    const s = catalog.find((x) => x.id === id);
    const why = s ? unsupported(d, s) : null;
    if (!why) kept.push(id);
    else if (asked.scenariosNamed) r.problems.push(`--scenarios: ${why}`);
    else r.warnings.push(`--engine ${engine}: scenario "${id}" is left out of the default suite: ${why}`);
  }
  return kept;
}

function unsupported(d: EngineDescriptor, s: ScenarioDef): string | null {
  if (s.bodyTiming && !d.supports.bodyTiming)
    return `scenario "${s.id}" times each body piece as it arrives, which the ${d.id} engine does not; run it with --engine undici`;
  return d.scenarioSupport?.(s) ?? null;
}
