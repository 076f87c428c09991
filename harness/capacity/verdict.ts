// Whether one probe cell met the goal. A rate is never reported whose cell failed the goal, had
// 1% or more errors (dropped arrivals count as errors), was invalid, or left older requests
// unfinished than the goal allows.
import type { CellResult, SloGoal } from '../types.js';
import type { ProbeVerdict } from './search.js';

/** The goal's percentile of a cell's latency, ms: from latencyMs, else interpolated on its curve. */
export function percentileMs(c: CellResult, percentile: number): number | null {
  const l = c.latencyMs;
  if (!l) return null;
  const named: Record<number, number> = { 50: l.p50, 90: l.p90, 99: l.p99, 99.9: l.p999, 100: l.max };
  if (named[percentile] !== undefined) return named[percentile] as number;
  const curve = [...c.latencyCurveMs].sort((a, b) => a[0] - b[0]);
  const hi = curve.findIndex(([p]) => p >= percentile);
  if (hi < 0) return l.max;
  if (hi === 0) return (curve[0] as [number, number])[1];
  const [p0, v0] = curve[hi - 1] as [number, number];
  const [p1, v1] = curve[hi] as [number, number];
  return p1 === p0 ? v1 : v0 + ((v1 - v0) * (percentile - p0)) / (p1 - p0);
}

export const MAX_ERROR_SHARE = 0.01;
/** Asked rates up to the ceiling are sustainable in theory (timer slack: 1%). */
const CEILING_SLACK = 1.01;
/** Answers may fall this short of the arrivals (window edges, counting noise) before it is a growing queue. */
const KEEP_UP_SHARE = 0.9;
const KEEP_UP_SLACK = 3;

/** A probe that failed only because the load generator lagged (busy machine), not the server: worth one more run. */
export function generatorOnly(c: CellResult | undefined, slo: SloGoal): boolean {
  if (!c || c.status !== 'completed') return false;
  const errors = c.validity.filter((v) => v.severity === 'error').map((v) => v.code);
  const value = percentileMs(c, slo.percentile);
  return errors.length > 0 && errors.every((x) => x === 'loadgen-limited') && value !== null && value <= slo.boundMs;
}

export function judgeProbe(c: CellResult | undefined, slo: SloGoal): ProbeVerdict {
  if (!c) return { passed: false, valueMs: null, reason: 'the probe cell was not recorded' };
  if (c.status !== 'completed') return { passed: false, valueMs: null, reason: `${c.status}${c.error ? `: ${c.error.message}` : ''}` };
  const valueMs = percentileMs(c, slo.percentile);
  if (valueMs === null) return { passed: false, valueMs, reason: 'no responses were measured' };
  const q = c.requests;
  const failed = q.non2xx + q.timeouts + q.connErrors + q.verifyFailed + (c.open?.dropped ?? 0);
  const total = q.ok + failed;
  const share = total > 0 ? failed / total : 1;
  const reasons: string[] = [];
  if (valueMs > slo.boundMs) reasons.push(`p${slo.percentile} ${valueMs.toFixed(1)} ms is above the goal of ${slo.boundMs} ms`);
  if (share >= MAX_ERROR_SHARE) reasons.push(`${(share * 100).toFixed(1)}% of requests failed or were dropped (the goal needs under 1%)`);
  // A rate the server cannot sustain may still look fine in a short window: its queue has not had
  // time to grow (measured: django-wsgi-sync, 1 worker, 100 ms, met p99 < 500 ms at 11 req/s in a
  // 2 s window, above its ceiling of 10). Theory says the queue grows without bound above the
  // ceiling, and a server that answered clearly fewer than were asked is queueing.
  const rate = c.open?.ratePerS ?? null;
  if (rate !== null && c.ceilingRps !== null && rate > c.ceilingRps * CEILING_SLACK) {
    reasons.push(
      `${rate} req/s is above the Little's-law ceiling of ${c.ceilingRps.toFixed(1)} req/s: the queue grows without bound, however short the window`,
    );
  } else if (rate !== null && c.durationS > 0) {
    const expected = rate * c.durationS;
    const answered = total - (c.open?.dropped ?? 0);
    if (answered < expected * KEEP_UP_SHARE - KEEP_UP_SLACK)
      reasons.push(`answered ${answered} of about ${Math.round(expected)} arrivals in the window: a queue was growing`);
  }
  const errors = c.validity.filter((v) => v.severity === 'error');
  if (!c.valid || errors.length > 0) reasons.push(`invalid: ${errors.map((v) => v.code).join(', ') || 'marked invalid'}`);
  // Requests still in flight at the window end are in no percentile; if enough of them were already
  // older than the bound, the goal's percentile would be above it.
  const u = c.unfinished;
  if (u && u.oldestMs !== null && u.oldestMs > slo.boundMs && u.count > ((100 - slo.percentile) / 100) * Math.max(1, total)) {
    reasons.push(`${u.count} requests were still in flight at the window end, the oldest ${u.oldestMs.toFixed(0)} ms old (above the goal)`);
  }
  return { passed: reasons.length === 0, valueMs, reason: reasons.join('; ') };
}
