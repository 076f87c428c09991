// The capacity search's invariants with an injected probe (no server, no timing).
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../stats/bootstrap.js';
import { searchCapacity, type ProbeVerdict } from './search.js';

/** A server whose goal holds up to `capacity` req/s; p99 grows towards the bound as the rate nears it. */
const server =
  (capacity: number, boundMs = 500) =>
  async (rate: number): Promise<ProbeVerdict> => {
    const valueMs = 100 + (rate / capacity) * (boundMs - 100);
    return rate <= capacity ? { passed: true, valueMs, reason: '' } : { passed: false, valueMs, reason: 'p99 above the goal' };
  };

describe('searchCapacity', () => {
  it('ramps then bisects to within the resolution, in at most 8 probes, reporting a passing rate', async () => {
    for (const capacity of [7, 37, 590, 4200]) {
      const r = await searchCapacity({ startRatePerS: 5, boundMs: 500, probe: server(capacity) });
      expect(r.probes.length).toBeLessThanOrEqual(8);
      expect(r.maxRatePerS).not.toBeNull();
      expect(r.maxRatePerS as number).toBeLessThanOrEqual(capacity);
      expect(r.probes.find((p) => p.ratePerS === r.maxRatePerS)?.passed).toBe(true);
      expect(r.failedRatePerS as number).toBeGreaterThan(capacity);
    }
    const r = await searchCapacity({ startRatePerS: 5, boundMs: 500, probe: server(590), maxProbes: 30 });
    expect(((r.failedRatePerS as number) - (r.maxRatePerS as number)) / (r.maxRatePerS as number)).toBeLessThanOrEqual(0.05);
  });

  it('ramps down when the first probe fails, and reports null when nothing passes', async () => {
    const r = await searchCapacity({ startRatePerS: 100, boundMs: 500, probe: server(3) });
    expect(r.probes[1]?.ratePerS).toBe(25);
    expect(r.maxRatePerS as number).toBeLessThanOrEqual(3);
    const none = await searchCapacity({ startRatePerS: 10, boundMs: 500, probe: async () => ({ passed: false, valueMs: null, reason: 'errored' }) });
    expect(none.maxRatePerS).toBeNull();
    expect(none.probes.every((p) => !p.passed && p.reason === 'errored')).toBe(true);
  });

  it('is monotone under noise: every passing probe is below every failing one, and the answer passed', async () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rand = mulberry32(seed);
      // A noisy server: near its capacity a probe passes or fails at random.
      const probe = async (rate: number): Promise<ProbeVerdict> => {
        const passed = rate < 200 ? true : rate > 400 ? false : rand() < 0.5;
        return { passed, valueMs: passed ? 300 : 700, reason: passed ? '' : 'p99 above the goal' };
      };
      const r = await searchCapacity({ startRatePerS: 10 + seed, boundMs: 500, probe });
      const passes = r.probes.filter((p) => p.passed).map((p) => p.ratePerS);
      const fails = r.probes.filter((p) => !p.passed).map((p) => p.ratePerS);
      if (passes.length && fails.length) expect(Math.max(...passes)).toBeLessThan(Math.min(...fails));
      if (r.maxRatePerS !== null) {
        expect(r.probes.find((p) => p.ratePerS === r.maxRatePerS)?.passed).toBe(true);
        for (const f of fails) expect(r.maxRatePerS).toBeLessThan(f);
      }
      expect(r.probes.length).toBeLessThanOrEqual(8);
    }
  });

  it('stops when the run is interrupted', async () => {
    let n = 0;
    const r = await searchCapacity({ startRatePerS: 5, boundMs: 500, probe: server(1000), aborted: () => n++ >= 2 });
    expect(r.probes.length).toBe(2);
  });
});
