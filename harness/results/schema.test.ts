// The results contract: real output of real runs must validate against the shipped JSON Schema.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { faultyTarget, runWith } from '../testing/fixtures.js';

const schema = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'results.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);

describe('results.json', () => {
  it('of a real run (a completed and an errored target) validates against results.schema.json', async () => {
    const { store } = await runWith([faultyTarget('good', 'none'), faultyTarget('bad', 'wrong-body')], { connections: [4] });
    const onDisk = JSON.parse(fs.readFileSync(path.join(store.dir, 'results.json'), 'utf8')) as unknown;
    const ok = validate(onDisk);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
    const cells = (onDisk as { cells: Array<{ status: string; rps: number; latencyMs: { p50: number } | null }> }).cells;
    expect(cells.map((c) => c.status)).toEqual(['completed', 'errored']);
    expect(cells[0]?.latencyMs?.p50).toBeGreaterThanOrEqual(100);
  });

  it('rejects a file that breaks the contract', () => {
    expect(validate({ schemaVersion: 2, run: {}, targets: [], scenarios: [], cells: [] })).toBe(false);
  });
});
