// The results contract: real output of real runs must validate against the shipped JSON Schema.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { faultyTarget, runWith } from '../testing/fixtures.js';

const schema = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'results.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One real run (a completed and an errored target), read back from disk; both cases use it. */
let onDisk: Json;
beforeAll(async () => {
  const { store } = await runWith([faultyTarget('good', 'none'), faultyTarget('bad', 'wrong-body')], { connections: [4] });
  onDisk = JSON.parse(fs.readFileSync(path.join(store.dir, 'results.json'), 'utf8')) as Json;
});

const copy = (): Json => structuredClone(onDisk);
/** The errors a file gets, as "path keyword" lines, e.g. "/cells/0 required rps". */
function errorsOf(file: Json): string[] {
  validate(file);
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath} ${e.keyword}${e.keyword === 'required' ? ` ${(e.params as { missingProperty: string }).missingProperty}` : ''}`,
  );
}

describe('results.json', () => {
  it('of a real run (a completed and an errored target) validates against results.schema.json', () => {
    const ok = validate(onDisk);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
    const cells = onDisk.cells as Array<{ status: string; rps: number; latencyMs: { p50: number } | null }>;
    expect(cells.map((c) => c.status)).toEqual(['completed', 'errored']);
    expect(cells[0]?.latencyMs?.p50).toBeGreaterThanOrEqual(100);
  });

  // Each break is one field of that same real file, so a schema that checked nothing, or only the
  // top level, would let it through (issue 16: this case used to validate `run: {}`).
  it('rejects the same file with one field missing or mistyped, naming the field', () => {
    const breaks: Array<[string, (f: Json) => void, string]> = [
      ['a cell without rps', (f) => delete f.cells[0].rps, '/cells/0 required rps'],
      ['p50 as a string', (f) => (f.cells[0].latencyMs.p50 = String(f.cells[0].latencyMs.p50)), '/cells/0/latencyMs/p50 type'],
      ['request counts without verifyFailed', (f) => delete f.cells[1].requests.verifyFailed, '/cells/1/requests required verifyFailed'],
      ['validity as a string', (f) => (f.cells[0].validity = 'ok'), '/cells/0/validity type'],
      ['a run without provenance', (f) => delete f.run.provenance, '/run required provenance'],
      ['schemaVersion as a string', (f) => (f.schemaVersion = String(f.schemaVersion)), '/schemaVersion'],
    ];
    for (const [what, breakIt, expected] of breaks) {
      const file = copy();
      breakIt(file);
      expect(validate(file), what).toBe(false);
      expect(errorsOf(file).join('\n'), what).toContain(expected);
    }
    expect(errorsOf(copy())).toEqual([]);
  });
});
