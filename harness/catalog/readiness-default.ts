// Readiness for a config target that names no readiness path (issue 23): most apps have no /health,
// so such a target is ready once its first scenario's path answers with any status below 500 (or
// `/` when it runs no scenario of the config), and the run says which path it used.
import type { ScenarioDef, TargetDef, TargetReadiness } from '../types.js';
import { readinessWants, UNSET_READINESS_PATH } from '../launcher/readiness.js';

/** The default params of a scenario, so its first request's path can be built without a run. */
function defaultParams(s: ScenarioDef): Record<string, number | string | boolean> {
  return Object.fromEntries(Object.entries(s.params).map(([k, p]) => [k, p.default]));
}

/**
 * Every target whose readiness path is unset gets the path of the first scenario it serves among
 * `scenarioIds` (the config's order), its placeholders filled as its first request would, or `/`.
 */
export function applyReadinessDefaults(targets: TargetDef[], scenarios: ScenarioDef[], scenarioIds: string[]): TargetDef[] {
  return targets.map((t) => {
    if (t.readiness.path !== UNSET_READINESS_PATH) return t;
    const first = scenarioIds
      .filter((id) => !t.scenarios || t.scenarios.includes(id))
      .map((id) => scenarios.find((s) => s.id === id))
      .find((s): s is ScenarioDef => s !== undefined);
    const req = first?.request(defaultParams(first), {});
    const readiness: TargetReadiness = {
      ...t.readiness,
      path: req?.path ?? '/',
      accept: 'non5xx',
      chosen: first
        ? `the first scenario's path (${first.id}), as no readiness.path was set`
        : 'no readiness.path was set and no scenario of the config runs on it',
    };
    return { ...t, readiness };
  });
}

/** The terminal line for a target whose readiness the run chose; null when the config named it. */
export function readinessNote(t: TargetDef): string | null {
  const r = t.readiness;
  if (!r.chosen) return null;
  return `${t.name}: ready when GET ${r.path} answers ${readinessWants(r)} (${r.chosen}; set "readiness": {"path": ...} to choose)`;
}
