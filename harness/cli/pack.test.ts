// The package as a user gets it: `npm pack`, installed into an empty folder from the local npm
// cache (no network), then `npx asyncbench` from there: --version, --list, and real runs against
// the built-in Node targets. What a run needs must be in the tarball and nothing may need tsx.
//
// Two shortcuts keep it offline and fast, and both are npm's ordinary machinery: the install
// reads a lockfile written from this checkout's (npm ci fetches no metadata with one, so the
// cache that `npm ci` filled suffices), and --ignore-scripts skips compiling better-sqlite3 and
// canvas a second time (minutes on 2 cores): their builds are copied from this checkout's
// node_modules, which `npm run setup` compiled for this very Node.
//
// The installed package is made read-only (chmod -R a-w) before the first run, and must be
// byte-identical after the last: every file a run creates (the seeded SQLite database, the
// sqlite-sleep extension) goes to the user's cache instead ($XDG_CACHE_HOME/asyncbench here).
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../types.js';
import { PACKAGE_ROOT } from '../package-root.js';

const NATIVE = ['better-sqlite3', 'canvas', 'sqlite3'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-pack-'));
const app = path.join(tmp, 'app');
const pkgDir = path.join(app, 'node_modules', 'asyncbench');
const cache = path.join(tmp, 'cache');
// npx takes its own flags before the command; config through the environment keeps argv the user's.
const env = {
  ...process.env,
  npm_config_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  INIT_CWD: app,
  XDG_CACHE_HOME: cache,
};

/** Every entry under `dir`: a file's sha256, a link's target, or a folder; links are not followed. */
function treeDigest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of (fs.readdirSync(dir, { recursive: true }) as string[]).map(String).sort()) {
    const p = path.join(dir, rel);
    const st = fs.lstatSync(p);
    out[rel] = st.isSymbolicLink()
      ? `link ${fs.readlinkSync(p)}`
      : st.isDirectory()
        ? 'dir'
        : crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
  }
  return out;
}
let installedDigest: Record<string, string> = {};

function sh(cmd: string, args: string[], opts: SpawnSyncOptions = {}): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, timeout: 180_000, ...opts });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** The app's lockfile: asyncbench from the tarball, its dependencies as this checkout locked them. */
function writeAppLock(tarball: string): void {
  const lock = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; link?: boolean; version?: string; resolved?: string }>;
  };
  const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    version: string;
    dependencies: Record<string, string>;
    bin: Record<string, string>;
  };
  const registry = sh('npm', ['config', 'get', 'registry']).out.trim().replace(/\/$/, '');
  const spec = `file:${path.relative(app, tarball)}`;
  const packages: Record<string, unknown> = {
    '': { name: 'app', dependencies: { asyncbench: spec } },
    'node_modules/asyncbench': { version: pkg.version, resolved: spec, dependencies: pkg.dependencies, bin: pkg.bin },
  };
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (!key.startsWith('node_modules/') || entry.dev || entry.link) continue;
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    packages[key] = { ...entry, resolved: entry.resolved ?? `${registry}/${name}/-/${name.split('/').pop()}-${entry.version}.tgz` };
  }
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, dependencies: { asyncbench: spec } }, null, 2));
  fs.writeFileSync(path.join(app, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, requires: true, packages }, null, 2));
}

const npx = (args: string[]) => sh('npx', ['asyncbench', ...args], { cwd: app });
const runDirs = () => (fs.existsSync(path.join(app, 'reports')) ? fs.readdirSync(path.join(app, 'reports')).filter((d) => d !== 'latest') : []);

beforeAll(() => {
  fs.mkdirSync(app);
  const pack = sh('npm', ['pack', '--pack-destination', tmp, '--silent'], { cwd: PACKAGE_ROOT });
  expect(pack.status, pack.out).toBe(0);
  const tarball = path.join(tmp, fs.readdirSync(tmp).find((f) => f.endsWith('.tgz')) as string);
  writeAppLock(tarball);
  const install = sh('npm', ['ci', '--ignore-scripts'], { cwd: app });
  expect(install.status, install.out).toBe(0);
  for (const m of NATIVE) {
    const version = (dir: string) => (JSON.parse(fs.readFileSync(path.join(dir, m, 'package.json'), 'utf8')) as { version: string }).version;
    expect(version(path.join(app, 'node_modules')), `${m}: the installed version must be the checkout's`).toBe(
      version(path.join(PACKAGE_ROOT, 'node_modules')),
    );
    fs.cpSync(path.join(PACKAGE_ROOT, 'node_modules', m, 'build'), path.join(app, 'node_modules', m, 'build'), { recursive: true });
  }
  installedDigest = treeDigest(pkgDir);
  expect(sh('chmod', ['-R', 'a-w', pkgDir]).status).toBe(0);
}, 300_000);

afterAll(() => {
  sh('chmod', ['-R', 'u+w', pkgDir]);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('npm pack → npx asyncbench in an empty folder', () => {
  it('carries the compiled CLI, the Node servers and the scenarios, and no tests or local data', () => {
    const pkg = path.join(app, 'node_modules', 'asyncbench');
    for (const f of [
      'dist/harness/cli/main.js',
      'dist/harness/index.d.ts',
      'dist/servers/node/main.js',
      'dist/servers/targets/node.js',
      'dist/harness/results/results.schema.json',
      'dist/harness/load/locust/driver.py',
      'servers/CONTRACT.md',
      'servers/django/requirements.txt',
      'servers/django/requirements-uwsgi.txt',
      'harness/setup/python-venv.sh',
      'scenarios/sleep.ts',
      'LICENSE',
    ]) {
      expect(fs.existsSync(path.join(pkg, f)), f).toBe(true);
    }
    const all = (fs.readdirSync(pkg, { recursive: true }) as string[]).map(String);
    expect(all.filter((f) => f.endsWith('.test.ts') || f.includes('.sqlite3') || f.includes('.venv') || f.includes('.build-stamp'))).toEqual([]);
    // Test helpers and fixtures stay home (micro's fixture results.json is a runtime input), as do run directories.
    expect(all.filter((f) => /(^|\/)(testing|load\/bench)\//.test(f) || /^reports\//.test(f))).toEqual([]);
    expect(all.filter((f) => f.includes('report/fixtures/') && !f.endsWith('fixtures/results.json'))).toEqual([]);
    expect(fs.existsSync(path.join(pkg, 'dist/harness/report/fixtures/results.json'))).toBe(true);
    expect(fs.readlinkSync(path.join(app, 'node_modules', '.bin', 'asyncbench'))).toBe('../asyncbench/dist/harness/cli/main.js');
  });

  it('exports the programmatic API: runBench, defineConfig, with types', () => {
    const r = sh(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const m = await import('asyncbench'); console.log(typeof m.runBench, typeof m.defineConfig, typeof m.loadCatalog, m.ExitCode.regression)",
      ],
      { cwd: app },
    );
    expect(r.out.trim()).toBe('function function function 5');
    const types = fs.readFileSync(path.join(app, 'node_modules', 'asyncbench', 'dist', 'harness', 'index.d.ts'), 'utf8');
    expect(types).toContain('runBench');
    expect(types).toContain("export type * from './types.js'");
  });

  it('--version and --list', () => {
    const v = npx(['--version']);
    expect(v.status, v.out).toBe(0);
    expect(v.out).toMatch(/^asyncbench \d+\.\d+\.\d+\n {2}node +v\d+/);
    expect(v.out).toMatch(/^ {2}undici +\d+\.\d+/m);
    // Installed, the hint is the package's own subcommand: the user's project has no `npm run setup`.
    expect(v.out).toContain(
      "(the project's Python venv is missing: the django targets need it; run `npx asyncbench setup` (it creates the project's Python venv inside the installed package;",
    );
    expect(v.out).not.toContain('npm run');
    const list = npx(['--list']);
    expect(list.status, list.out).toBe(0);
    expect(list.out).toContain('node-async');
    expect(list.out).toContain('sleep');
  });

  it("a 1-cell run against node-async: compiled servers, no tsx, the run in the user's reports/", () => {
    const r = npx(['--targets', 'node-async', '--scenarios', 'sleep', '--workers', '1', '--connections', '5', '--duration', '1s']);
    expect(r.status, r.out).toBe(0);
    const [dir] = runDirs();
    expect(dir).toBeDefined();
    const results = JSON.parse(fs.readFileSync(path.join(app, 'reports', dir as string, 'results.json'), 'utf8')) as Results;
    expect(results.cells).toHaveLength(1);
    expect(results.cells[0]).toMatchObject({ target: 'node-async', scenario: 'sleep', status: 'completed' });
    expect(results.cells[0]?.rps).toBeGreaterThan(0);
    const log = fs.readFileSync(path.join(app, 'reports', dir as string, 'logs', 'node-async-w1-r1.log'), 'utf8');
    expect(log).toContain('node_modules/asyncbench/dist/servers/node/main.js');
    expect(log).not.toContain('tsx');
  });

  it('without the Django venv, a run that names no targets runs the Node ones and says so', () => {
    const before = runDirs().length;
    const r = npx(['--quick', '--scenarios', 'sleep,db', '--workers', '1', '--connections', '5', '--duration', '1s', '--warmup', '200ms']);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain(
      "the project's Python venv is missing: leaving django-wsgi-sync, django-asgi-uvicorn out of the default suite (run `npx asyncbench setup`",
    );
    expect(runDirs().length).toBe(before + 1);
  });

  it("setup --help names the script it runs from the package; report --publish reads and writes the user's folders", () => {
    const setup = npx(['setup', '--help']);
    expect(setup.status, setup.out).toBe(0);
    expect(setup.out).toContain(path.join(app, 'node_modules/asyncbench/servers/django/.venv'));
    expect(fs.existsSync(path.join(app, 'node_modules/asyncbench/harness/setup/python-venv.sh'))).toBe(true);
    const site = npx(['report', '--publish', 'site', '--no-png']);
    expect(site.status, site.out).toBe(0);
    expect(site.out).toContain(`published ${runDirs().length} run(s)`);
    expect(fs.existsSync(path.join(app, 'site', 'index.html'))).toBe(true);
  });

  it("wrote nothing into the package folder: every run, report and site is in the user's folder", () => {
    const pkg = path.join(app, 'node_modules', 'asyncbench');
    for (const d of ['reports', 'site']) expect(fs.existsSync(path.join(pkg, d)), d).toBe(false);
    expect(runDirs().length).toBeGreaterThanOrEqual(2);
  });
});

describe('the installed package, read-only (chmod -R a-w), after every run above', () => {
  it("is byte-identical: the database and the sqlite-sleep build are in the user's cache", () => {
    expect(Object.keys(installedDigest).length).toBeGreaterThan(100);
    const after = treeDigest(pkgDir);
    const changed = Object.keys({ ...installedDigest, ...after }).filter((k) => installedDigest[k] !== after[k]);
    expect(changed).toEqual([]);
    expect(fs.existsSync(path.join(cache, 'asyncbench', 'node', 'books.sqlite3'))).toBe(true);
    expect(fs.readdirSync(path.join(cache, 'asyncbench', 'node', 'build')).filter((f) => /^sqlite-sleep-[0-9a-f]+\.so$/.test(f))).toHaveLength(1);
  });
});
