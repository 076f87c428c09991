// A throwaway PostgreSQL cluster for the Django targets' postgres variants: initdb into a temp dir,
// start it on a unix socket in a folder only we (and the server's own user) may enter, with a
// random password and no TCP port, create one database, and remove everything on stop(). With
// trust on 127.0.0.1, any local user was its superuser and ran programs as its user (issue 22
// item 1). DATABASE_URL, when set, wins: the user's own server is used and nothing is started.
import { spawn, type SpawnOptions } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { registerGroup, stopGroup, unregisterGroup } from '../host/children.js';
import { identify } from '../host/identity.js';
import { clusterDirPrefix, removeLeftoverClusters } from './pg-leftovers.js';

export type ThrowawayPostgres = { url: string; stop(): Promise<void> } | { skipped: string };

const DB_NAME = 'asyncbench';
const SUPERUSER = 'asyncbench';
// Sized for ~200 client connections (benchmark connections × workers, without a pool) plus reserve.
const MAX_CONNECTIONS = 250;
// The socket's name only (.s.PGSQL.5432): there is no TCP port, and the folder is the cluster's own.
const PORT = 5432;
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

async function waitReady(binDir: string, sockDir: string, exited: () => boolean, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited()) {
    const r = await run(path.join(binDir, 'pg_isready'), ['-h', sockDir, '-p', String(PORT), '-U', SUPERUSER, '-d', 'postgres', '-q'], {});
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
  removeLeftoverClusters();
  const d = clusterDirs(as, opts.logDir);
  const ids: SpawnOptions = as ? { uid: as.uid, gid: as.gid, env: { ...process.env, HOME: d.root, USER: as.name } } : {};
  const cleanup = () => fs.rmSync(d.root, { recursive: true, force: true });
  // A password no one else knows (scram), on a socket in a folder no one else may enter, and no TCP
  // port: another local user can neither reach the superuser nor run programs as the server's user.
  const password = crypto.randomBytes(24).toString('hex');
  const init = await initCluster(binDir, d, password, as, ids);
  if (init.code !== 0) {
    cleanup();
    return { skipped: `initdb failed (${init.output.trim().split('\n').slice(-2).join(' ')}); set DATABASE_URL to use your own server` };
  }
  const server = launchServer(binDir, d, as, ids);
  const stop = async (): Promise<void> => {
    await server.stop();
    cleanup();
  };
  if (!(await waitReady(binDir, d.sock, () => server.exited))) {
    const tail = fs.existsSync(d.log) ? fs.readFileSync(d.log, 'utf8').trim().split('\n').slice(-3).join(' ') : '';
    await stop();
    return { skipped: `the throwaway PostgreSQL did not start (${tail || 'no log'}); set DATABASE_URL to use your own server` };
  }
  const created = await run(path.join(binDir, 'createdb'), ['-h', d.sock, '-p', String(PORT), '-U', SUPERUSER, DB_NAME], {
    env: { ...process.env, PGPASSWORD: password },
  });
  if (created.code !== 0) {
    await stop();
    return { skipped: `createdb failed: ${created.output.trim()}` };
  }
  // libpq and Django take the socket folder from ?host= (it wins over the URL's host, there for URL parsers that need one).
  return { url: `postgres://${SUPERUSER}:${password}@localhost/${DB_NAME}?host=${encodeURIComponent(d.sock)}`, stop };
}

interface ClusterDirs {
  /** Ours (0700, or 0711 so the server's own user may pass through to its folders). */
  root: string;
  data: string;
  sock: string;
  log: string;
}

/** The cluster's folders, named after this harness so a later run can tell a leftover (pg-leftovers.ts). */
function clusterDirs(as: RunAs | null, logDir?: string): ClusterDirs {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), clusterDirPrefix()));
  const data = path.join(root, 'data');
  const sock = path.join(root, 'sock');
  for (const p of [data, sock]) fs.mkdirSync(p, { mode: 0o700 });
  if (logDir) fs.mkdirSync(logDir, { recursive: true });
  const log = logDir ? path.join(logDir, 'postgres.log') : path.join(root, 'postgres.log');
  fs.chmodSync(root, as ? 0o711 : 0o700);
  if (as) for (const p of [data, sock]) fs.chownSync(p, as.uid, as.gid);
  return { root, data, sock, log };
}

/** initdb with scram-sha-256 for every connection and the superuser's password from a file removed at once. */
async function initCluster(
  binDir: string,
  d: ClusterDirs,
  password: string,
  as: RunAs | null,
  ids: SpawnOptions,
): Promise<{ code: number | null; output: string }> {
  const pwfile = path.join(d.sock, 'pw');
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (as) fs.chownSync(pwfile, as.uid, as.gid);
  const args = ['-D', d.data, '-U', SUPERUSER, '--auth=scram-sha-256', `--pwfile=${pwfile}`, '--encoding=UTF8', '--no-locale', '--no-sync'];
  try {
    return await run(path.join(binDir, 'initdb'), args, ids);
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

/**
 * The postmaster: argv, no shell; its own process group, registered with its identity so the
 * harness's exit stops it and a later run stops it after a SIGKILL (stale.ts). Durability is off:
 * the cluster is deleted on stop, and it only ever holds the seed.
 */
function launchServer(binDir: string, d: ClusterDirs, as: RunAs | null, ids: SpawnOptions): { readonly exited: boolean; stop(): Promise<void> } {
  const logFd = fs.openSync(d.log, 'a');
  if (as) fs.fchownSync(logFd, as.uid, as.gid);
  const bin = path.join(binDir, 'postgres');
  const args = [
    '-D',
    d.data,
    '-p',
    String(PORT),
    '-k',
    d.sock,
    '-c',
    'listen_addresses=',
    '-c',
    'unix_socket_permissions=0700',
    '-c',
    `max_connections=${MAX_CONNECTIONS}`,
  ];
  const server = spawn(bin, [...args, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'], {
    ...ids,
    detached: true,
    stdio: ['ignore', logFd, logFd],
  });
  fs.closeSync(logFd);
  let exited = false;
  const exit = new Promise<void>((resolve) => server.once('exit', () => ((exited = true), resolve())));
  server.once('error', () => (exited = true));
  const pid = server.pid;
  if (pid) registerGroup({ pgid: pid, label: 'postgres', command: [bin, ...args], identity: identify(pid, bin, d.root) });
  const stop = async (): Promise<void> => {
    // SIGINT is PostgreSQL's fast shutdown: backends are ended, no waiting for clients.
    if (!exited && pid) await stopGroup(pid, 'SIGINT', 10_000);
    else if (pid) unregisterGroup(pid);
    await exit;
  };
  return {
    get exited() {
      return exited;
    },
    stop,
  };
}
