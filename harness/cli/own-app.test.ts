// "Benchmark your own app", end to end through the CLI as the README documents it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest } from '../launcher/http-get.js';
import { freePort } from '../launcher/ports.js';
import { FAULTY_SERVER, PROJECT_ROOT, waitNoProcesses } from '../testing/fixtures.js';
import type { Results } from '../types.js';

const MAIN = path.join(PROJECT_ROOT, 'harness/cli/main.ts');

function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, CI: 'true' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('an already-running server and a JSON POST scenario', () => {
  let port = 0;
  let server: ReturnType<typeof spawn>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-own-'));

  beforeAll(async () => {
    // "Start one by hand": the harness must not launch or stop it.
    port = await freePort();
    server = spawn(process.execPath, ['--import', 'tsx', FAULTY_SERVER, '--port', String(port), '--workers', '1'], { cwd: PROJECT_ROOT, stdio: 'ignore' });
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      try {
        if ((await httpRequest(`http://127.0.0.1:${port}/health`)).status === 200) break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });

  afterAll(async () => {
    server.kill('SIGTERM');
    expect(await waitNoProcesses(FAULTY_SERVER)).toEqual([]);
  });

  it('measures a server it did not start, checks POST responses by JSON path, and leaves the server running', async () => {
    const config = path.join(dir, 'bench.config.json');
    fs.writeFileSync(config, JSON.stringify({
      targets: [{ name: 'staging', url: `http://127.0.0.1:${port}` }],
      scenarios: [
        'sleep',
        { name: 'create-order', method: 'POST', path: '/orders', body: { book: '{book}', quantity: 2 }, vars: { book: { min: 1, max: 9 } }, expect: { status: 200, json: { 'order.quantity': 2, 'order.book': '{book}' } } },
      ],
      workers: [1, 2, 4],
      connections: [4],
      duration: '1s',
      warmup: '200ms',
    }));
    const out = path.join(dir, 'run');
    const { code, out: text } = await cli(['--config', config, '--out', out]);
    expect(text).toContain('create-order');
    expect(code).toBe(0);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    // The worker sweep is skipped for a server whose workers are unknown: one cell per scenario.
    expect(results.cells.map((c) => [c.scenario, c.workers, c.status])).toEqual([['sleep', null, 'completed'], ['create-order', null, 'completed']]);
    const post = results.cells[1]!;
    expect(post.requests.ok).toBeGreaterThan(10);
    expect(post.requests.verifyFailed).toBe(0);
    expect(post.ceilingRps).toBeNull();
    expect(post.efficiency).toBeNull();
    expect(results.targets[0]).toMatchObject({ name: 'staging', kind: 'url', command: null });
    // Still running: the harness never stops what it did not start.
    expect((await httpRequest(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  });

  it('a wrong JSON expectation stops the cell before the load and says what differed', async () => {
    const config = path.join(dir, 'bad.config.json');
    fs.writeFileSync(config, JSON.stringify({
      targets: [{ name: 'staging', url: `http://127.0.0.1:${port}` }],
      scenarios: [{ name: 'create-order', method: 'POST', path: '/orders', body: { quantity: 2 }, expect: { json: { 'order.quantity': 3 } } }],
      connections: [2],
      duration: '1s',
    }));
    const { code, out } = await cli(['--config', config, '--out', path.join(dir, 'bad')]);
    expect(code).toBe(4);
    expect(out).toContain('order.quantity is 2, expected 3');
  });

  it('refuses a remote URL without --allow-remote, naming the key', async () => {
    const config = path.join(dir, 'remote.config.json');
    fs.writeFileSync(config, JSON.stringify({ targets: [{ name: 'prod', url: 'http://192.0.2.10:80' }] }));
    const { code, out } = await cli(['--config', config]);
    expect(code).toBe(2);
    expect(out).toContain('targets[0].url: 192.0.2.10 is not loopback; load goes to 127.0.0.1 only unless you pass --allow-remote');
  });
});
