// Starts the real server (primary + cluster workers) for tests, on loopback, on a port the server
// picks itself: `--port 0` makes every cluster worker share one free port, and the primary prints
// it once all workers listen. No free-port race, and every test owns its process group.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { MAIN_SCRIPT, PROJECT_ROOT } from './paths.js';
import { seed } from './seed.js';

export interface Started {
  port: number;
  pgid: number;
  /** Resolves with the primary's exit code (or signal name). */
  exited: Promise<number | string>;
  output(): string;
  stop(): Promise<void>;
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: Record<string, unknown>;
  /** Client-side latency, ms. */
  ms: number;
  /** performance.now() when the response ended. */
  doneAt: number;
}

const started = new Set<Started>();

/** A seeded database in a fresh temp directory; its path is unique, so `ps` can find our servers by it. */
export function tempDb(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'asyncbench-node-')), 'books.sqlite3');
  seed(file);
  return file;
}

export function spawnServer(args: string[]): { child: ReturnType<typeof spawn>; output(): string } {
  // detached: the primary leads a new process group, so one kill(-pgid) reaches every worker.
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN_SCRIPT, '--host', '127.0.0.1', ...args], {
    cwd: PROJECT_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

export async function startServer(opts: { model: 'async' | 'sync'; workers: number; db: string; dbPool?: number }): Promise<Started> {
  const extra = opts.dbPool ? ['--db-pool', String(opts.dbPool)] : [];
  const { child, output } = spawnServer(['--model', opts.model, '--port', '0', '--workers', String(opts.workers), '--db', opts.db, ...extra]);
  const pgid = child.pid as number;
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, sig) => resolve(code ?? sig ?? -1)));
  const s: Started = { port: 0, pgid, exited, output, stop: () => stopGroup(pgid, exited) };
  started.add(s);
  const deadline = Date.now() + 30_000;
  while (s.port === 0) {
    const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output());
    if (m) s.port = Number(m[1]);
    else if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${output()}`);
    else await pause(50);
  }
  const health = await get(s.port, '/health');
  if (health.status !== 200) throw new Error(`/health answered ${health.status}`);
  return s;
}

/** SIGTERM to the whole group, then SIGKILL to whatever is left of it. */
async function stopGroup(pgid: number, exited: Promise<unknown>): Promise<void> {
  const kill = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pgid, sig);
    } catch {
      // ESRCH: the group is already gone.
    }
  };
  kill('SIGTERM');
  await Promise.race([exited, pause(5000)]);
  kill('SIGKILL');
}

export async function stopAll(): Promise<void> {
  await Promise.all([...started].map((s) => s.stop()));
  started.clear();
}

/** Stops every server this file started, removes its temp DB, and returns any process left behind. */
export async function finish(db: string): Promise<string[]> {
  await stopAll();
  const left = await waitNoProcesses(db);
  fs.rmSync(path.dirname(db), { recursive: true, force: true });
  return left;
}

/** One GET on a fresh connection (no agent), so cluster round robin deals each request anew. */
export function get(port: number, urlPath: string, headers: Record<string, string> = {}): Promise<Reply> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        const doneAt = performance.now();
        try {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json: JSON.parse(text) as Record<string, unknown>, ms: doneAt - t0, doneAt });
        } catch (e) {
          reject(new Error(`${urlPath}: body is not JSON: ${text.slice(0, 200)} (${(e as Error).message})`));
        }
      });
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`${urlPath}: no answer in 60 s`)));
    req.on('error', reject);
  });
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Live (non-zombie) processes whose command line contains `needle`, straight from the process table. */
export function processesMatching(needle: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => l.includes(needle) && l.includes('main.ts') && !/^\s*\d+\s+Z/.test(l))
    .map((l) => l.trim());
}

export async function waitNoProcesses(needle: string, ms = 5000): Promise<string[]> {
  const deadline = Date.now() + ms;
  let left = processesMatching(needle);
  while (left.length > 0 && Date.now() < deadline) {
    await pause(100);
    left = processesMatching(needle);
  }
  return left;
}
