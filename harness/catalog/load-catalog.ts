// What a run can choose from: the built-in catalog plus the targets and scenarios a config file
// declares, each parsed with every problem named, and names that clash with a built-in refused with
// the way out.
import path from 'node:path';
import type { LoadedConfig } from '../config/config-file.js';
import type { Catalog } from '../types.js';
import { parseUserScenario } from '../../scenarios/user-scenarios.js';
import { parseUserTarget } from '../config/user-targets.js';
import { BenchError, ExitCode } from '../errors.js';
import type { ScenarioDef, TargetDef } from '../types.js';
import { builtinCatalog } from './catalog.js';
import { userCommand } from '../package-root.js';
import { applyReadinessDefaults } from './readiness-default.js';

/**
 * Built-in targets and scenarios, plus those a config file defines. In a config, `targets` and
 * `scenarios` mix names of built-in ones with objects that declare new ones. A config that declares
 * any selects exactly what it lists (unless --targets/--scenarios say otherwise).
 */
export async function loadCatalog(
  config: LoadedConfig | null,
  opts: { allowRemote?: boolean } = {},
): Promise<Catalog & { selected: { targets?: string[]; scenarios?: string[] } }> {
  const builtin = await builtinCatalog();
  if (!config) return { ...builtin, selected: {} };
  const problems: string[] = [];
  const baseDir = path.dirname(config.path);
  const source = path.basename(config.path);
  const allowRemote = opts.allowRemote ?? config.values.allowRemote === true;
  const targets: TargetDef[] = [...builtin.targets];
  const scenarios: ScenarioDef[] = [...builtin.scenarios];
  const selected: { targets?: string[]; scenarios?: string[] } = {};

  const list = (key: 'targets' | 'scenarios') => {
    const v = config.values[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      problems.push(`${key}: expected an array of names and/or ${key === 'targets' ? 'target' : 'scenario'} objects`);
      return [];
    }
    return v as unknown[];
  };
  const add = <T extends { source?: string }>(into: T[], item: T, name: string, at: string, nameOf: (x: T) => string) => {
    const clash = into.find((x) => nameOf(x) === name);
    if (clash) problems.push(`${at}.name: ${clashMessage(name, clash.source === 'built-in', at.startsWith('targets') ? 'target' : 'scenario')}`);
    else into.push(item);
  };

  selected.targets = list('targets').map((raw, i) => {
    if (typeof raw === 'string') return raw;
    const t = parseUserTarget(raw, `targets[${i}]`, baseDir, source, { allowRemote }, problems);
    if (t) add(targets, t, t.name, `targets[${i}]`, (x) => x.name);
    return t?.name ?? String((raw as { name?: unknown })?.name ?? `targets[${i}]`);
  });
  selected.scenarios = list('scenarios').map((raw, i) => {
    if (typeof raw === 'string') return raw;
    const s = parseUserScenario(raw, `scenarios[${i}]`, source, problems);
    if (s) add(scenarios, s, s.id, `scenarios[${i}]`, (x) => x.id);
    return s?.id ?? String((raw as { name?: unknown })?.name ?? `scenarios[${i}]`);
  });
  if (problems.length > 0) {
    throw new BenchError('config-invalid', `${config.path}: ${problems.length} problem${problems.length > 1 ? 's' : ''}`, {
      problems,
      hint: `fix the keys named above; \`${userCommand('bench', '--init')}\` writes a commented example, and harness/config/config.schema.json gives editors completion`,
      exitCode: ExitCode.usage,
    });
  }
  const ready = applyReadinessDefaults(targets, scenarios, selected.scenarios);
  if (selected.targets.length === 0) delete selected.targets;
  if (selected.scenarios.length === 0) delete selected.scenarios;
  return { targets: ready, scenarios, selected };
}

/**
 * A config name that a built-in already has: built-in and config names share one namespace (the
 * --targets and --scenarios lists name either), so the message says how to name it instead (issue 23:
 * a user's `db` scenario met the built-in db).
 */
export function clashMessage(name: string, builtin: boolean, kind: 'target' | 'scenario'): string {
  if (!builtin) return `"${name}" is declared twice; give each ${kind} its own name`;
  return (
    `"${name}" is the name of a built-in ${kind}, and --${kind}s names either kind: name yours "app-${name}" (or any name --list does not show), ` +
    `or write the string "${name}" in ${kind}s to run the built-in one`
  );
}
