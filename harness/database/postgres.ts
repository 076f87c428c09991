// A throwaway PostgreSQL cluster for the Django targets' postgres variants: initdb into a temp dir,
// start on a free loopback port, create one database, and remove everything on stop().
// DATABASE_URL, when set, wins: the user's own server is used and nothing is started.
import { spawn, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../host/ports.js';

export type ThrowawayPostgres = { url: string; stop(): Promise<void> } | { skipped: string };

const DB_NAME = 'asyncbench';
const SUPERUSER = 'asyncbench';
// Sized for ~200 client connections (benchmark connections × workers, without a pool) plus reserve.
const MAX_CONNECTIONS = 250;
const INSTALL_HINT =
  'PostgreSQL was not found (no initdb/postgres in PATH or /usr/lib/postgresql/*/bin). ' +
  'Install it (Debian: apt-get install postgresql) or set DATABASE_URL=postgres://user:pass@host:port/db to use your own server.';

interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

/** Directory holding initdb and postgres: PATH first, then the newest /usr/lib/postgresql/<v>/bin. */
export function findPostgresBin(): string | null {
  const has = (dir: string) => ['initdb', 'postgres', 'pg_isready'].every((b) => fs.existsSync(path.join(dir, b)));
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir && has(dir)) return dir;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => /^\d+(\.\d+)?$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions) if (has(path.join(root, v, 'bin'))) return path.join(root, v, 'bin');
  return null;
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` (or `nobody`) user. */
function runAsUser(): RunAs | null | 'none-found' {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const passwd = fs.existsSync('/etc/passwd') ? fs.readFileSync('/etc/passwd', 'utf8').split('\n') : [];
  for (const name of ['postgres', 'nobody']) {
    const line = passwd.find((l) => l.startsWith(`${name}:`));
    const f = line?.split(':');
    if (f && f[2] && f[3]) return { name, uid: Number(f[2]), gid: Number(f[3]) };
  }
  return 'none-found';
}

function run(cmd: string, args: string[], opts: SpawnOptions): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', (e) => resolve({ code: null, output: output + e.message }));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

async function waitReady(binDir: string, port: number, exited: () => boolean, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited()) {
    const r = await run(path.join(binDir, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', SUPERUSER, '-d', 'postgres', '-q'], {});
    if (r.code === 0) return true;
    await new Promise((res) => setTimeout(res, 150));
  }
  return false;
}

/**
 * For tests that need PostgreSQL: without it they skip on a developer's machine, but under CI=true
 * (.ci/run, after `npm run setup` installed it) a skip would hide the gap, so they fail, saying why.
 */
export function skipWithoutPostgres(ctx: { skip: (note?: string) => void }, reason: string): void {
  if (process.env.CI === 'true') throw new Error(`PostgreSQL is required under CI=true (npm run setup installs it), but: ${reason}`);
  ctx.skip(`PostgreSQL unavailable: ${reason}`);
}

export async function startThrowawayPostgres(opts: { logDir?: string } = {}): Promise<ThrowawayPostgres> {
  const given = process.env.DATABASE_URL?.trim();
  if (given) return { url: given, stop: async () => {} };

  const binDir = findPostgresBin();
  if (!binDir) return { skipped: INSTALL_HINT };
  const as = runAsUser();
  if (as === 'none-found') {
    return {
      skipped: 'running as root, and PostgreSQL refuses to run as root: create a `postgres` user (useradd postgres), run as a normal user, or set DATABASE_URL',
    };
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncbench-pg-'));
  const dataDir = path.join(dir, 'data');
  const sockDir = path.join(dir, 'sock');
  fs.mkdirSync(sockDir);
  const logFile = opts.logDir ? path.join(opts.logDir, 'postgres.log') : path.join(dir, 'postgres.log');
  if (opts.logDir) fs.mkdirSync(opts.logDir, { recursive: true });
  const ids: SpawnOptions = as ? { uid: as.uid, gid: as.gid, env: { ...process.env, HOME: dir, USER: as.name } } : {};
  if (as) {
    for (const p of [dir, sockDir]) fs.chownSync(p, as.uid, as.gid);
    fs.chmodSync(dir, 0o700);
  }
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });

  const init = await run(path.join(binDir, 'initdb'), ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'], ids);
  if (init.code !== 0) {
    cleanup();
    return { skipped: `initdb failed (${init.output.trim().split('\n').slice(-2).join(' ')}); set DATABASE_URL to use your own server` };
  }

  const port = await freePort();
  const logFd = fs.openSync(logFile, 'a');
  if (as) fs.fchownSync(logFd, as.uid, as.gid);
  // argv, no shell; its own process group so stop() reaches the postmaster and its backends.
  // Durability is off: the cluster is deleted on stop, and it only ever holds the seed.
  const server = spawn(
    path.join(binDir, 'postgres'),
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-k',
      sockDir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `max_connections=${MAX_CONNECTIONS}`,
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ],
    { ...ids, detached: true, stdio: ['ignore', logFd, logFd] },
  );
  fs.closeSync(logFd);
  let exited = false;
  const exit = new Promise<void>((resolve) => server.once('exit', () => ((exited = true), resolve())));
  server.once('error', () => (exited = true));

  const stop = async (): Promise<void> => {
    if (!exited && server.pid) {
      // SIGINT is PostgreSQL's fast shutdown: backends are ended, no waiting for clients.
      try {
        process.kill(server.pid, 'SIGINT');
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-server.pid!, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 10_000);
      await exit;
      clearTimeout(timer);
    }
    cleanup();
  };

  if (!(await waitReady(binDir, port, () => exited))) {
    const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-3).join(' ') : '';
    await stop();
    return { skipped: `the throwaway PostgreSQL did not start (${tail || 'no log'}); set DATABASE_URL to use your own server` };
  }
  const created = await run(path.join(binDir, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', SUPERUSER, DB_NAME], {});
  if (created.code !== 0) {
    await stop();
    return { skipped: `createdb failed: ${created.output.trim()}` };
  }
  return { url: `postgres://${SUPERUSER}@127.0.0.1:${port}/${DB_NAME}`, stop };
}
