import { describe, expect, it } from 'vitest';
import { NOT_MEASURED } from '../run/cell.js';
import type { CellResult } from '../types.js';
import { generatorOnly, judgeProbe, percentileMs, percentileWithFailures, samplesNeeded } from './verdict.js';

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
    requests: { ok: 1000, non2xx: 0, timeouts: 0, connErrors: 0, verifyFailed: 0 },
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
    durationS: 125,
    warmupS: 1,
    open: { ratePerS: 8, dropped: 0, lateSends: 0, arrivals: 1000 },
    ...over,
  };
}

describe('judgeProbe', () => {
  it('passes a valid cell under the goal with no errors', () => {
    expect(judgeProbe(cell(), slo)).toEqual({ passed: true, valueMs: 300, samples: 1000, reason: '' });
  });
  it('fails on the goal, on 1% errors (drops included), on invalidity, and above the ceiling', () => {
    expect(judgeProbe(cell({ latencyMs: { ...cell().latencyMs!, p99: 501 } }), slo).reason).toMatch(/above the goal/);
    expect(judgeProbe(cell({ open: { ratePerS: 8, dropped: 20, lateSends: 0 } }), slo).passed).toBe(false);
    expect(judgeProbe(cell({ requests: { ok: 990, non2xx: 10, timeouts: 0, connErrors: 0, verifyFailed: 0 } }), slo).reason).toMatch(
      /1\.0% of requests failed/,
    );
    expect(judgeProbe(cell({ valid: false, validity: [{ code: 'loadgen-limited', message: '', severity: 'error' }] }), slo).reason).toMatch(
      /invalid: loadgen-limited/,
    );
    expect(judgeProbe(cell({ open: { ratePerS: 11, dropped: 0, lateSends: 0 } }), slo).reason).toMatch(/above the Little's-law ceiling/);
    expect(judgeProbe(cell({ ceilingRps: 1e6, open: { ratePerS: 100, dropped: 0, lateSends: 0, arrivals: 12_500 } }), slo).reason).toMatch(
      /answered 1000 of 12500 requests sent in the window, 11500 short/,
    );
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

  describe('verdicts that hold (issue 21)', () => {
    const p999 = { percentile: 99.9, boundMs: 250, text: 'p99.9<250ms' };
    const requests = (ok: number, timeouts = 0) => ({ ok, non2xx: 0, timeouts, connErrors: 0, verifyFailed: 0 });

    it('counts failed requests in the percentile: p99.9 < 250 ms with 0.9% timing out fails', () => {
      const c = cell({
        requests: requests(9910, 90),
        open: { ratePerS: 80, dropped: 0, lateSends: 0, arrivals: 10_000 },
        ceilingRps: 1e6,
        latencyMs: { p50: 101, p90: 150, p99: 200, p999: 240, max: 245, min: 100, mean: 110, stdev: 20 },
        latencyCurveMs: [
          [50, 101],
          [90, 150],
          [99, 200],
          [99.9, 240],
          [100, 245],
        ],
      });
      expect(c.latencyMs?.p999).toBeLessThan(250);
      expect(percentileWithFailures(c, 99.9)).toBe(Infinity);
      const v = judgeProbe(c, p999);
      expect(v.passed).toBe(false);
      expect(v.reason).toMatch(/90 of 10000 requests failed or were dropped: more than the 0\.1% beyond p99\.9, so no answer meets it/);
      // Fewer failures than the share beyond the percentile move it up the answered curve instead.
      expect(percentileWithFailures(cell({ requests: requests(995, 5) }), 99)).toBeCloseTo(percentileMs(cell(), (99 * 1000) / 995) as number);
    });

    it('needs 10 samples beyond the percentile, and says how many it had', () => {
      expect([samplesNeeded(50), samplesNeeded(90), samplesNeeded(99), samplesNeeded(99.9), samplesNeeded(100)]).toEqual([20, 100, 1000, 10_000, 10_000]);
      const v = judgeProbe(cell({ requests: requests(500), open: { ratePerS: 8, dropped: 0, lateSends: 0, arrivals: 500 } }), slo);
      expect(v.passed).toBe(false);
      expect(v.samples).toBe(500);
      expect(v.reason).toMatch(/only 500 requests measured: p99 needs 1000/);
    });

    it('keep-up within the noise of a Poisson count, not 90%: 100 short of 1,000 fails, 40 short passes', () => {
      const p90 = { percentile: 90, boundMs: 500, text: 'p90<500ms' };
      const short = (ok: number) =>
        judgeProbe(cell({ requests: requests(ok), ceilingRps: 1e6, open: { ratePerS: 100, dropped: 0, lateSends: 0, arrivals: 1000 } }), p90);
      expect(short(900).reason).toMatch(/answered 900 of 1000 requests sent in the window, 100 short \(a steady server is within 95, 3√arrivals\)/);
      expect(short(960).passed).toBe(true);
    });

    it('no slack above the ceiling, and that failure is theory’s (definite)', () => {
      const v = judgeProbe(cell({ ceilingRps: 10, open: { ratePerS: 10.05, dropped: 0, lateSends: 0, arrivals: 1256 }, requests: requests(1256) }), slo);
      expect(v.passed).toBe(false);
      expect(v.definite).toBe(true);
      expect(judgeProbe(cell({ ceilingRps: 10, open: { ratePerS: 10, dropped: 0, lateSends: 0, arrivals: 1250 }, requests: requests(1250) }), slo).passed).toBe(
        true,
      );
    });
  });
});
