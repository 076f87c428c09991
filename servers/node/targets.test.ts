// servers/targets/node.ts: the definitions the harness loads, and that their argv actually launches.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeTargets } from '../targets/node.js';
import { DEFAULT_DB, MAIN_SCRIPT, PROJECT_ROOT, SEED_SCRIPT } from './paths.js';
import { get, pause, processesMatching, waitNoProcesses } from './test-helper.js';

const byName = (n: string) => nodeTargets.find((t) => t.name === n);
const groups: number[] = [];

afterAll(async () => {
  for (const g of groups) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  expect(await waitNoProcesses(`${MAIN_SCRIPT} --model`)).toEqual([]);
});

/** A free loopback port, as the harness picks one: bind port 0, read it, close. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

describe('nodeTargets', () => {
  it('declares node-async (async, DB pool limit) and node-sync (sync-process)', () => {
    expect(nodeTargets.map((t) => t.name)).toEqual(['node-async', 'node-sync']);
    const a = byName('node-async')!;
    const s = byName('node-sync')!;
    expect(a).toMatchObject({ kind: 'launch', model: 'async', family: 'node', views: 'async' });
    expect(s).toMatchObject({ kind: 'launch', model: 'sync-process', family: 'node', views: 'sync' });
    expect(s.perWorkerLimit).toBeUndefined();
    // The declared limit is the pool size the command passes.
    const pool = Number(a.command[a.command.indexOf('--db-pool') + 1]);
    expect(a.perWorkerLimit).toEqual({ db: pool });
    expect(a.limitNotes?.db).toContain(String(pool));
  });

  it.each(nodeTargets.map((t) => [t.name, t] as const))('%s: argv with process.execPath, tsx, absolute paths and placeholders', (_name, t) => {
    expect(t.command.slice(0, 3)).toEqual([process.execPath, '--import', 'tsx']);
    expect(t.command[3]).toBe(MAIN_SCRIPT);
    expect(fs.existsSync(MAIN_SCRIPT)).toBe(true);
    expect(t.command).toContain('{port}');
    expect(t.command).toContain('{workers}');
    expect(t.cwd).toBe(PROJECT_ROOT);
    expect(fs.existsSync(`${PROJECT_ROOT}/node_modules/tsx`)).toBe(true);
    expect(t.setup).toEqual([[process.execPath, '--import', 'tsx', SEED_SCRIPT, '--db', DEFAULT_DB]]);
    expect(t.readiness).toEqual({ path: '/health', timeoutMs: 30_000 });
    expect(t.stop).toEqual({ signal: 'SIGTERM', graceMs: 5000 });
    expect(t.description.length).toBeGreaterThan(20);
  });

  it.each(nodeTargets.map((t) => [t.name, t] as const))(
    '%s: setup then command, substituted as the harness does, serves /health from 2 workers',
    async (_name, t) => {
      for (const argv of t.setup ?? []) {
        const code = await new Promise((resolve) => spawn(argv[0]!, argv.slice(1), { cwd: t.cwd, stdio: 'ignore' }).once('exit', resolve));
        expect(code).toBe(0);
      }
      const port = await freePort();
      const vars: Record<string, string> = { port: String(port), workers: '2', threads: '1', host: '127.0.0.1' };
      const argv = t.command.map((a) => a.replace(/\{(\w+)\}/g, (m, n: string) => vars[n] ?? m));
      const child = spawn(argv[0]!, argv.slice(1), { cwd: t.cwd, detached: true, stdio: 'ignore' });
      groups.push(child.pid!);
      let health = null;
      for (let i = 0; i < 300 && !health; i++) {
        health = await get(port, '/health').catch(() => null);
        if (!health) await pause(100);
      }
      expect(health?.json).toMatchObject({ status: 'ok', server: 'node', views: t.views });
      expect(processesMatching(`--port ${port}`)).toHaveLength(3);
      process.kill(-child.pid!, t.stop.signal);
      expect(await waitNoProcesses(`--port ${port}`)).toEqual([]);
    },
  );
});
