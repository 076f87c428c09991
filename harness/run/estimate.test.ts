// The pre-run estimate: warm-ups as the turnover cap computes them, drains and restarts, launches,
// and learning from the previous run.
import { targetFamilies } from '../../servers/targets/families.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../package-root.js';
import { catalog, plannedCell, scenario, target } from '../testing/planned-cells.js';
import { resolveOptions } from '../config/resolve.js';
import { renderHelp } from '../cli/help.js';
import { cellKeyOf } from '../cell-key.js';
import {
  COSTS,
  DEFAULT_SUITE_MINUTES,
  DEFAULT_SUITE_TIME,
  estimateRun,
  formatEstimate,
  latestRun,
  measuredCellCosts,
  modelCellS,
  runEndS,
} from './estimate.js';
import { planRun, type PlannedCell } from '../plan/plan.js';
import type { CellResult, Results } from '../types.js';
import { fixture } from '../report/fixtures/load-fixture.js';

const opts = { warmupS: 1, timeoutS: 30, durationS: 2 };
const cell = plannedCell;

describe('the model of one cell', () => {
  it('a saturated sync queue warms up for one turnover and is restarted when it cannot drain in 3 s', () => {
    // node-sync sleep 100 ms, 1 worker, 100 connections: a 10 s turn, 9.9 s left queued at the end.
    const s = modelCellS(cell({}), target('node-sync'), scenario('sleep'), opts, false);
    expect(s).toBeCloseTo(COSTS.cellOverheadS + 10 + 2 + COSTS.drainTimeoutS + targetFamilies.node!.costs!.launchS, 5);
    // The last cell of a launch leaves its queue to the stop.
    expect(modelCellS(cell({}), target('node-sync'), scenario('sleep'), opts, true)).toBeCloseTo(COSTS.cellOverheadS + 12, 5);
  });

  it('an async cell and a long-poll cell warm up for --warmup only; long-poll adds half a period', () => {
    expect(modelCellS(cell({ target: 'node-async' }), target('node-async'), scenario('sleep'), opts, false)).toBeCloseTo(COSTS.cellOverheadS + 1 + 2, 5);
    const lp = cell({ scenario: 'longpoll', params: { period_ms: 500, timeout_ms: 30_000 } });
    expect(modelCellS(lp, target('node-sync'), scenario('longpoll'), opts, true)).toBeCloseTo(COSTS.cellOverheadS + 1 + 0.25 + 2, 5);
  });
});

function fakeRun(cells: Array<[string, number]>, options?: unknown, planned: PlannedCell[] = [], t0 = Date.parse('2026-12-01T10:00:00Z')): Results {
  let t = t0;
  const out: CellResult[] = cells.map(([key, s], i) => {
    const [tg, sc, w, c] = key.split('|');
    const r = {
      target: tg,
      scenario: sc,
      workers: Number(w),
      connections: Number(c),
      repeat: 1,
      threads: null,
      params: planned[i]?.params ?? {},
      status: 'completed',
      startedAt: new Date(t).toISOString(),
      durationS: 2,
      warmupS: 1,
    } as unknown as CellResult;
    t += s * 1000;
    return r;
  });
  return {
    schemaVersion: 1,
    run: { id: 'prev', startedAt: new Date(t0).toISOString(), endedAt: new Date(t).toISOString(), status: 'completed', options } as Results['run'],
    targets: [],
    scenarios: [],
    cells: out,
  };
}

describe('learning from the previous run', () => {
  it('takes each cell’s wall time from its startedAt to the next one’s', () => {
    const m = measuredCellCosts(
      fakeRun([
        ['a|sleep|1|10', 4],
        ['a|sleep|1|100', 13.5],
        ['a|db|1|10', 3],
      ]),
    );
    expect([...m.entries()]).toEqual([
      ['a|sleep|1|10|#1', 4],
      ['a|sleep|1|100|#1', 13.5],
      ['a|db|1|10|#1', 3],
    ]);
  });

  it('uses the measured cells as they were and scales the model for the others', () => {
    const { options } = resolveOptions({}, { targets: 'node-async', scenarios: 'sleep,db', workers: '1,2' }, catalog, { runId: 'x', configPath: null });
    const groups = planRun(options, catalog.targets, catalog.scenarios);
    const keys = groups.flatMap((g) => g.cells.map(cellKeyOf));
    const cold = estimateRun({ groups, targets: catalog.targets, scenarios: catalog.scenarios, opts: options });
    expect(cold.learnedFrom).toBeNull();
    expect(cold.modelScale).toBe(1);
    // A previous run of the first 4 cells that took 1.5× the model each.
    const prev = fakeRun(
      keys.slice(0, 4).map((k, i) => [k.replace(/\|1$/, ''), (cold.cells[i]?.seconds ?? 0) * 1.5]),
      options,
      groups.flatMap((g) => g.cells),
    );
    const warm = estimateRun({ groups, targets: catalog.targets, scenarios: catalog.scenarios, opts: options, previous: { dir: '/r/prev', results: prev } });
    expect(warm.learnedFrom).toBe('/r/prev');
    expect(warm.modelScale).toBeCloseTo(1.5, 3);
    expect(warm.cells.slice(0, 4).every((c) => c.source === 'previous')).toBe(true);
    expect(warm.cells.slice(4).every((c) => c.source === 'model')).toBe(true);
    const fixed = COSTS.runStartS + runEndS(warm.cells.length) + targetFamilies.node!.costs!.setupS;
    expect(warm.totalS - fixed).toBeCloseTo((cold.totalS - fixed) * 1.5, 0);
  });

  it('finds the newest completed run in reports/, skipping unfinished ones', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-est-'));
    const write = (name: string, status: string, mtime: number) => {
      fs.mkdirSync(path.join(dir, name));
      // A schema-valid run (latestRun reads through the checked reader): the report fixture's.
      const f = fixture();
      const r: Results = { ...f, run: { ...f.run, status: status as Results['run']['status'] } };
      fs.writeFileSync(path.join(dir, name, 'results.json'), JSON.stringify(r));
      fs.utimesSync(path.join(dir, name, 'results.json'), mtime, mtime);
    };
    write('old', 'completed', 1000);
    write('newer', 'completed', 2000);
    write('newest', 'running', 3000);
    expect(latestRun(dir)?.dir).toBe(path.join(dir, 'newer'));
    expect(latestRun(path.join(dir, 'nope'))).toBeNull();
  });
});

describe('the default suite', () => {
  it('costs about what the README and --help say: warm-ups, drains and launches included', () => {
    const { options } = resolveOptions({}, {}, catalog, { runId: 'x', configPath: null });
    const e = estimateRun({
      groups: planRun(options, catalog.targets, catalog.scenarios),
      targets: catalog.targets,
      scenarios: catalog.scenarios,
      opts: options,
    });
    expect(e.cells).toHaveLength(72);
    // Far above the 72 × 3 s = 3m36s of bare warm-up + window: queued sync cells warm up for a turn.
    expect(e.totalS).toBeGreaterThan(5 * 60);
    expect(e.totalS).toBeLessThan(9 * 60);
    expect(formatEstimate(e.totalS)).toMatch(/^\dm\d0s$/);
    // --help and the README quote one figure, and the model is within 15% of it.
    expect(Math.abs(e.totalS / 60 - DEFAULT_SUITE_MINUTES) / DEFAULT_SUITE_MINUTES).toBeLessThan(0.15);
    expect(renderHelp()).toContain(DEFAULT_SUITE_TIME);
    expect(fs.readFileSync(path.join(PACKAGE_ROOT, 'README.md'), 'utf8')).toContain(DEFAULT_SUITE_TIME);
  });
});
