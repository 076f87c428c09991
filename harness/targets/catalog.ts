import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinScenarios } from '../../scenarios/index.js';
import type { Catalog } from '../config/resolve.js';
import type { TargetDef } from '../types.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Built-in targets: each servers/targets/<family>.ts exports an array of definitions. */
export async function builtinTargets(): Promise<TargetDef[]> {
  const dir = path.join(PROJECT_ROOT, 'servers/targets');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^[a-z0-9-]+\.ts$/.test(f) && !f.endsWith('.test.ts')).sort() : [];
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
