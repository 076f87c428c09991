// The capacity search: the highest arrival rate whose probe meets a latency goal. Pure: the probe
// (one open-model cell) is injected, so the search is unit-tested without a server.
//
// Exponential ramp, then bisection, in at most `maxProbes` rates. Every probe lies strictly
// between the highest passing rate and the lowest failing one seen so far, so every passing rate
// is below every failing rate, whatever the noise: the answer is monotone by construction, and it
// is always a rate whose own probe passed, never an interpolation.
//
// One noisy failure must not pin the bracket (issue 21): before the search bisects below a failed
// rate that sits next to a pass (or stops on it), that rate runs once more. If it fails again the
// failure is confirmed; if it passes, the rate counts as passed and the search goes on above it.
// A failure that theory decides (a rate above the ceiling) needs no second run. Confirmations are
// not counted in `maxProbes`: at most one per failed rate.
import type { CapacityProbe } from '../types.js';

export interface ProbeVerdict {
  passed: boolean;
  /** The goal's percentile in that probe, failed requests counted as slowest, ms (null when nothing was measured, or when too many failed for any answer to meet it). */
  valueMs: number | null;
  /** Requests the percentile speaks for (answered and failed); null when nothing was measured. */
  samples: number | null;
  /** Why it failed; empty when it passed. */
  reason: string;
  /** The failure is theory's (above the ceiling): running it again cannot change it. */
  definite?: boolean;
}

export interface SearchOptions {
  /** Where the ramp starts, req/s (run-capacity.ts: startRate). */
  startRatePerS: number;
  /** The goal's bound, ms: a probe far below it ramps faster. */
  boundMs: number;
  /** `confirming`: this probe runs a failed rate again. */
  probe(ratePerS: number, confirming: boolean): Promise<ProbeVerdict>;
  /** Rates probed, confirmations aside. Default 8 (issue 12: "at most about 8 probe cells"). */
  maxProbes?: number;
  /** Stop bisecting when (fail − pass) ÷ pass is at most this. Default 0.05. */
  resolution?: number;
  minRatePerS?: number;
  maxRatePerS?: number;
  /** Checked before each probe: an interrupted run stops searching. */
  aborted?(): boolean;
}

export interface SearchResult {
  /** Highest passing rate; null when no probe passed. */
  maxRatePerS: number | null;
  /** Lowest failing rate; null when none failed (the ramp ran out of probes first). */
  failedRatePerS: number | null;
  probes: CapacityProbe[];
  /** Failed rates run once more next to a pass: failed again (confirmed) or passed (overturned). */
  confirmations: { confirmed: number; overturned: number };
}

/** Rates are probed at a readable precision: whole req/s from 10 up, one decimal below. */
export function roundRate(r: number): number {
  return r >= 10 ? Math.round(r) : Math.round(r * 10) / 10;
}

/** How fast the ramp grows after a pass: ×4 when the probe used under half the bound, else ×2. */
export function growth(v: ProbeVerdict, boundMs: number): number {
  return v.valueMs !== null && v.valueMs < boundMs / 2 ? 4 : 2;
}

/** The search's state: the bracket, and which failed rates are settled (confirmed, or theory's). */
interface Bracket {
  pass: number | null;
  fail: number | null;
  last: ProbeVerdict | null;
  settled: Set<number>;
}

/** The next rate to probe, whether it re-runs a failure, or null when there is nothing left to learn at this precision. */
function nextStep(b: Bracket, o: SearchOptions): { rate: number; confirming: boolean } | null {
  const min = o.minRatePerS ?? 0.5;
  const max = o.maxRatePerS ?? 1_000_000;
  if (b.pass !== null && b.fail !== null && !b.settled.has(b.fail)) return { rate: b.fail, confirming: true };
  let next: number;
  if (b.pass !== null && b.fail !== null) {
    if ((b.fail - b.pass) / b.pass <= (o.resolution ?? 0.05)) return null;
    next = roundRate((b.pass + b.fail) / 2);
  } else if (b.pass !== null) {
    next = roundRate(Math.min(max, b.pass * growth(b.last as ProbeVerdict, o.boundMs)));
  } else {
    next = roundRate((b.fail as number) / 4);
    if (next < min) return null;
  }
  // Strictly inside the bracket, or there is nothing left to learn at this precision.
  if ((b.pass !== null && next <= b.pass) || (b.fail !== null && next >= b.fail)) return null;
  return { rate: next, confirming: false };
}

export async function searchCapacity(o: SearchOptions): Promise<SearchResult> {
  const maxProbes = o.maxProbes ?? 8;
  const max = o.maxRatePerS ?? 1_000_000;
  const b: Bracket = { pass: null, fail: null, last: null, settled: new Set() };
  /** Failed rates above the bracket, lowest first: the next upper bound when a failure is overturned. */
  const higherFails: number[] = [];
  const probes: CapacityProbe[] = [];
  const confirmations = { confirmed: 0, overturned: 0 };
  let step: { rate: number; confirming: boolean } | null = {
    rate: roundRate(Math.min(max, Math.max(o.minRatePerS ?? 0.5, o.startRatePerS))),
    confirming: false,
  };
  while (step && !o.aborted?.()) {
    if (!step.confirming && probes.filter((p) => !p.confirms).length >= maxProbes) break;
    const { rate, confirming } = step;
    const v = await o.probe(rate, confirming);
    probes.push({
      ratePerS: rate,
      passed: v.passed,
      valueMs: v.valueMs,
      samples: v.samples,
      reason: v.passed ? '' : v.reason || 'failed',
      ...(confirming ? { confirms: true } : {}),
    });
    b.last = v;
    if (confirming) {
      if (!v.passed) {
        confirmations.confirmed++;
        b.settled.add(rate);
      } else {
        // The first failure was noise: the rate passed, and the next failure above it bounds the bracket.
        confirmations.overturned++;
        b.pass = rate;
        b.fail = higherFails.find((f) => f > rate) ?? null;
      }
    } else if (v.passed) {
      b.pass = rate;
    } else {
      if (b.fail !== null) higherFails.push(b.fail);
      higherFails.sort((x, y) => x - y);
      b.fail = rate;
      if (v.definite) b.settled.add(rate);
    }
    if (v.passed && rate >= max) break;
    step = nextStep(b, o);
  }
  return { maxRatePerS: b.pass, failedRatePerS: b.fail, probes, confirmations };
}
