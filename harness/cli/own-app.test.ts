// "Benchmark your own app", end to end through the CLI as the README documents it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest } from '../launcher/http-get.js';
import { freePort } from '../host/ports.js';
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
    fs.writeFileSync(
      config,
      JSON.stringify({
        targets: [{ name: 'staging', url: `http://127.0.0.1:${port}` }],
        scenarios: [
          'sleep',
          {
            name: 'create-order',
            method: 'POST',
            path: '/orders',
            body: { book: '{book}', quantity: 2 },
            vars: { book: { min: 1, max: 9 } },
            // Under load too: headers are kept for the check, assertions hold on every response.
            expect: {
              status: 200,
              json: { 'order.quantity': 2, 'order.book': '{book}' },
              assert: ['$.pid is integer', '$.order.quantity >= 2'],
              headers: { 'content-type': 'application/json', 'x-worker-pid': '/^\\d+$/' },
            },
          },
        ],
        workers: [1, 2, 4],
        connections: [4],
        duration: '1s',
        warmup: '200ms',
      }),
    );
    const out = path.join(dir, 'run');
    const { code, out: text } = await cli(['--config', config, '--out', out]);
    expect(text).toContain('create-order');
    expect(code).toBe(0);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    // The worker sweep is skipped for a server whose workers are unknown: one cell per scenario.
    expect(results.cells.map((c) => [c.scenario, c.workers, c.status])).toEqual([
      ['sleep', null, 'completed'],
      ['create-order', null, 'completed'],
    ]);
    const post = results.cells[1]!;
    expect(post.requests.ok).toBeGreaterThan(10);
    expect(post.requests.verifyFailed).toBe(0);
    expect(post.ceilingRps).toBeNull();
    expect(post.efficiency).toBeNull();
    expect(results.targets[0]).toMatchObject({ name: 'staging', kind: 'url', command: null });
    // --out elsewhere: no `latest` link beside it (issue 23); reports/latest is for runs under reports/.
    expect(fs.existsSync(path.join(dir, 'latest'))).toBe(false);
    // Still running: the harness never stops what it did not start.
    expect((await httpRequest(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  });

  it('a wrong expectation stops the cell before the load and says everything that differed', async () => {
    const config = path.join(dir, 'bad.config.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        targets: [{ name: 'staging', url: `http://127.0.0.1:${port}` }],
        scenarios: [
          {
            name: 'create-order',
            method: 'POST',
            path: '/orders',
            body: { quantity: 2 },
            expect: { json: { 'order.quantity': 3 }, assert: ['$.order.quantity is string', '$.pid is integer'], headers: { 'content-type': '/^text\\//' } },
          },
        ],
        connections: [2],
        duration: '1s',
      }),
    );
    const { code, out } = await cli(['--config', config, '--out', path.join(dir, 'bad')]);
    expect(code).toBe(4);
    expect(out).toContain(
      'answered POST /orders wrongly: header content-type is "application/json", expected /^text\\//; order.quantity is 2, expected 3; $.order.quantity is string: got 2',
    );
  });

  it('refuses a remote URL without --allow-remote, naming the key', async () => {
    const config = path.join(dir, 'remote.config.json');
    fs.writeFileSync(config, JSON.stringify({ targets: [{ name: 'prod', url: 'http://192.0.2.10:80' }] }));
    const { code, out } = await cli(['--config', config]);
    expect(code).toBe(2);
    expect(out).toContain('targets[0].url: 192.0.2.10 is not loopback; load goes to 127.0.0.1 only unless you pass --allow-remote');
  });
});

const DJANGO = path.join(PROJECT_ROOT, 'servers/django');
describe.skipIf(!fs.existsSync(path.join(DJANGO, '.venv/bin/gunicorn')))('your own Django project, from a config file', () => {
  it('launches it under gunicorn -k sync and -k uvicorn_worker.UvicornWorker with 1, 2 and 4 workers against two of its URLs', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-django-own-'));
    const gunicorn = (kind: string, app: string) => [
      '.venv/bin/gunicorn',
      app,
      '-k',
      kind,
      '-w',
      '{workers}',
      '-b',
      '127.0.0.1:{port}',
      '--timeout',
      '120',
      '--no-control-socket',
    ];
    const config = path.join(dir, 'bench.config.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        targets: [
          {
            name: 'mysite-wsgi-sync',
            command: gunicorn('sync', 'proj.wsgi:application'),
            cwd: DJANGO,
            env: { ASYNCBENCH_VIEWS: 'sync' },
            model: 'sync-process',
            setup: [
              ['.venv/bin/python', 'manage.py', 'migrate', '--noinput'],
              ['.venv/bin/python', 'manage.py', 'seed'],
            ],
          },
          {
            name: 'mysite-asgi-uvicorn',
            command: gunicorn('uvicorn_worker.UvicornWorker', 'proj.asgi:application'),
            cwd: DJANGO,
            env: { ASYNCBENCH_VIEWS: 'async' },
            model: 'async',
          },
        ],
        scenarios: [
          { name: 'slow-page', path: '/sleep?ms=50', expect: { json: { scenario: 'sleep', ms: 50 } }, delayMs: 50 },
          {
            name: 'book-list',
            path: '/db?rows={rows}&delay_ms=20',
            vars: { rows: { values: [5] } },
            expect: { json: { 'books[4].title': 'Book 5', sleepCalls: 1 } },
            delayMs: 20,
          },
        ],
        workers: [1, 2, 4],
        connections: [8],
        duration: '1s',
        warmup: '300ms',
      }),
    );
    const out = path.join(dir, 'run');
    const { code, out: text } = await cli(['--config', config, '--out', out]);
    expect(code, text).toBe(0);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    expect(results.cells).toHaveLength(2 * 3 * 2);
    expect(new Set(results.cells.map((c) => c.workers))).toEqual(new Set([1, 2, 4]));
    for (const c of results.cells) {
      expect(c.status, c.error?.message).toBe('completed');
      expect(c.requests.verifyFailed + c.requests.non2xx + c.requests.timeouts).toBe(0);
      expect(c.latencyMs!.p50).toBeGreaterThanOrEqual(c.scenario === 'slow-page' ? 50 : 20);
      // The ceiling comes from the declared delay and model: sync 1 worker on 50 ms = 20 req/s.
      expect(c.ceilingRps).not.toBeNull();
      if (c.target === 'mysite-wsgi-sync') expect(c.rps).toBeLessThanOrEqual(c.ceilingRps! * 1.05);
    }
    const sync1 = results.cells.find((c) => c.target === 'mysite-wsgi-sync' && c.workers === 1 && c.scenario === 'slow-page');
    expect(sync1?.ceilingRps).toBeCloseTo(20);
    expect(fs.existsSync(path.join(out, 'index.html'))).toBe(true);
    expect(await waitNoProcesses(path.join(DJANGO, '.venv'))).toEqual([]);
  });
});
