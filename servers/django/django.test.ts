// The Django reference servers: Django's own tests through the venv, then every target launched for
// real (setup commands, 2 workers, own process group), checked with the scenarios' own per-response
// checks, stopped, and confirmed gone from the process table.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest } from '../../harness/launcher/http-get.js';
import { freePort } from '../../harness/host/ports.js';
import { skipWithoutPostgres, startThrowawayPostgres, type ThrowawayPostgres } from '../../harness/database/postgres.js';
import type { LaunchedTargetDef } from '../../harness/types.js';
import { builtinScenarios } from '../../scenarios/index.js';
import { DJANGO_DIR, DJANGO_PYTHON, djangoDbEnv, djangoTargets } from '../targets/django.js';

const venvReady = fs.existsSync(DJANGO_PYTHON);
const scenario = (id: string) => builtinScenarios.find((s) => s.id === id)!;

function manage(args: string[], env: Record<string, string> = {}): { status: number | null; output: string } {
  const r = spawnSync(DJANGO_PYTHON, ['manage.py', ...args], { cwd: DJANGO_DIR, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** Live (non-zombie) processes of a process group, from `ps`, not from our own bookkeeping. */
function groupProcesses(pgid: number): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => {
      const [, g, stat] = l.split(/\s+/);
      return Number(g) === pgid && !stat?.startsWith('Z');
    });
}

interface Launched {
  pgid: number;
  url: string;
  log: string;
  stop(): Promise<string[]>;
}

function runSetup(def: LaunchedTargetDef, env: Record<string, string>): void {
  for (const argv of def.setup ?? []) {
    const r = spawnSync(argv[0]!, argv.slice(1), { cwd: def.cwd, env: { ...process.env, ...def.env, ...env }, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, `${argv.join(' ')}\n${r.stdout}${r.stderr}`).toBe(0);
  }
}

async function launch(def: LaunchedTargetDef, env: Record<string, string> = {}): Promise<Launched> {
  const port = await freePort();
  const vars: Record<string, string> = { port: String(port), workers: '2', threads: String(def.threads ?? 4), host: '127.0.0.1' };
  const argv = def.command.map((a) => a.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m));
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'asyncbench-django-')), `${def.name}.log`);
  const fd = fs.openSync(log, 'w');
  // detached: the server leads its own process group, so one kill(-pgid) reaches master and workers.
  const child = spawn(argv[0]!, argv.slice(1), { cwd: def.cwd, env: { ...process.env, ...def.env, ...env }, detached: true, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  const pgid = child.pid!;
  let exited = false;
  const exit = new Promise<void>((r) => child.once('exit', () => ((exited = true), r())));
  const stop = async (): Promise<string[]> => {
    try {
      process.kill(-pgid, def.stop.signal);
    } catch {
      /* already gone */
    }
    const deadline = Date.now() + def.stop.graceMs + 2000;
    while (groupProcesses(pgid).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await Promise.race([exit, new Promise((r) => setTimeout(r, 1000))]);
    return groupProcesses(pgid);
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + def.readiness.timeoutMs;
  while (Date.now() < deadline && !exited) {
    const ok = await httpRequest(url + def.readiness.path, { timeoutMs: 1000 }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return { pgid, url, log, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  const left = await stop();
  throw new Error(`${def.name} not ready (${exited ? 'exited' : 'timed out'}; ${left.length} processes left)\n${fs.readFileSync(log, 'utf8').slice(-2000)}`);
}

async function checkServes(s: Launched, def: LaunchedTargetDef, dbParams = { rows: 20, delay_ms: 50 }): Promise<void> {
  const health = JSON.parse((await httpRequest(`${s.url}/health`)).body) as Record<string, unknown>;
  expect(health).toMatchObject({ status: 'ok', server: 'django', views: def.views });
  for (const [id, params, query] of [
    ['sleep', { ms: 100 }, '/sleep?ms=100'],
    ['db', dbParams, `/db?rows=${dbParams.rows}&delay_ms=${dbParams.delay_ms}`],
  ] as const) {
    const t0 = performance.now();
    const r = await httpRequest(s.url + query, { timeoutMs: 10_000 });
    const ms = performance.now() - t0;
    expect(scenario(id).check(r.status, r.body, params, {}), `${def.name} ${query}: ${r.body.slice(0, 200)}`).toMatchObject({ ok: true });
    expect(ms).toBeGreaterThanOrEqual(id === 'sleep' ? 100 : dbParams.delay_ms);
    expect(r.headers['content-type']).toBe('application/json');
  }
}

describe.skipIf(!venvReady)('Django reference servers', () => {
  it("passes Django's own tests for both view styles (manage.py test)", () => {
    const r = manage(['test', '--noinput']);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toMatch(/Ran \d+ tests/);
  });

  it('defines the documented targets, each bound to loopback and launched from the venv', () => {
    const names = djangoTargets.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(['django-wsgi-sync', 'django-wsgi-gthread', 'django-asgi-uvicorn', 'django-asgi-syncviews', 'django-uvicorn']),
    );
    for (const t of djangoTargets) {
      expect(t.command.join(' ')).toContain('127.0.0.1');
      expect(t.command.join(' ')).toContain('{port}');
      expect(t.command.join(' ')).toContain('{workers}');
      expect(t.command[0]!.startsWith(path.join(DJANGO_DIR, '.venv', 'bin'))).toBe(true);
      expect(fs.existsSync(t.command[0]!), `${t.command[0]} (run npm run setup)`).toBe(true);
      if (t.command[0]!.endsWith('gunicorn')) expect(t.command).toContain('--no-control-socket');
    }
  });

  for (const def of djangoTargets) {
    it(`${def.name}: setup, launch with 2 workers, serve sleep and db, stop leaving no process`, async () => {
      runSetup(def, {});
      const s = await launch(def);
      try {
        await checkServes(s, def);
      } finally {
        expect(await s.stop(), `processes of ${def.name} left after stop`).toEqual([]);
      }
      fs.rmSync(path.dirname(s.log), { recursive: true, force: true });
    });
  }
});

describe.skipIf(!venvReady)('Django on PostgreSQL', () => {
  let pg: ThrowawayPostgres = { skipped: 'not started' };
  beforeAll(async () => {
    pg = await startThrowawayPostgres();
  });
  afterAll(async () => {
    if ('url' in pg) await pg.stop();
  });

  it('runs the Django tests, and serves pg_sleep queries without and with a psycopg pool', async (ctx) => {
    if ('skipped' in pg) return skipWithoutPostgres(ctx, pg.skipped);
    const tests = manage(['test', '--noinput'], djangoDbEnv(pg.url));
    expect(tests.status, tests.output).toBe(0);
    const byName = (n: string) => djangoTargets.find((t) => t.name === n)!;
    for (const [name, pool] of [
      ['django-asgi-uvicorn', 0],
      ['django-wsgi-sync', 0],
      ['django-asgi-uvicorn', 3],
    ] as const) {
      const env = djangoDbEnv(pg.url, pool);
      runSetup(byName(name), env);
      const s = await launch(byName(name), env);
      try {
        await checkServes(s, byName(name), { rows: 500, delay_ms: 120 });
      } finally {
        expect(await s.stop()).toEqual([]);
      }
      fs.rmSync(path.dirname(s.log), { recursive: true, force: true });
    }
  });
});
