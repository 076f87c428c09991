import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../catalog/load-catalog.js';
import { isBenchError } from '../errors.js';
import { buildConfigSchema, CONFIG_SCHEMA_PATH } from './config-schema.js';
import { loadConfigFile, readConfigFile } from './config-file.js';
import { starterConfig } from './starter-config.js';
import { parseUserScenario, SCENARIO_KEYS } from '../../scenarios/user-scenarios.js';
import { jsonPath } from '../../scenarios/user-expect.js';
import { readinessNote } from '../catalog/readiness-default.js';
import { configKeysMarkdown, README_PATH } from './config-keys-doc.js';
import { SCENARIO_SCHEMA } from './item-schemas.js';
import { readinessAccepts } from '../launcher/readiness.js';

function writeConfig(values: unknown, raw?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-config-'));
  const file = path.join(dir, 'bench.config.json');
  fs.writeFileSync(file, raw ?? JSON.stringify(values, null, 2));
  return file;
}

async function problems(values: unknown): Promise<string[]> {
  try {
    await loadCatalog(readConfigFile(writeConfig(values)));
  } catch (e) {
    if (isBenchError(e)) return e.problems;
    throw e;
  }
  return [];
}

describe('config-file targets', () => {
  it('names the path of every offending key, all at once', async () => {
    const p = await problems({
      targets: [
        { name: 'ok', command: ['node', '-e', '0', '{port}'], model: 'async' },
        { name: 'bad', command: ['no-such-binary-xyz', '{port}'], model: 'sync-process' },
        { name: 'shell', command: 'gunicorn app:wsgi -w 4', model: 'async' },
        { name: 'noport', command: ['node', '{wokers}'], model: 'fast' },
        { name: 'far', url: 'http://10.1.2.3:8000' },
      ],
    });
    expect(p).toEqual([
      'targets[1].command[0]: executable not found on PATH: no-such-binary-xyz',
      'targets[2].command: expected a non-empty array of strings (an argv array such as ["gunicorn", "app.wsgi"], never one shell string)',
      'targets[3].command: unknown placeholder {wokers} (known: {port}, {workers}, {threads}, {host})',
      'targets[3].command: must contain {port} (or pass it in env, e.g. "PORT": "{port}"), so that asyncbench can give each launch a free port',
      'targets[3].model: "fast" is not one of async, sync-process, sync-threads',
      'targets[4].url: 10.1.2.3 is not loopback; load goes to 127.0.0.1 only unless you pass --allow-remote',
    ]);
  });

  it('accepts built-in names mixed with declared targets, and resolves cwd from the config folder', async () => {
    const file = writeConfig({
      targets: ['node-async', { name: 'mine', command: ['node', 'srv.js', '{port}'], cwd: 'app', model: 'sync-threads', threads: 8 }],
    });
    const cat = await loadCatalog(readConfigFile(file));
    expect(cat.selected.targets).toEqual(['node-async', 'mine']);
    const mine = cat.targets.find((t) => t.name === 'mine');
    expect(mine).toMatchObject({ kind: 'launch', cwd: path.join(path.dirname(file), 'app'), model: 'sync-threads', threads: 8, source: 'bench.config.json' });
  });

  it('refuses a name that clashes with a built-in, saying how to name it', async () => {
    expect(await problems({ scenarios: [{ name: 'db', path: '/db' }], targets: [{ name: 'node-async', url: 'http://127.0.0.1:9' }] })).toEqual([
      'targets[0].name: "node-async" is the name of a built-in target, and --targets names either kind: name yours "app-node-async" (or any name --list does not show), or write the string "node-async" in targets to run the built-in one',
      'scenarios[0].name: "db" is the name of a built-in scenario, and --scenarios names either kind: name yours "app-db" (or any name --list does not show), or write the string "db" in scenarios to run the built-in one',
    ]);
  });

  it('without a readiness path, a target is ready when its first scenario answers below 500, and says so', async () => {
    const cat = await loadCatalog(
      readConfigFile(
        writeConfig({
          targets: [
            { name: 'app', command: ['node', '-e', '0', '{port}'], model: 'async' },
            { name: 'health', command: ['node', '-e', '0', '{port}'], model: 'async', readiness: { path: '/health' } },
            { name: 'running', url: 'http://127.0.0.1:9', scenarios: ['sleep'] },
          ],
          scenarios: [{ name: 'detail', path: '/books/{id}', vars: { id: { values: [7] } } }, 'sleep'],
        }),
      ),
    );
    const r = (n: string) => cat.targets.find((t) => t.name === n)!.readiness;
    expect(r('app')).toEqual({
      path: '/books/7',
      timeoutMs: 30000,
      accept: 'non5xx',
      chosen: "the first scenario's path (detail), as no readiness.path was set",
    });
    expect(r('health')).toEqual({ path: '/health', timeoutMs: 30000 });
    expect(r('running')).toMatchObject({ path: '/sleep?ms=100', accept: 'non5xx' });
    expect(readinessNote(cat.targets.find((t) => t.name === 'app')!)).toBe(
      `app: ready when GET /books/7 answers any status below 500 (the first scenario's path (detail), as no readiness.path was set; set "readiness": {"path": ...} to choose)`,
    );
    expect([404, 302, 200].map((s) => readinessAccepts(r('app'), s))).toEqual([true, true, true]);
    expect([500, 503, 0].map((s) => readinessAccepts(r('app'), s))).toEqual([false, false, false]);
    expect([200, 404].map((s) => readinessAccepts(r('health'), s))).toEqual([true, false]);
  });

  it('points at the line of a JSON syntax error', () => {
    const file = writeConfig(null, '{\n  "workers": [1, 2],\n  "duration": "5s",,\n}');
    expect(() => readConfigFile(file)).toThrow(/bench\.config\.json:3:\d+: invalid JSON/);
  });
});

describe('config-file scenarios', () => {
  it('fills placeholders per request and checks status, substring and JSON paths', () => {
    const errs: string[] = [];
    const s = parseUserScenario(
      {
        name: 'detail',
        path: '/books/{id}',
        vars: { id: { min: 1, max: 3 } },
        expect: { status: 200, bodyContains: 'Book', json: { id: '{id}', 'tags[0]': 'x' } },
        delayMs: 40,
      },
      'scenarios[0]',
      'f',
      errs,
    );
    expect(errs).toEqual([]);
    const state: Record<string, unknown> = {};
    const ids = [0, 1, 2, 3].map(() => Number(s!.request({}, state).path.split('/')[2]));
    expect(new Set(ids)).toEqual(new Set([1, 2, 3]));
    const last = ids[3];
    expect(s!.check(200, JSON.stringify({ id: last, title: 'Book', tags: ['x'] }), {}, state)).toEqual({ ok: true });
    expect(s!.check(200, JSON.stringify({ id: 999, title: 'Book', tags: ['x'] }), {}, state)).toEqual({ ok: false, reason: `id is 999, expected "${last}"` });
    expect(s!.check(500, '', {}, state)).toEqual({ ok: false, reason: 'status 500, expected 200' });
    expect(s!.ceilingRps?.({ connections: 10, slots: 4, params: { delayMs: 40 } })).toBeCloseTo(100);
    expect(s!.floorLatencyMs?.({ delayMs: 40 })).toBe(40);
  });

  it('sends a JSON body with its content type, and has no ceiling without a delay', () => {
    const s = parseUserScenario({ name: 'post', method: 'post', path: '/orders', body: { q: 2 }, expect: { json: { 'order.q': 2 } } }, 'x', 'f', []);
    const req = s!.request({}, {});
    expect(req).toMatchObject({ method: 'POST', body: '{"q":2}', headers: { 'content-type': 'application/json' } });
    expect(s!.ceilingRps).toBeUndefined();
    expect(s!.check(200, '{"order":{"q":2}}', {}, {})).toEqual({ ok: true });
  });

  it('reports unknown keys and placeholders without vars', () => {
    const errs: string[] = [];
    parseUserScenario({ name: 'x', path: '/a/{id}', expct: {} }, 'scenarios[2]', 'f', errs);
    expect(errs).toEqual([
      'scenarios[2].expct: unknown key (known: name, title, description, method, path, headers, body, vars, expect, delayMs, periodMs)',
      'scenarios[2]: placeholder {id} has no entry in "vars"',
    ]);
  });

  it('checks lists of substrings and regexes, JSON assertions with types and lengths, and headers, listing every failure', () => {
    const errs: string[] = [];
    const s = parseUserScenario(
      {
        name: 'queries',
        path: '/queries?n=3',
        expect: {
          bodyContains: ['randomNumber', 'id'],
          bodyMatches: '^\\[',
          assert: ['$.length == 3', '$[*].randomNumber is integer', '$[*].id >= 1', '$[0].name matches /^w/i', '$[2].id exists'],
          headers: { 'Content-Type': 'application/json', server: '/^gunicorn/' },
        },
      },
      'scenarios[0]',
      'f',
      errs,
    );
    expect(errs).toEqual([]);
    expect(s!.responseHeaders).toBe(true);
    const rows = [
      { id: 1, randomNumber: 7, name: 'World' },
      { id: 2, randomNumber: 8 },
      { id: 3, randomNumber: 9 },
    ];
    const headers = { 'content-type': 'application/json', server: 'gunicorn' };
    expect(s!.check(200, JSON.stringify(rows), {}, {}, undefined, headers)).toEqual({ ok: true });
    const wrong = [
      { id: 0, randomNumber: 7.5, name: 'x' },
      { id: 2, randomNumber: '8' },
    ];
    expect(s!.check(200, JSON.stringify(wrong), {}, {}, undefined, { server: 'uvicorn' })).toEqual({
      ok: false,
      reason: [
        'header content-type is missing, expected "application/json"',
        'header server is "uvicorn", expected /^gunicorn/',
        '$.length == 3: got 2',
        '$[*].randomNumber is integer: element 0 is 7.5, expected an integer',
        '$[*].id >= 1: element 0 is 0, expected >= 1',
        '$[0].name matches /^w/i: got "x"',
        '$[2].id exists: got missing',
      ].join('; '),
    });
    // A wrong status carries an error page: the body's failures would only repeat it.
    expect(s!.check(500, '<h1>Server Error</h1>', {}, {}, undefined, headers)).toEqual({ ok: false, reason: 'status 500, expected 200' });
    expect(s!.check(200, '[]', {}, {}, undefined, headers)).toMatchObject({
      reason: expect.stringContaining('$[*].randomNumber is integer: no elements at $[*].randomNumber'),
    });
  });

  it('names every malformed expectation', () => {
    const errs: string[] = [];
    parseUserScenario(
      {
        name: 'x',
        path: '/',
        expect: { assert: ['$.length = 20', '$[*].id is int', 'nopath'], bodyMatches: ['(', 'ok'], headers: { a: 1 }, bodycontains: 'x' },
      },
      'scenarios[1]',
      'f',
      errs,
    );
    expect(errs.map((e) => e.split(': ')[0])).toEqual([
      'scenarios[1].expect.bodycontains',
      'scenarios[1].expect.bodyMatches[0]',
      'scenarios[1].expect.assert[0]',
      'scenarios[1].expect.assert[1]',
      'scenarios[1].expect.assert[2]',
      'scenarios[1].expect.headers.a',
    ]);
    expect(errs[2]).toContain('is not an assertion; write "<path> == <json>"');
    expect(errs[5]).toBe('scenarios[1].expect.headers.a: expected a string value, or a /regex/');
  });

  it('reads JSON paths', () => {
    expect(jsonPath({ a: { b: [{ c: 3 }] } }, '$.a.b[0].c')).toBe(3);
    expect(jsonPath({ a: 1 }, 'a.b')).toBeUndefined();
  });
});

describe('config schema', () => {
  it('documents every key in the README, generated from the schema (npx tsx harness/config/config-keys-doc.ts)', () => {
    const readme = fs.readFileSync(README_PATH, 'utf8');
    expect(readme).toContain(configKeysMarkdown());
    for (const key of ['views', 'family', 'pidHeader', 'readiness', 'assert', 'headers', 'teardown', 'resources'])
      expect(configKeysMarkdown()).toContain(`\`${key}\``);
  });
  it('accepts exactly the scenario keys the loader reads', () => {
    expect(Object.keys(SCENARIO_SCHEMA.properties as object)).toEqual(SCENARIO_KEYS);
  });
  it('is committed exactly as generated from the flag table', () => {
    expect(JSON.parse(fs.readFileSync(CONFIG_SCHEMA_PATH, 'utf8'))).toEqual(buildConfigSchema());
  });
  it('accepts the Wagtail example config (examples/wagtail), run-level keys and new checks included', () => {
    const validate = new Ajv({ strict: false }).compile(buildConfigSchema());
    const example = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../examples/wagtail/bench.config.json'), 'utf8')) as unknown;
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    const errs: string[] = [];
    for (const [i, s] of (example as { scenarios: unknown[] }).scenarios.entries()) parseUserScenario(s, `scenarios[${i}]`, 'example', errs);
    expect(errs).toEqual([]);
  });
  it('accepts the starter config that --init writes, and rejects unknown keys', () => {
    const validate = new Ajv({ strict: false }).compile(buildConfigSchema());
    expect(validate(starterConfig('x.json')), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ wrokers: [1] })).toBe(false);
  });
});

describe('typed configs', () => {
  it('loads bench.config.ts through defineConfig', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-ts-config-'));
    const file = path.join(dir, 'bench.config.ts');
    const index = path.resolve(import.meta.dirname, '../index.ts');
    fs.writeFileSync(
      file,
      `import { defineConfig } from ${JSON.stringify(index)};\nexport default defineConfig({ workers: [3], duration: '2s', scenarios: [{ name: 'ping', path: '/ping' }] });\n`,
    );
    const cfg = await loadConfigFile(file);
    expect(cfg.values).toEqual({ workers: [3], duration: '2s', scenarios: [{ name: 'ping', path: '/ping' }] });
    const cat = await loadCatalog(cfg);
    expect(cat.scenarios.map((x) => x.id)).toContain('ping');
  });
});
