// Whether one probe cell met the goal. A rate is never reported whose cell failed the goal, had
// 1% or more errors (dropped arrivals count as errors), was invalid, or left older requests
// unfinished than the goal allows. Since issue 21 the goal's percentile also counts the requests
// that failed (each as slower than any answer: a timeout is a latency of at least the timeout),
// it needs 10 samples beyond the percentile, the server must answer what arrived within the noise
// of a count, and a rate above the Little's-law ceiling fails with no slack.
import type { CellResult, SloGoal } from '../types.js';
import type { ProbeVerdict } from './search.js';

/** The goal's percentile of a cell's answered latencies, ms: from latencyMs, else interpolated on its curve. */
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

/** Requests of a probe that got no verified answer: errors, timeouts, failed checks, and arrivals dropped at --max-inflight. */
export function failedOf(c: CellResult): number {
  const q = c.requests;
  return q.non2xx + q.timeouts + q.connErrors + q.verifyFailed + (c.open?.dropped ?? 0);
}

/** Every request the percentile speaks for: the answered and the failed. */
export function samplesOf(c: CellResult): number {
  return c.requests.ok + failedOf(c);
}

/** The fewest samples a percentile needs: 10 beyond it, 10 ÷ (1 − q) (p50: 20, p99: 1,000, p99.9: 10,000; the max as p99.9). */
export function samplesNeeded(percentile: number): number {
  return Math.ceil(1000 / (100 - Math.min(percentile, 99.9)) - 1e-6);
}

/**
 * The goal's percentile over every request, the failed ones counted as slower than any answer: the
 * answered latencies' percentile at q × (answered + failed) ÷ answered. Infinity when more than the
 * share beyond the percentile failed (then no answer is fast enough); null when nothing was answered.
 */
export function percentileWithFailures(c: CellResult, percentile: number): number | null {
  const ok = c.requests.ok;
  if (ok === 0 || !c.latencyMs) return null;
  const within = (percentile * samplesOf(c)) / ok;
  if (within > 100 + 1e-9) return Infinity;
  return percentileMs(c, Math.min(100, within));
}

export const MAX_ERROR_SHARE = 0.01;
/** Answers may fall short of the sends by this many standard deviations of a Poisson count of the arrivals. */
const KEEP_UP_SIGMAS = 3;

/** A probe that failed only because the load generator lagged (busy machine), not the server: worth one more run. */
export function generatorOnly(c: CellResult | undefined, slo: SloGoal): boolean {
  if (!c || c.status !== 'completed') return false;
  const errors = c.validity.filter((v) => v.severity === 'error').map((v) => v.code);
  const value = percentileWithFailures(c, slo.percentile);
  return errors.length > 0 && errors.every((x) => x === 'loadgen-limited') && value !== null && value <= slo.boundMs;
}

/** Why a cell's load was more than the server could take: theory (definite: no run can change it) or a queue that grew. */
function keptUp(c: CellResult): { reason: string; definite: boolean } | null {
  const rate = c.open?.ratePerS ?? null;
  if (rate === null) return null;
  // A rate the server cannot sustain may still look fine in a short window: its queue has not had
  // time to grow (measured: django-wsgi-sync, 1 worker, 100 ms, met p99 < 500 ms at 11 req/s in a
  // 2 s window, above its ceiling of 10). Theory says the queue grows without bound above it.
  if (c.ceilingRps !== null && rate > c.ceilingRps) {
    return {
      definite: true,
      reason: `${rate} req/s is above the Little's-law ceiling of ${c.ceilingRps.toFixed(1)} req/s: the queue grows without bound, however short the window`,
    };
  }
  const arrivals = c.open?.arrivals ?? (c.durationS > 0 ? Math.round(rate * c.durationS) : null);
  if (arrivals === null) return null;
  const sent = arrivals - (c.open?.dropped ?? 0);
  const answered = samplesOf(c) - (c.open?.dropped ?? 0);
  const allowed = KEEP_UP_SIGMAS * Math.sqrt(Math.max(1, arrivals));
  if (sent - answered <= allowed) return null;
  return {
    definite: false,
    reason: `answered ${answered} of ${sent} requests sent in the window, ${sent - answered} short (a steady server is within ${allowed.toFixed(0)}, 3√arrivals): a queue was growing`,
  };
}

export function judgeProbe(c: CellResult | undefined, slo: SloGoal): ProbeVerdict {
  if (!c) return { passed: false, valueMs: null, samples: null, reason: 'the probe cell was not recorded' };
  if (c.status !== 'completed') return { passed: false, valueMs: null, samples: null, reason: `${c.status}${c.error ? `: ${c.error.message}` : ''}` };
  const samples = samplesOf(c);
  const value = percentileWithFailures(c, slo.percentile);
  if (value === null) return { passed: false, valueMs: null, samples, reason: 'no responses were measured' };
  const valueMs = Number.isFinite(value) ? value : null;
  const failed = failedOf(c);
  const reasons: string[] = [];
  if (valueMs === null)
    reasons.push(
      `${failed} of ${samples} requests failed or were dropped: more than the ${+(100 - slo.percentile).toFixed(3)}% beyond p${slo.percentile}, so no answer meets it`,
    );
  else if (valueMs > slo.boundMs)
    reasons.push(`p${slo.percentile} ${valueMs.toFixed(1)} ms (failed requests counted as slowest) is above the goal of ${slo.boundMs} ms`);
  if (failed / Math.max(1, samples) >= MAX_ERROR_SHARE)
    reasons.push(`${((failed / Math.max(1, samples)) * 100).toFixed(1)}% of requests failed or were dropped (the goal needs under 1%)`);
  const needed = samplesNeeded(slo.percentile);
  const load = keptUp(c);
  // A rate above the ceiling is not stretched for samples (theory decides it): saying they were short would mislead.
  if (samples < needed && !load?.definite) reasons.push(`only ${samples} requests measured: p${slo.percentile} needs ${needed} (10 beyond the percentile)`);
  if (load) reasons.push(load.reason);
  const errors = c.validity.filter((v) => v.severity === 'error');
  if (!c.valid || errors.length > 0) reasons.push(`invalid: ${errors.map((v) => v.code).join(', ') || 'marked invalid'}`);
  // Requests still in flight at the window end are in no percentile; if enough of them were already
  // older than the bound, the goal's percentile would be above it.
  const u = c.unfinished;
  if (u && u.oldestMs !== null && u.oldestMs > slo.boundMs && u.count > ((100 - slo.percentile) / 100) * Math.max(1, samples)) {
    reasons.push(`${u.count} requests were still in flight at the window end, the oldest ${u.oldestMs.toFixed(0)} ms old (above the goal)`);
  }
  // Above the ceiling theory decides: a second run could not change the verdict.
  const definite = load?.definite === true;
  return { passed: reasons.length === 0, valueMs, samples, reason: reasons.join('; '), ...(definite ? { definite } : {}) };
}
