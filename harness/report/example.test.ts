// reports/example/: the sample report committed in the repository (summary.md, its PNG charts and
// results.json from one real default-suite run). It must stay readable by this version: its
// results.json validates against the shipped schema, the charts summary.md links exist, and
// `npm run report -- --publish` carries it into the site. The checks on the committed copy skip
// only while reports/example/ does not exist yet.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT as PROJECT_ROOT } from '../package-root.js';
import { publishSite } from './publish.js';

const EXAMPLE = path.join(PROJECT_ROOT, 'reports', 'example');
const SCHEMA = path.join(PROJECT_ROOT, 'harness', 'results', 'results.schema.json');
const FIXTURE = path.join(PROJECT_ROOT, 'harness', 'report', 'fixtures', 'results.json');

describe.skipIf(!fs.existsSync(EXAMPLE))('reports/example (committed)', () => {
  it('results.json validates against results.schema.json as committed (regenerate it when the schema changes)', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as object);
    const results = JSON.parse(fs.readFileSync(path.join(EXAMPLE, 'results.json'), 'utf8')) as unknown;
    expect(validate(results), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
  });

  it('summary.md links only charts that are there', () => {
    const md = fs.readFileSync(path.join(EXAMPLE, 'summary.md'), 'utf8');
    const links = [...md.matchAll(/\]\(([^)]+\.png)\)/g)].map((m) => m[1] as string);
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) expect(fs.existsSync(path.join(EXAMPLE, decodeURI(l))), l).toBe(true);
  });
});

describe('report --publish and reports/example', () => {
  it('publishes an example/ directory under reports/ like any run, into <site>/example/', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-example-'));
    const reports = path.join(tmp, 'reports');
    const source = fs.existsSync(path.join(EXAMPLE, 'results.json')) ? path.join(EXAMPLE, 'results.json') : FIXTURE;
    fs.mkdirSync(path.join(reports, 'example'), { recursive: true });
    fs.copyFileSync(source, path.join(reports, 'example', 'results.json'));
    const out = await publishSite(reports, path.join(tmp, 'site'), { skipPng: true });
    expect(out.skipped).toEqual([]);
    expect(out.runs.map((r) => r.id)).toEqual(['example']);
    expect(fs.existsSync(path.join(tmp, 'site', 'example', 'index.html'))).toBe(true);
    expect(fs.readFileSync(out.index, 'utf8')).toContain('href="example/index.html"');
    fs.rmSync(tmp, { recursive: true, force: true });
  });
});
