// Whether an open-model cell's queue grew during its window (issue 21, item 1). Above capacity an
// open-model queue grows for as long as the cell runs, so its percentiles describe the run's length
// rather than the server. The evidence is the queue itself: requests sent in the window minus those
// answered in it, against the noise of a steady queue, and latency rising across the window. Pure;
// validity.ts turns it into the open-overloaded rule, progress.ts into words on the terminal line.
import type { RequestCounts } from '../types.js';

export const QUEUE_LIMITS = {
  /** A queue grew when sent − answered exceeds this many standard deviations of the in-flight count's noise. */
  queueGrowthSigmas: 3,
  /** p50 of the window's last third this many times its first third's says latency rose with the queue. */
  latencyRise: 1.25,
  /** A queue that grew by this share of the sends is overload whatever latency did. */
  queueGrowthShare: 0.1,
} as const;

/** What the evidence reads of a cell: its open-model facts, its counts, and Little's law's figures. */
export interface QueueFacts {
  open?: { ratePerS: number; dropped: number; arrivals?: number | null; latencyP50ByThirdMs?: Array<number | null> | null };
  counts: RequestCounts;
  rps: number;
  meanMs: number | null;
}

const f1 = (x: number) => x.toFixed(1);
const answeredOf = (c: RequestCounts) => c.ok + c.non2xx + c.timeouts + c.connErrors + c.verifyFailed;

/**
 * How much an open-model cell's queue grew over its window: requests sent in it (the schedule's
 * arrivals less drops) minus requests answered in it, which is exactly the in-flight count at its
 * end minus that at its start. `noise` is what a steady queue's in-flight count wanders by: it
 * holds about L = rps × mean latency requests (Little), a Poisson-like count with variance L, and
 * the growth is the difference of two of them. Null when the engine gave no arrivals.
 */
export function queueGrowth(i: QueueFacts): { grew: number; sent: number; answered: number; noise: number } | null {
  const a = i.open?.arrivals;
  if (a === null || a === undefined || !i.open) return null;
  const sent = a - i.open.dropped;
  const answered = answeredOf(i.counts);
  const inFlight = (i.rps * (i.meanMs ?? 0)) / 1000;
  return { grew: sent - answered, sent, answered, noise: Math.sqrt(2 * (inFlight + 1)) };
}

/**
 * Why an open-model cell's queue was growing, in words; null when it was not, or when there is no
 * evidence (an engine that gives no arrivals leaves only theory: a rate above the ceiling).
 */
export function overloadEvidence(i: QueueFacts & { ceilingRps: number | null }, ceilingTolerance: number): string | null {
  const o = i.open;
  if (!o) return null;
  if (i.ceilingRps !== null && o.ratePerS > i.ceilingRps * ceilingTolerance) {
    return `${f1(o.ratePerS)} req/s is above the Little's-law ceiling of ${f1(i.ceilingRps)} req/s, so the queue grows without bound`;
  }
  const g = queueGrowth(i);
  if (!g || g.grew <= QUEUE_LIMITS.queueGrowthSigmas * g.noise) return null;
  const [first, , last] = o.latencyP50ByThirdMs ?? [];
  const rose = typeof first === 'number' && typeof last === 'number' && last > first * QUEUE_LIMITS.latencyRise;
  const large = g.grew > g.sent * QUEUE_LIMITS.queueGrowthShare;
  if (!rose && !large) return null;
  const queue = `the queue grew by ${g.grew} requests over the window (${g.sent} sent, ${g.answered} answered; a steady queue wanders by about ${f1(g.noise)})`;
  return rose ? `${queue} and p50 rose from ${f1(first as number)} ms in its first third to ${f1(last as number)} ms in its last` : queue;
}
