import { describe, expect, it } from 'vitest';
import { NOT_MEASURED } from '../run/cell.js';
import type { CellResult } from '../types.js';
import { generatorOnly, judgeProbe, percentileMs } from './verdict.js';

const slo = { percentile: 99, boundMs: 500, text: 'p99<500ms' };
function cell(over: Partial<CellResult> = {}): CellResult {
  return {
    target: 's',
    scenario: 'sleep',
    workers: 1,
    threads: null,
    connections: 10_000,
    repeat: 1,
    status: 'completed',
    params: { ms: 100 },
    model: 'sync-process',
    rps: 8,
    latencyMs: { p50: 101, p90: 150, p99: 300, p999: 400, max: 420, min: 100, mean: 120, stdev: 30 },
    latencyCurveMs: [
      [50, 101],
      [90, 150],
      [95, 200],
      [99, 300],
      [100, 420],
    ],
    serverMsP50: 100,
    queueMsMean: 10,
    requests: { ok: 40, non2xx: 0, timeouts: 0, connErrors: 0, verifyFailed: 0 },
    ceilingRps: 10,
    efficiency: 0.8,
    littleResidual: null,
    resources: NOT_MEASURED,
    loadGenCpuPct: 5,
    workerPids: 1,
    connectionsOpened: 2,
    keepAlive: false,
    validity: [],
    valid: true,
    startedAt: '2026-01-01T00:00:00Z',
    durationS: 5,
    warmupS: 1,
    open: { ratePerS: 8, dropped: 0, lateSends: 0 },
    ...over,
  };
}

describe('judgeProbe', () => {
  it('passes a valid cell under the goal with no errors', () => {
    expect(judgeProbe(cell(), slo)).toEqual({ passed: true, valueMs: 300, reason: '' });
  });
  it('fails on the goal, on 1% errors (drops included), on invalidity, and above the ceiling', () => {
    expect(judgeProbe(cell({ latencyMs: { ...cell().latencyMs!, p99: 501 } }), slo).reason).toMatch(/above the goal/);
    expect(judgeProbe(cell({ open: { ratePerS: 8, dropped: 1, lateSends: 0 } }), slo).passed).toBe(false);
    expect(judgeProbe(cell({ requests: { ok: 99, non2xx: 1, timeouts: 0, connErrors: 0, verifyFailed: 0 }, durationS: 12.5 }), slo).reason).toMatch(
      /1\.0% of requests failed/,
    );
    expect(judgeProbe(cell({ valid: false, validity: [{ code: 'loadgen-limited', message: '', severity: 'error' }] }), slo).reason).toMatch(
      /invalid: loadgen-limited/,
    );
    expect(judgeProbe(cell({ open: { ratePerS: 11, dropped: 0, lateSends: 0 } }), slo).reason).toMatch(/above the Little's-law ceiling/);
    expect(judgeProbe(cell({ ceilingRps: 1e6, open: { ratePerS: 100, dropped: 0, lateSends: 0 } }), slo).reason).toMatch(/answered 40 of about 500/);
    expect(judgeProbe(cell({ status: 'errored', latencyMs: null }), slo).passed).toBe(false);
  });
  it('reads any percentile, interpolating on the curve', () => {
    expect(percentileMs(cell(), 95)).toBe(200);
    expect(percentileMs(cell(), 97)).toBeCloseTo(250);
    expect(percentileMs(cell(), 99.9)).toBe(400);
  });
  it('calls a probe generator-only when the generator alone made it invalid', () => {
    const lag = { code: 'loadgen-limited', message: '', severity: 'error' as const };
    expect(generatorOnly(cell({ valid: false, validity: [lag] }), slo)).toBe(true);
    expect(generatorOnly(cell({ valid: false, validity: [lag, { code: 'error-rate', message: '', severity: 'error' }] }), slo)).toBe(false);
  });
});
