// `asyncbench --version`: this package's version and the versions of what a run will use: Node and
// the embedded engine's HTTP client, each target family's stack and each engine's (read the same
// way as a run's provenance, so the two cannot disagree), and what is missing with how to make it.
import fs from 'node:fs';
import path from 'node:path';
import { collectProvenance } from '../results/provenance.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { ENGINES } from '../load/engines.js';
import { targetFamilies } from '../../servers/targets/families.js';
import type { TargetFamily } from '../types.js';

export interface Versions {
  asyncbench: string;
  /** Every component by package name (provenance.versions); null: not installed. */
  components: Record<string, string | null>;
}

export function collectVersions(root = PACKAGE_ROOT): Versions {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const engineVersions = Object.assign({}, ...ENGINES.map((e) => ('versions' in e ? e.versions() : {}))) as Record<string, string | null>;
  return { asyncbench: pkg.version, components: collectProvenance(root, undefined, { engineVersions }).versions };
}

/** Pure: the lines --version prints; `missing` are the families' environments that are not there (what, and the hint). */
export function formatVersions(v: Versions, missing: Array<{ what: string; hint: string; needs: string }>): string {
  const width = Math.max(11, ...Object.keys(v.components).map((k) => k.length + 1));
  const lines = [`asyncbench ${v.asyncbench}`, ...Object.entries(v.components).map(([k, x]) => `  ${k.padEnd(width)} ${x ?? 'not installed'}`)];
  for (const m of missing) lines.push(`  (${m.what} is missing: ${m.needs} need it; ${m.hint})`);
  return lines.join('\n');
}

/** The families' environments that are missing here, each with who needs it. */
export function missingEnvironments(families: Readonly<Record<string, TargetFamily>> = targetFamilies) {
  return Object.values(families).flatMap((f) =>
    f.environment && !f.environment.ready() ? [{ what: f.environment.what, hint: f.environment.hint(), needs: `the ${f.id} targets` }] : [],
  );
}

export function renderVersion(root = PACKAGE_ROOT): string {
  return formatVersions(collectVersions(root), missingEnvironments());
}
