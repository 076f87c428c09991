// Open-model cells (--rate) are matched on their arrival rate, never mixed with closed cells or
// with each other (their connections are only the in-flight bound, the same for every rate).
import { describe, expect, it } from 'vitest';
import { cell as base, run as baseRun } from '../testing/compare-cells.js';
import type { CellResult, Results } from '../types.js';
import { compareRuns } from './compare.js';

const cell = (rps: number, over: Partial<CellResult> = {}): CellResult =>
  base({
    workers: 2,
    connections: 10_000,
    rps,
    latencyMs: { p50: 100, p90: 100, p99: 120, p999: 120, max: 120, min: 100, mean: 100, stdev: 1 },
    ceilingRps: 100_000,
    efficiency: null,
    littleResidual: null,
    workerPids: 2,
    connectionsOpened: 20,
    ...over,
  });
const run = (id: string, cells: CellResult[]): Results => baseRun(id, id, cells);

describe('compare: rate cells', () => {
  it('matches open cells by rate and keeps closed cells apart', () => {
    const open = (r: number, rps: number) => cell(rps, { open: { ratePerS: r, dropped: 0, lateSends: 0 } });
    const a = run('a', [open(100, 99), open(200, 198), cell(480, { connections: 50 })]);
    const b = run('b', [open(100, 98), open(400, 390), cell(470, { connections: 50 })]);
    const cmp = compareRuns(a, b);
    expect(cmp.cells.map((c) => c.key).sort()).toEqual(['node-async sleep w=2 c=50', 'node-async sleep w=2 r=100/s']);
    expect(cmp.onlyInA).toEqual(['node-async sleep w=2 r=200/s']);
    expect(cmp.onlyInB).toEqual(['node-async sleep w=2 r=400/s']);
  });
});
