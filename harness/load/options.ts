// An engine's own options as the engine reads them: the key each resolves under (a duration's ends
// in S: it holds seconds) and the declared defaults, so an engine called directly (tests, soak)
// sees the same values as one behind the CLI, each default written once, with its option.
import type { EngineOptionValue, EngineOptions, FlagSpec } from '../types.js';

/** The key a resolved option lives under: the config key, plus S for a duration (seconds). */
export function engineOptionKey(flag: FlagSpec): string {
  const key = flag.configKey ?? flag.name;
  return flag.type === 'duration' ? `${key}S` : key;
}

/** The given options over the declared defaults of `flags`. */
export function withDefaults(flags: readonly FlagSpec[], given: EngineOptions = {}): EngineOptions {
  const out: Record<string, EngineOptionValue> = {};
  for (const f of flags) out[engineOptionKey(f)] = f.default ?? null;
  return { ...out, ...given };
}
