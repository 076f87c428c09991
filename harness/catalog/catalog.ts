// The built-in catalog: every target file in servers/targets/ (each exports arrays of definitions)
// and the built-in scenarios, loaded by path so that a new family is a new file, not an import here.
import fs from 'node:fs';
import path from 'node:path';
import { builtinScenarios } from '../../scenarios/index.js';
import type { Catalog } from '../types.js';
import type { TargetDef } from '../types.js';
import { CODE_EXT, CODE_ROOT, PACKAGE_ROOT } from '../package-root.js';

/** Built-in targets: each servers/targets/<family>.ts exports an array of definitions. */
export async function builtinTargets(): Promise<TargetDef[]> {
  const dir = path.join(CODE_ROOT, 'servers/targets');
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => /^[a-z0-9-]+\.[jt]s$/.test(f) && f.endsWith(CODE_EXT))
        .sort()
    : [];
  const out: TargetDef[] = [];
  for (const f of files) {
    const mod = (await import(path.join(dir, f))) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      if (Array.isArray(value)) for (const t of value as TargetDef[]) out.push({ ...t, source: 'built-in' });
    }
  }
  return out;
}

export async function builtinCatalog(): Promise<Catalog> {
  return { targets: await builtinTargets(), scenarios: builtinScenarios };
}
