// Hand-made cells and runs for the compare and gate tests: one healthy node-async sleep cell that
// each test bends with overrides, and a run record that passes the results schema (compare reads
// through it): the report fixture's, renamed.
import { NOT_MEASURED } from '../run/cell.js';
import { fixture } from '../report/fixtures/load-fixture.js';
import type { CellResult, Results } from '../types.js';

export function cell(over: Partial<CellResult> = {}): CellResult {
  return {
    target: 'node-async',
    scenario: 'sleep',
    workers: 1,
    threads: null,
    connections: 10,
    repeat: 1,
    status: 'completed',
    params: { ms: 100 },
    model: 'async',
    rps: 100,
    latencyMs: { p50: 100, p90: 100, p99: 110, p999: 110, max: 110, min: 100, mean: 100, stdev: 1 },
    latencyCurveMs: [],
    serverMsP50: 100,
    queueMsMean: 0,
    requests: { ok: 100, non2xx: 0, timeouts: 0, connErrors: 0, verifyFailed: 0 },
    ceilingRps: 100,
    efficiency: 1,
    littleResidual: 0,
    resources: NOT_MEASURED,
    loadGenCpuPct: 10,
    workerPids: 1,
    connectionsOpened: 10,
    keepAlive: true,
    validity: [],
    valid: true,
    startedAt: '2026-01-01T00:00:00Z',
    durationS: 3,
    warmupS: 1,
    ...over,
  };
}

export const run = (id: string, startedAt: string, cells: CellResult[]): Results => ({
  schemaVersion: 3,
  run: { ...fixture().run, id, startedAt },
  targets: [],
  scenarios: [],
  cells,
});
