import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Provenance } from '../types.js';

function tryRun(cmd: string, args: string[], cwd?: string): string | null {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

/** Versions of the Python stack, read from the Django venv in one call. */
function pythonVersions(projectRoot: string): Record<string, string | null> {
  const py = path.join(projectRoot, 'servers/django/.venv/bin/python');
  const none = { python: null, django: null, gunicorn: null, uvicorn: null };
  if (!fs.existsSync(py)) return none;
  const script =
    'import json,sys,importlib.metadata as m\n' +
    'def v(n):\n try: return m.version(n)\n except Exception: return None\n' +
    'print(json.dumps({"python": sys.version.split()[0], "django": v("django"), "gunicorn": v("gunicorn"), "uvicorn": v("uvicorn")}))';
  const out = tryRun(py, ['-c', script]);
  try {
    return out ? (JSON.parse(out) as Record<string, string | null>) : none;
  } catch {
    return none;
  }
}

export function collectProvenance(projectRoot: string): Provenance {
  const require = createRequire(import.meta.url);
  const autocannonPkg = require('autocannon/package.json') as { version: string };
  const cpus = os.cpus();
  const cores = os.availableParallelism?.() ?? cpus.length;
  const py = pythonVersions(projectRoot);
  return {
    node: process.version,
    python: py.python ?? null,
    django: py.django ?? null,
    gunicorn: py.gunicorn ?? null,
    uvicorn: py.uvicorn ?? null,
    autocannon: autocannonPkg.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    gitCommit: tryRun('git', ['rev-parse', '--short', 'HEAD'], projectRoot),
    sharedCores: `the load generator and the servers share this machine's ${cores} cores`,
    loadModel: 'closed: each connection sends its next request when the previous answer arrives (autocannon, no rate cap, pipelining 1)',
    keepAlive: 'HTTP/1.1 keep-alive requested; each cell records whether the server kept connections open',
  };
}
