import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cell as base, run } from '../testing/compare-cells.js';
import { PROJECT_ROOT } from '../testing/fixtures.js';
import type { CellResult, Results } from '../types.js';
import { compareRuns } from './compare.js';
import { runGate } from './gate.js';
import { renderCompareHtml } from './render-compare.js';

const cell = (rps: number, p99: number, repeat: number, over: Partial<CellResult> = {}): CellResult =>
  base({
    workers: 2,
    connections: 50,
    repeat,
    rps,
    latencyMs: { p50: 100, p90: 100, p99, p999: p99, max: p99, min: 100, mean: 100, stdev: 1 },
    ceilingRps: 500,
    efficiency: rps / 500,
    workerPids: 2,
    connectionsOpened: 50,
    ...over,
  });
const noisy = (base: number, n: number) => Array.from({ length: n }, (_, i) => base * (1 + (((i * 7) % 5) - 2) / 100));

describe('compareRuns', () => {
  it('calls a clear drop with repeats significant, and noise not', () => {
    const a = run(
      'a',
      '1',
      noisy(480, 5).map((r, i) => cell(r, 110, i + 1)),
    );
    const b = run(
      'b',
      '2',
      noisy(300, 5).map((r, i) => cell(r, 180, i + 1)),
    );
    const [c] = compareRuns(a, b).cells;
    expect(c?.rps.verdict).toBe('slower');
    expect(c?.rps.change).toBeCloseTo(300 / 480 - 1, 2);
    expect(c?.rps.ci![1]).toBeLessThan(0);
    expect(c?.p99Ms?.verdict).toBe('slower');
    const same = compareRuns(
      a,
      run(
        'c',
        '3',
        noisy(480, 5)
          .reverse()
          .map((r, i) => cell(r, 110, i + 1)),
      ),
    ).cells[0];
    expect(same?.rps.verdict).toBe('no significant change');
  });

  it("says it can't tell with 3 repeats a side, however clear the drop: no interval of them reaches 95% (90%)", () => {
    const a = run(
      'a',
      '1',
      noisy(480, 3).map((r, i) => cell(r, 110, i + 1)),
    );
    const b = run(
      'b',
      '2',
      noisy(300, 3).map((r, i) => cell(r, 180, i + 1)),
    );
    const [c] = compareRuns(a, b).cells;
    expect(c?.rps.verdict).toBe("can't tell (too few repeats for a 95% interval)");
    expect(c?.rps.ci).toBeNull();
    expect(c?.rps.level).toBeCloseTo(0.9);
  });

  it("says it can't tell without repeats, and still gates on a large drop", () => {
    const cmp = compareRuns(run('a', '1', [cell(480, 110, 1)]), run('b', '2', [cell(400, 110, 1)]));
    expect(cmp.cells[0]?.rps.verdict).toBe("can't tell (no repeats)");
    expect(cmp.cells[0]?.rps.ci).toBeNull();
    const v = runGate(cmp, 0.1);
    expect(v.state === 'regressed' ? v.cells.map((c) => c.key) : []).toEqual(['node-async sleep w=2 c=50']);
    expect(runGate(cmp, 0.2).state).toBe('passed');
  });

  it('lists unmatched cells and flags invalid ones', () => {
    const cmp = compareRuns(
      run('a', '1', [cell(1, 1, 1), cell(1, 1, 1, { connections: 10 })]),
      run('b', '2', [cell(1, 1, 1, { valid: false, validity: [{ code: 'error-rate', message: 'x', severity: 'error' }] })]),
    );
    expect(cmp.onlyInA).toEqual(['node-async sleep w=2 c=10']);
    expect(cmp.cells[0]?.caveat).toBe('1 invalid cell: error-rate');
  });

  it('escapes names in its HTML page', () => {
    const evil = '</script><img src=x onerror=alert(1)>';
    const html = renderCompareHtml(compareRuns(run('a', '1', [cell(1, 1, 1, { target: evil })]), run('b', '2', [cell(1, 1, 1, { target: evil })])));
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img');
  });

  it('exits 5 with --fail-above when a run regressed, and writes its page next to the newer run', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-cmp-'));
    for (const [name, rps, t] of [
      ['old', 480, '2026-01-01'],
      ['new', 300, '2026-02-01'],
    ] as const) {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, 'results.json'), JSON.stringify(run(name, t, [cell(rps, 110, 1)])));
    }
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'harness/compare/cli.ts', path.join(dir, 'old'), path.join(dir, 'new'), '--fail-above', '10%'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    expect(r.stdout).toContain('480.0 → 300.0 (-37.5%)');
    expect(r.stdout).toContain('regression above 10% in 1 cell');
    expect(r.status).toBe(5);
    expect(fs.existsSync(path.join(dir, 'new', 'compare-old.html'))).toBe(true);
  });
});
