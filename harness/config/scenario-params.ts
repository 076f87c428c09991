// `--param sleep.ms=200` (repeatable) and `"params": {"sleep": {"ms": 200}}`: scenario parameters
// checked against each scenario's declared specs (type, range, choices) before anything starts.
import type { Params, ScenarioDef } from '../types.js';
import type { OptionReader } from './option-values.js';
import { unknownNameMessage } from './suggest.js';

/** `sleep.ms=200` strings (CLI) or `{ sleep: { ms: 200 } }` (config), checked against each scenario's specs. */
export function scenarioParams(r: OptionReader, scenarios: ScenarioDef[]): Record<string, Params> {
  const out: Record<string, Params> = {};
  const p = r.pick('params');
  const problems = r.problems;
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
