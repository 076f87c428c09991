// The capacity search inside a real run: real processes, every probe an ordinary open-model cell,
// a capacity table that never reports a failing rate, predictions and the bill, and a results.json
// that still matches the schema.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { CO_FIXTURE_SERVER } from '../testing/co-fixture.js';
import { PROJECT_ROOT, runWith } from '../testing/fixtures.js';
import type { LaunchedTargetDef } from '../types.js';
import { probeDurationS } from './run-capacity.js';
import { judgeProbe } from './verdict.js';

const fixture = (name: string, serial: boolean): LaunchedTargetDef => ({
  kind: 'launch',
  name,
  description: `co-fixture ${serial ? 'serial' : 'async'}`,
  command: [process.execPath, '--import', 'tsx', CO_FIXTURE_SERVER, '--port', '{port}', ...(serial ? ['--serial'] : [])],
  cwd: PROJECT_ROOT,
  readiness: { path: '/health', timeoutMs: 15_000 },
  stop: { signal: 'SIGTERM', graceMs: 1500 },
  model: serial ? 'sync-process' : 'async',
  family: 'fx',
  views: serial ? 'sync' : 'async',
  scenarios: ['sleep'],
});

describe('--slo capacity search', () => {
  it('a probe runs long enough for the samples its percentile needs, but not above the ceiling', () => {
    const p99 = { percentile: 99, boundMs: 500, text: 'p99<500ms' };
    expect(probeDurationS(10, p99, 10, 40)).toBe(110);
    expect(probeDurationS(10, p99, 500, 1e6)).toBe(10);
    expect(probeDurationS(10, p99, 50, 40)).toBe(10);
  });

  it('finds a rate per target × workers that met the goal, keeps every probe as a cell, and predicts the sync worker count', async () => {
    // p90: 100 samples a probe, so that the sync fixture's probes (10-20 req/s) last seconds, not minutes.
    const slo = { percentile: 90, boundMs: 300, text: 'p90<300ms' };
    const { store } = await runWith([fixture('fx-async', false), fixture('fx-sync', true)], {
      connections: [],
      slo,
      params: { sleep: { ms: 50 } },
      durationS: 1,
      warmupS: 0.3,
    });
    const r = store.results;
    const rows = r.capacity ?? [];
    expect(rows.map((x) => x.target)).toEqual(['fx-async', 'fx-sync']);
    for (const row of rows) {
      expect(row.probes.filter((p) => !p.confirms).length).toBeLessThanOrEqual(8);
      // A rate's verdict is its last run's (a confirmation may overturn a noisy failure).
      const final = new Map(row.probes.map((p) => [p.ratePerS, p.passed]));
      const passes = [...final].filter(([, ok]) => ok).map(([rate]) => rate);
      const fails = [...final].filter(([, ok]) => !ok).map(([rate]) => rate);
      if (passes.length && fails.length) expect(Math.max(...passes)).toBeLessThan(Math.min(...fails));
      // Every measured probe had the 100 samples p90 needs, and says so; the answer's row too.
      for (const p of row.probes) if (p.passed) expect(p.samples as number).toBeGreaterThanOrEqual(100);
      expect(row.at?.samples as number).toBeGreaterThanOrEqual(100);
      expect(row.confirmations).toBeDefined();
      // Every probe is an ordinary cell, and the reported rate's own cell met the goal.
      for (const p of row.probes) expect(r.cells.some((c) => c.target === row.target && c.open?.ratePerS === p.ratePerS)).toBe(true);
      // The last run at that rate: a confirmation that passed is the rate's verdict.
      const best = [...r.cells].reverse().find((c) => c.target === row.target && c.open?.ratePerS === row.maxRatePerS);
      expect(judgeProbe(best, slo).passed).toBe(true);
      expect(row.at?.valueMs ?? Infinity).toBeLessThanOrEqual(300);
    }
    // One request at a time, 50 ms each: the sync fixture cannot hold more than 20 req/s.
    const sync = rows.find((x) => x.target === 'fx-sync');
    expect(sync?.maxRatePerS as number).toBeLessThanOrEqual(21);
    const pred = r.sizing?.predictions.find((p) => p.target === 'fx-sync');
    expect(pred?.reference.target).toBe('fx-async');
    if (pred?.extrapolated) {
      expect(pred.perWorkerRatePerS).toBeCloseTo(sync?.maxRatePerS as number, 5);
      expect(pred.workers).toBe(Math.ceil((pred.reference.ratePerS as number) / (pred.perWorkerRatePerS as number) - 1e-9));
    }
    const schema = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'harness/results/results.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    const onDisk = JSON.parse(fs.readFileSync(path.join(store.dir, 'results.json'), 'utf8')) as unknown;
    expect(validate(onDisk), JSON.stringify(validate.errors, null, 2)).toBe(true);
  }, 240_000);
});
