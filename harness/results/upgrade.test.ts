// A schema-2 results file (the last landing's reports/example, cut short; a Locust run's options) reads as
// schema 3: its named versions in the one map, the Locust options under engineOptions, every
// resolved option set, so renderers, compare and --resume see one shape.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../package-root.js';
import type { Results } from '../types.js';
import { SCHEMA_VERSION, upgradeResults } from './upgrade.js';

// A real schema-2 file: the last landing's reports/example/results.json, cut to its first 3 cells.
const v2 = (): Results => JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'harness/results/fixtures/schema2.json'), 'utf8')) as Results;

describe('upgradeResults', () => {
  it('moves schema 2 named versions into provenance.versions and drops them from the top', () => {
    const r = v2();
    expect(r.schemaVersion).toBe(2);
    const named = r.run.provenance as unknown as Record<string, unknown>;
    const django = named.django;
    expect(typeof django).toBe('string');
    const up = upgradeResults(r);
    expect(up.schemaVersion).toBe(SCHEMA_VERSION);
    expect(up.run.provenance.versions).toMatchObject({ node: r.run.provenance.node, django, autocannon: expect.any(String) });
    for (const k of ['python', 'django', 'gunicorn', 'uvicorn', 'autocannon']) expect(up.run.provenance).not.toHaveProperty(k);
  });

  it("fills every resolved option and moves a Locust run's options under engineOptions", () => {
    const r = v2();
    const o = r.run.options as unknown as Record<string, unknown>;
    Object.assign(o, { engine: 'locust', remoteWorkers: 2, masterBind: '127.0.0.1:5557', workersTimeoutS: 30 });
    for (const k of ['rates', 'maxInflight', 'slo', 'sloVerify', 'engineOptions']) delete o[k];
    const up = upgradeResults(r).run.options;
    expect(up.engineOptions).toEqual({ remoteWorkers: 2, masterBind: '127.0.0.1:5557', workersTimeoutS: 30 });
    expect(up).toMatchObject({ rates: [], maxInflight: 10_000, slo: null, sloVerify: false });
    expect(up).not.toHaveProperty('remoteWorkers');
  });

  it('leaves a schema-3 file as it is', () => {
    const r = upgradeResults(v2());
    const copy = structuredClone(r);
    expect(upgradeResults(r)).toEqual(copy);
  });
});
