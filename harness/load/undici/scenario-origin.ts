// Rebuilding a scenario inside a generator child process from its declared origin: functions do
// not cross a process boundary, so built-ins are found again by id and config scenarios re-parsed.
import { builtinScenarios } from '../../../scenarios/index.js';
import { parseUserScenario } from '../../../scenarios/user-scenarios.js';
import type { ScenarioDef } from '../../types.js';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../../package-root.js';

export type ScenarioOrigin = NonNullable<ScenarioDef['origin']>;

export function originOf(s: ScenarioDef): ScenarioOrigin {
  // A built-in imported straight from its file (scenarios/sleep.ts) is the same definition.
  if (!s.origin && builtinScenarios.some((b) => b.id === s.id && b.check === s.check)) return { kind: 'builtin', id: s.id };
  if (!s.origin) {
    throw new Error(
      `scenario "${s.id}" is defined in code only and cannot run in a generator worker process; use --loadgen-workers 1 or declare it in a config file`,
    );
  }
  return s.origin;
}

export async function scenarioFromOrigin(o: ScenarioOrigin): Promise<ScenarioDef> {
  if (o.kind === 'module') {
    const mod = (await import(pathToFileURL(path.join(PACKAGE_ROOT, o.file)).href)) as Record<string, unknown>;
    const s = mod[o.exportName] as ScenarioDef | undefined;
    if (!s || typeof s.check !== 'function') throw new Error(`${o.file} has no scenario export "${o.exportName}"`);
    return s;
  }
  if (o.kind === 'builtin') {
    const s = builtinScenarios.find((x) => x.id === o.id);
    if (!s) throw new Error(`no built-in scenario "${o.id}"`);
    return s;
  }
  const problems: string[] = [];
  const s = parseUserScenario(o.raw, 'scenario', o.source, problems);
  if (!s) throw new Error(`config scenario could not be rebuilt: ${problems.join('; ')}`);
  return s;
}
