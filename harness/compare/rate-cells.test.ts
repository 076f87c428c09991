// Open-model cells (--rate) are matched on their arrival rate, never mixed with closed cells or
// with each other (their connections are only the in-flight bound, the same for every rate).
import { describe, expect, it } from 'vitest';
import { NOT_MEASURED } from '../cell.js';
import type { CellResult, Results } from '../types.js';
import { compareRuns } from './compare.js';

function cell(rps: number, over: Partial<CellResult> = {}): CellResult {
  return {
    target: 'node-async',
    scenario: 'sleep',
    workers: 2,
    threads: null,
    connections: 10_000,
    repeat: 1,
    status: 'completed',
    params: { ms: 100 },
    model: 'async',
    rps,
    latencyMs: { p50: 100, p90: 100, p99: 120, p999: 120, max: 120, min: 100, mean: 100, stdev: 1 },
    latencyCurveMs: [],
    serverMsP50: 100,
    queueMsMean: 0,
    requests: { ok: 100, non2xx: 0, timeouts: 0, connErrors: 0, verifyFailed: 0 },
    ceilingRps: 100_000,
    efficiency: null,
    littleResidual: null,
    resources: NOT_MEASURED,
    loadGenCpuPct: 10,
    workerPids: 2,
    connectionsOpened: 20,
    keepAlive: true,
    validity: [],
    valid: true,
    startedAt: '2026-01-01T00:00:00Z',
    durationS: 3,
    warmupS: 1,
    ...over,
  };
}
const run = (id: string, cells: CellResult[]): Results => ({
  schemaVersion: 2,
  run: { id, startedAt: id } as Results['run'],
  targets: [],
  scenarios: [],
  cells,
});

describe('compare: rate cells', () => {
  it('matches open cells by rate and keeps closed cells apart', () => {
    const open = (r: number, rps: number) => cell(rps, { open: { ratePerS: r, dropped: 0, lateSends: 0 } });
    const a = run('a', [open(100, 99), open(200, 198), cell(480, { connections: 50 })]);
    const b = run('b', [open(100, 98), open(400, 390), cell(470, { connections: 50 })]);
    const cmp = compareRuns(a, b);
    expect(cmp.cells.map((c) => c.key).sort()).toEqual(['node-async sleep w=2 c=50', 'node-async sleep w=2 rate=100/s']);
    expect(cmp.onlyInA).toEqual(['node-async sleep w=2 rate=200/s']);
    expect(cmp.onlyInB).toEqual(['node-async sleep w=2 rate=400/s']);
  });
});
