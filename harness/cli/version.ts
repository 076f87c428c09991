// `asyncbench --version`: this package's version and the versions of what a run will use: the
// load generator's libraries, Node, and the Python stack in the Django venv (read the same way as a
// run's provenance, so the two cannot disagree).
import fs from 'node:fs';
import path from 'node:path';
import { venvHint } from '../host/python-venv.js';
import { collectProvenance } from '../results/provenance.js';
import { PACKAGE_ROOT } from '../package-root.js';

export interface Versions {
  asyncbench: string;
  node: string;
  undici: string;
  autocannon: string;
  python: string | null;
  django: string | null;
  gunicorn: string | null;
  uvicorn: string | null;
}

export function collectVersions(root = PACKAGE_ROOT): Versions {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const p = collectProvenance(root);
  return {
    asyncbench: pkg.version,
    node: p.node,
    undici: p.undici ?? 'unknown',
    autocannon: p.autocannon,
    python: p.python,
    django: p.django,
    gunicorn: p.gunicorn,
    uvicorn: p.uvicorn,
  };
}

/** Pure: the lines --version prints. `setupHint` says how to create the venv when it is missing. */
export function formatVersions(v: Versions, venv: string, setupHint: string): string {
  const row = (name: string, value: string | null) => `  ${name.padEnd(11)} ${value ?? 'not installed'}`;
  const lines = [
    `asyncbench ${v.asyncbench}`,
    row('node', v.node),
    row('undici', v.undici),
    row('autocannon', v.autocannon),
    row('python', v.python),
    row('django', v.django),
    row('gunicorn', v.gunicorn),
    row('uvicorn', v.uvicorn),
  ];
  if (v.python === null) lines.push(`  (no Django venv at ${venv}: the Django targets need it; ${setupHint}. The Node targets do not.)`);
  return lines.join('\n');
}

export function renderVersion(root = PACKAGE_ROOT): string {
  return formatVersions(collectVersions(root), path.join(root, 'servers', 'django', '.venv'), venvHint());
}
