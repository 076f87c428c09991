// The PostgreSQL tests' guard (a skip on a developer's machine, a failure with the reason under
// CI=true, where `npm run setup` installs PostgreSQL), and the throwaway cluster on a shared
// machine: another local user (the real `nobody` account) cannot reach it, and a SIGKILLed harness
// leaves nothing that the next run does not stop and remove.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scanGroup } from '../host/proc-tree.js';
import { PROJECT_ROOT } from '../testing/fixtures.js';
import { cleanStaleServers } from '../launcher/stale.js';
import { findPostgresBin, skipWithoutPostgres, startThrowawayPostgres } from './postgres.js';
import { removeLeftoverClusters } from './pg-leftovers.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('PostgreSQL for tests', () => {
  it('fails under CI=true, naming the reason, and skips with the reason elsewhere', () => {
    const ctx = { skip: vi.fn() };
    vi.stubEnv('CI', 'true');
    expect(() => skipWithoutPostgres(ctx, 'initdb failed (x)')).toThrow(/PostgreSQL is required under CI=true .*: initdb failed \(x\)/);
    expect(ctx.skip).not.toHaveBeenCalled();
    vi.stubEnv('CI', '');
    skipWithoutPostgres(ctx, 'not installed');
    expect(ctx.skip).toHaveBeenCalledWith('PostgreSQL unavailable: not installed');
  });

  it('starts and stops a throwaway cluster (as the postgres user when we are root)', async (ctx) => {
    vi.stubEnv('DATABASE_URL', '');
    const pg = await startThrowawayPostgres();
    if ('skipped' in pg) return skipWithoutPostgres(ctx, pg.skipped);
    try {
      expect(findPostgresBin()).not.toBeNull();
      expect(pg.url).toMatch(/^postgres:\/\/asyncbench:[0-9a-f]{48}@localhost\/asyncbench\?host=%2F.+%2Fsock$/);
    } finally {
      await pg.stop();
    }
  });
});

/** psql as `user` (runuser for another account), without a password prompt. */
function psql(url: URL, opts: { user?: string; password?: string; host?: string; port?: string }): { status: number | null; out: string } {
  const bin = path.join(findPostgresBin()!, 'psql');
  const args = [
    '-h',
    opts.host ?? url.searchParams.get('host') ?? url.hostname,
    '-p',
    opts.port ?? (url.port || '5432'),
    '-U',
    'asyncbench',
    '-d',
    'asyncbench',
    '-w',
  ];
  // A program that reads what COPY writes: one that exits first makes the write fail (a broken pipe).
  const sql = ['-c', "COPY (SELECT 1) TO PROGRAM 'cat > /dev/null'"];
  const env = { ...process.env, PGPASSWORD: opts.password ?? '' };
  const r = opts.user
    ? spawnSync('runuser', ['-u', opts.user, '--', 'env', `PGPASSWORD=${opts.password ?? ''}`, bin, ...args, ...sql], { encoding: 'utf8' })
    : spawnSync(bin, [...args, ...sql], { encoding: 'utf8', env });
  if (r.error) throw r.error;
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('the throwaway cluster on a shared machine', () => {
  it('another local user reaches neither a TCP port nor the socket; we need the password', async (ctx) => {
    vi.stubEnv('DATABASE_URL', '');
    const pg = await startThrowawayPostgres();
    if ('skipped' in pg) return skipWithoutPostgres(ctx, pg.skipped);
    try {
      const url = new URL(pg.url);
      // Where the URL points, with the password too: the socket's folder is closed to others.
      const other = psql(url, { user: 'nobody', password: decodeURIComponent(url.password) });
      expect(other.status, other.out).toBe(2);
      expect(other.out).toContain('Permission denied');
      // No TCP listener at all (trust on 127.0.0.1 let any local user in as superuser).
      expect(url.hostname).toBe('localhost');
      expect(psql(url, { user: 'nobody', host: '127.0.0.1' })).toMatchObject({ status: 2 });
      const noPassword = psql(url, {});
      expect(noPassword.status, noPassword.out).toBe(2);
      expect(noPassword.out).toMatch(/password/);
      expect(psql(url, { password: decodeURIComponent(url.password) })).toMatchObject({ status: 0, out: 'COPY 1\n' });
    } finally {
      await pg.stop();
    }
  }, 60_000);

  it('after a SIGKILL of its harness, the next run stops the cluster and the next cluster removes its folder', async (ctx) => {
    if (!findPostgresBin()) return skipWithoutPostgres(ctx, 'not installed');
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-pg-kill-'));
    const state = path.join(root, 'state');
    const run = path.join(root, 'reports', 'run');
    fs.mkdirSync(run, { recursive: true });
    // A harness: the pid file set, the cluster started, then it waits to be killed.
    const script = path.join(root, 'harness.mts');
    const src = (m: string) => JSON.stringify(path.join(PROJECT_ROOT, m));
    fs.writeFileSync(
      script,
      `import { setPidFile } from ${src('harness/host/children.ts')};\n` +
        `import { startThrowawayPostgres } from ${src('harness/database/postgres.ts')};\n` +
        `setPidFile(${JSON.stringify(path.join(run, 'servers.pid.json'))});\n` +
        `const pg = await startThrowawayPostgres();\nconsole.log(JSON.stringify(pg));\nsetInterval(() => {}, 1000);\n`,
    );
    const env = { ...process.env, ASYNCBENCH_STATE_DIR: state, DATABASE_URL: '' };
    const harness = spawn(process.execPath, ['--import', 'tsx', script], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    harness.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    for (let i = 0; i < 600 && !out.includes('\n'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain('"url"');
    const [listed] = JSON.parse(fs.readFileSync(path.join(run, 'servers.pid.json'), 'utf8')) as Array<{ pgid: number; label: string }>;
    expect(listed?.label).toBe('postgres');
    const folder = (new URL(JSON.parse(out).url).searchParams.get('host') as string).replace(/\/sock$/, '');
    harness.kill('SIGKILL');
    await new Promise((r) => harness.once('exit', r));
    try {
      expect(scanGroup(listed!.pgid).length).toBeGreaterThan(0); // nothing could stop it
      vi.stubEnv('ASYNCBENCH_STATE_DIR', state);
      const log: string[] = [];
      expect(cleanStaleServers(path.dirname(run), (m) => log.push(m))).toBe(1);
      expect(log[0]).toMatch(new RegExp(`^stopped postgres \\(process group ${listed!.pgid}\\) left running by an earlier run`));
      expect(scanGroup(listed!.pgid)).toEqual([]);
      expect(fs.existsSync(folder)).toBe(true);
      expect(removeLeftoverClusters()).toBeGreaterThanOrEqual(1);
      expect(fs.existsSync(folder)).toBe(false);
    } finally {
      try {
        process.kill(-listed!.pgid, 'SIGKILL');
      } catch {
        // stopped
      }
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 90_000);
});
