import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NOT_MEASURED } from '../run/cell.js';
import { createProgress } from '../run/progress.js';
import type { CellResult, Results } from '../types.js';
import { renderSummaryTable } from './summary-table.js';

const cell = (over: Partial<CellResult>): CellResult => ({
  target: 'node-async',
  scenario: 'sleep',
  workers: 2,
  threads: null,
  connections: 100,
  repeat: 1,
  status: 'completed',
  params: { ms: 100 },
  model: 'async',
  rps: 987.6,
  latencyMs: { p50: 101.2, p90: 102, p99: 1234.5, p999: 1300, max: 1400, min: 100, mean: 101, stdev: 1 },
  latencyCurveMs: [],
  serverMsP50: 100,
  queueMsMean: 1,
  requests: { ok: 100, non2xx: 1, timeouts: 2, connErrors: 0, verifyFailed: 0 },
  ceilingRps: 1000,
  efficiency: 0.9876,
  littleResidual: 0.01,
  resources: NOT_MEASURED,
  loadGenCpuPct: 20,
  workerPids: 2,
  connectionsOpened: 100,
  keepAlive: true,
  validity: [],
  valid: true,
  startedAt: '',
  durationS: 3,
  warmupS: 1,
  ...over,
});

const results = (cells: CellResult[]): Results => ({
  schemaVersion: 1,
  run: { provenance: { sharedCores: "the load generator and the servers share this machine's 2 cores" } } as Results['run'],
  targets: [],
  scenarios: [{ id: 'sleep', title: 'Sleep', explanation: '', params: { ms: 100 } }],
  cells,
});

describe('renderSummaryTable', () => {
  it('prints one row per cell with rps, p50, p99, errors, ceiling and efficiency, and explains invalid cells', () => {
    const text = renderSummaryTable(
      results([
        cell({}),
        cell({
          target: 'node-sync',
          rps: 19.9,
          ceilingRps: 20,
          efficiency: 0.995,
          valid: false,
          validity: [{ code: 'error-rate', message: 'error rate 5% is above 1%', severity: 'error' }],
        }),
        cell({ target: 'broken', status: 'errored', latencyMs: null, error: { code: 'target-not-ready', message: 'x' } }),
      ]),
    );
    expect(text).toContain('Sleep (sleep: ms=100)');
    expect(text).toMatch(/node-async\s+2\s+100\s+987\.6\s+101\.2 ms\s+1\.23 s\s+3\s+1000\s+99%\s+ok/);
    expect(text).toMatch(/node-sync .* INVALID/);
    expect(text).toContain('node-sync w=2 c=100: INVALID: error rate 5% is above 1%');
    expect(text).toMatch(/broken\s+2\s+100\s+-\s+-\s+-\s+3\s+1000\s+99%\s+errored/);
    expect(text).toContain("share this machine's 2 cores");
  });

  it('titles a config scenario without parameters by its name alone, and marks a CPU ceiling', () => {
    const r = results([cell({ scenario: 'json', params: {}, ceilingRps: 1250, efficiency: 0.5, ceilingBasis: 'cpu' })]);
    r.scenarios = [{ id: 'json', title: 'GET /json', explanation: '', params: {} }];
    const text = renderSummaryTable(r);
    expect(text).toContain('GET /json (json)\n');
    expect(text).not.toContain('(json: )');
    expect(text).toMatch(/node-async .*1250 cpu\s+50%/);
    expect(text).toContain('"cpu": no delay declared, so cores ÷ CPU per request at the fewest connections');
  });
});

describe('progress without a TTY', () => {
  it('prints one plain line per event, no escape codes', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const p = createProgress(out as unknown as NodeJS.WriteStream, { tty: false });
    p.runStart({ cells: 2, launches: 1, cellSeconds: 4, runDir: 'reports/x' });
    p.launch('node-async', 2);
    p.cellStart({ target: 'node-async', scenario: 'sleep', workers: 2, connections: 100, repeat: 1, threads: null, params: {} });
    p.tick({ elapsedS: 1, totalS: 4, ok: 10, failed: 0 });
    p.cellEnd(cell({}));
    expect(text).not.toContain('\x1b');
    expect(text.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^asyncbench: 2 cells, 1 server launches, about \d+s → reports\/x$/),
      'starting node-async with 2 workers',
      '[1/2] node-async sleep w=2 c=100: 987.6 req/s, p50 101.2 ms, p99 1234.5 ms, errors 3 eff 99%',
    ]);
  });
});
