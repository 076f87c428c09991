// open-overloaded (issue 21, item 1): an open-model cell whose queue grew during its window is
// invalid, its percentiles being the run's length. Hand-made figures that must trip it, and real
// cells of this machine (their results.json figures) that must or must not.
import { describe, expect, it } from 'vitest';
import { checkValidity, isValid, type ValidityInput } from './validity.js';

describe('open-overloaded (issue 21)', () => {
  const none = { non2xx: 0, timeouts: 0, connErrors: 0, verifyFailed: 0 };
  // Real cells (this machine, 2 cores, shared): the figures a run of each wrote into results.json.
  const real = (o: Partial<ValidityInput>): ValidityInput =>
    ({ loadGenCpuPct: 5, pidsChanged: false, connections: 10_000, connectionsOpened: 20, ...o }) as ValidityInput;
  // node-sync, 1 worker, sleep 20 ms (ceiling 50), --rate 100 --duration 2s: before the rule, valid with no warning.
  const over = real({
    rps: 42,
    ceilingRps: 50,
    p50Ms: 1125.4,
    meanMs: 1130.3,
    floorMs: 20,
    counts: { ok: 84, ...none },
    open: { ratePerS: 100, dropped: 0, lateSends: 0, arrivals: 200, latencyP50ByThirdMs: [769.0, 1146.9, 1514.5] },
  });
  // node-sync at 45 req/s, under its ceiling of 50 but above what it serves (42.3 req/s): --duration 6s.
  const above = real({
    rps: 42.33,
    ceilingRps: 50,
    p50Ms: 204.8,
    meanMs: 218.4,
    floorMs: 20,
    counts: { ok: 254, ...none },
    open: { ratePerS: 45, dropped: 0, lateSends: 0, arrivals: 270, latencyP50ByThirdMs: [123.5, 207.2, 316.4] },
  });
  const steady: Record<string, ValidityInput> = {
    'node-async, sleep 100 ms, 300 req/s, 6 s': real({
      rps: 299.83,
      ceilingRps: 100_000,
      p50Ms: 102.3,
      meanMs: 102.9,
      floorMs: 100,
      counts: { ok: 1799, ...none },
      open: { ratePerS: 300, dropped: 0, lateSends: 0, arrivals: 1800, latencyP50ByThirdMs: [102.2, 102.6, 102.1] },
    }),
    'django-wsgi-sync 1 worker, sleep 100 ms, 9 req/s, 10 s': real({
      rps: 9,
      ceilingRps: 10,
      p50Ms: 103.7,
      meanMs: 107.4,
      floorMs: 100,
      counts: { ok: 90, ...none },
      open: { ratePerS: 9, dropped: 0, lateSends: 0, arrivals: 90, latencyP50ByThirdMs: [105.4, 103.4, 104.0] },
    }),
  };
  const overloaded = (i: ValidityInput) => checkValidity(i).find((v) => v.code === 'open-overloaded');

  it('trips on a rate above the ceiling, an error that names it', () => {
    const v = overloaded(over);
    expect(v?.severity).toBe('error');
    expect(v?.message).toMatch(/100\.0 req\/s is above the Little's-law ceiling of 50\.0 req\/s.*percentiles depend on how long the run was/);
  });

  it('trips on the queue itself where theory gives no ceiling: sent − answered beyond its noise, and p50 rising', () => {
    expect(overloaded({ ...over, ceilingRps: null })?.message).toMatch(
      /the queue grew by 116 requests over the window \(200 sent, 84 answered; .*\) and p50 rose from 769\.0 ms in its first third to 1514\.5 ms in its last/,
    );
    expect(overloaded(above)?.message).toMatch(/the queue grew by 16 requests .* p50 rose from 123\.5 ms/);
    expect(isValid(checkValidity(above))).toBe(false);
  });

  for (const [name, cell] of Object.entries(steady)) {
    it(`is quiet on a server that keeps up: ${name}`, () => expect(overloaded(cell)).toBeUndefined());
  }

  it('a pause at the window end (requests in flight, latency flat) is not overload; a tenth of the sends left waiting is, whatever p50 did', () => {
    const fast = real({ rps: 1000, ceilingRps: null, p50Ms: 1, meanMs: 1.1, floorMs: null, counts: { ok: 9980, ...none } });
    const flat = [1.0, 1.05, 1.0];
    expect(overloaded({ ...fast, open: { ratePerS: 1000, dropped: 0, lateSends: 0, arrivals: 10_000, latencyP50ByThirdMs: flat } })).toBeUndefined();
    expect(overloaded({ ...fast, open: { ratePerS: 1000, dropped: 0, lateSends: 0, arrivals: 11_200, latencyP50ByThirdMs: flat } })).toBeDefined();
  });

  it('without the engine’s evidence (no arrivals) only theory can say', () => {
    expect(overloaded({ ...above, open: { ratePerS: 45, dropped: 0, lateSends: 0 } })).toBeUndefined();
    expect(overloaded({ ...over, open: { ratePerS: 100, dropped: 0, lateSends: 0 } })).toBeDefined();
  });
});
