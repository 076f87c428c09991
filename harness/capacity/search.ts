// The capacity search: the highest arrival rate whose probe meets a latency goal. Pure: the probe
// (one open-model cell) is injected, so the search is unit-tested without a server.
//
// Exponential ramp, then bisection, in at most `maxProbes` probes. Every probe lies strictly
// between the highest passing rate and the lowest failing one seen so far, so every passing rate
// is below every failing rate, whatever the noise: the answer is monotone by construction, and it
// is always a rate whose own probe passed, never an interpolation.
import type { CapacityProbe } from '../types.js';

export interface ProbeVerdict {
  passed: boolean;
  /** The goal's percentile in that probe, ms (null when nothing was measured). */
  valueMs: number | null;
  /** Why it failed; empty when it passed. */
  reason: string;
}

export interface SearchOptions {
  /** Where the ramp starts, req/s (run-capacity.ts takes half a one-request-per-worker ceiling). */
  startRatePerS: number;
  /** The goal's bound, ms: a probe far below it ramps faster. */
  boundMs: number;
  probe(ratePerS: number): Promise<ProbeVerdict>;
  /** Default 8 (issue 12: "at most about 8 probe cells"). */
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
}

/** Rates are probed at a readable precision: whole req/s from 10 up, one decimal below. */
export function roundRate(r: number): number {
  return r >= 10 ? Math.round(r) : Math.round(r * 10) / 10;
}

/** How fast the ramp grows after a pass: ×4 when the probe used under half the bound, else ×2. */
export function growth(v: ProbeVerdict, boundMs: number): number {
  return v.valueMs !== null && v.valueMs < boundMs / 2 ? 4 : 2;
}

export async function searchCapacity(o: SearchOptions): Promise<SearchResult> {
  const maxProbes = o.maxProbes ?? 8;
  const resolution = o.resolution ?? 0.05;
  const min = o.minRatePerS ?? 0.5;
  const max = o.maxRatePerS ?? 1_000_000;
  let pass: number | null = null;
  let fail: number | null = null;
  let last: ProbeVerdict | null = null;
  const probes: CapacityProbe[] = [];
  let rate = roundRate(Math.min(max, Math.max(min, o.startRatePerS)));
  while (probes.length < maxProbes && !o.aborted?.()) {
    if (probes.length > 0) {
      let next: number;
      if (pass !== null && fail !== null) {
        if ((fail - pass) / pass <= resolution) break;
        next = roundRate((pass + fail) / 2);
      } else if (pass !== null) {
        next = roundRate(Math.min(max, pass * growth(last as ProbeVerdict, o.boundMs)));
      } else {
        next = roundRate((fail as number) / 4);
        if (next < min) break;
      }
      // Strictly inside the bracket, or there is nothing left to learn at this precision.
      if ((pass !== null && next <= pass) || (fail !== null && next >= fail)) break;
      rate = next;
    }
    const v = await o.probe(rate);
    probes.push({ ratePerS: rate, passed: v.passed, valueMs: v.valueMs, reason: v.passed ? '' : v.reason || 'failed' });
    last = v;
    if (v.passed) pass = rate;
    else fail = rate;
    if (v.passed && rate >= max) break;
  }
  return { maxRatePerS: pass, failedRatePerS: fail, probes };
}
