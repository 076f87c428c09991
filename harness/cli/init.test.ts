// `--init`'s starter config, run as a new user runs it (issue 23): written into a real Django
// project (`django-admin startproject myproject`), with the venv's gunicorn and uvicorn-worker as
// its .venv, and a small Node server.js; every target it launches must come up through the
// harness: setup (migrate), launch, readiness on the default path (the project has no /health).
// ASYNCBENCH_STARTER_VENVS (colon-separated venv folders) runs it against other versions too,
// e.g. one with gunicorn 23, which refused the old starter's --no-control-socket.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadCatalog } from '../catalog/load-catalog.js';
import { readConfigFile } from '../config/config-file.js';
import { launchTarget } from '../launcher/launcher.js';
import { runTargetSetups } from '../launcher/setup-commands.js';
import { freePort } from '../host/ports.js';
import { httpRequest } from '../launcher/http-get.js';
import { PROJECT_ROOT } from '../testing/fixtures.js';
import { groupPidsOf } from '../host/proc-tree.js';
import type { LaunchedTargetDef } from '../types.js';
import { writeStarterConfig } from './init.js';

const PROJECT_VENV = path.join(PROJECT_ROOT, 'servers/django/.venv');
const venvs = [PROJECT_VENV, ...(process.env.ASYNCBENCH_STARTER_VENVS ?? '').split(':').filter(Boolean)];

const SERVER_JS = `const http = require('node:http');
http.createServer((req, res) => res.end(JSON.stringify({ path: req.url, pid: process.pid }))).listen(Number(process.env.PORT), '127.0.0.1');
`;

/** A fresh folder as a user has it: a Django project, its venv at .venv, a server.js, and the starter written by --init. */
function userProject(venv: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-init-'));
  execFileSync(path.join(venv, 'bin/django-admin'), ['startproject', 'myproject', dir]);
  fs.symlinkSync(venv, path.join(dir, '.venv'));
  fs.writeFileSync(path.join(dir, 'server.js'), SERVER_JS);
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    expect(writeStarterConfig(path.join(dir, 'bench.config.json'))).toBe(0);
  } finally {
    write.mockRestore();
  }
  return dir;
}

describe.skipIf(!fs.existsSync(path.join(PROJECT_VENV, 'bin/gunicorn')))('the --init starter config', () => {
  for (const venv of venvs) {
    const version = execFileSync(path.join(venv, 'bin/gunicorn'), ['--version'], { encoding: 'utf8' }).trim();
    it(`launches every starter target of a startproject app until it is ready (${version}, uvicorn-worker)`, async () => {
      const dir = userProject(venv);
      const catalog = await loadCatalog(readConfigFile(path.join(dir, 'bench.config.json')));
      const starter = catalog.targets.filter((t): t is LaunchedTargetDef => t.kind === 'launch' && t.source === 'bench.config.json');
      expect(starter.map((t) => t.name)).toEqual(['myapp-wsgi-sync', 'myapp-asgi-uvicorn', 'myapp-node']);
      const logDir = path.join(dir, 'logs');
      await runTargetSetups(
        starter.map((t) => ({ target: t.name })),
        catalog.targets,
        { projectRoot: dir, logDir, info: () => {} },
      );
      for (const def of starter) {
        // No /health in a startproject app: the default is the first scenario's path, any status below 500.
        expect(def.readiness).toMatchObject({ accept: 'non5xx' });
        expect(def.readiness.path).toMatch(/^\/books\/\d+$/);
        const server = await launchTarget({
          def,
          workers: 2,
          threads: 2,
          port: await freePort(),
          logFile: path.join(logDir, `${def.name}.log`),
          readinessTimeoutMs: 30_000,
          projectRoot: dir,
        });
        try {
          const res = await httpRequest(server.url + def.readiness.path);
          expect(res.status, `${def.name}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
        } finally {
          await server.stop();
        }
        expect(groupPidsOf(server.pgid), `${def.name} left processes behind`).toEqual([]);
      }
    }, 120_000);
  }
});
