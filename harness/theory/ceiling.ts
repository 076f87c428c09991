// Little's-law theory of a cell: how many requests a target can make progress on at once (slots),
// how close the measured throughput came to the ceiling those slots allow, and whether throughput
// and latency agree with the connections that were open (L = λ·W).
import type { ConcurrencyModel } from '../types.js';

export interface SlotsInput {
  model: ConcurrencyModel;
  workers: number;
  /** Threads per worker; only read for `sync-threads` (default 1). */
  threads?: number;
  connections: number;
  /** Requests per worker that can make progress at once where something other than the model limits it (a DB pool). */
  perWorkerLimit?: number;
}

/**
 * Requests in progress at once, at most: async → connections; sync-process → workers;
 * sync-threads → workers × threads; then capped by workers × perWorkerLimit, and by connections
 * (a closed-loop load never has more requests in flight than connections).
 */
export function slotsFor(i: SlotsInput): number {
  const byModel = i.model === 'async' ? i.connections : i.model === 'sync-process' ? i.workers : i.workers * (i.threads ?? 1);
  const byLimit = i.perWorkerLimit !== undefined ? i.workers * i.perWorkerLimit : Infinity;
  return Math.max(0, Math.min(byModel, byLimit, i.connections));
}

/** The ceiling a scenario with one fixed delay per request allows: slots ÷ delay. */
export function ceilingFromDelay(slots: number, delayMs: number): number | null {
  return delayMs > 0 ? slots / (delayMs / 1000) : null;
}

/** Measured ÷ ceiling; null when there is no ceiling to compare with. */
export function efficiency(rps: number, ceilingRps: number | null | undefined): number | null {
  return ceilingRps && ceilingRps > 0 && Number.isFinite(rps) ? rps / ceilingRps : null;
}

/**
 * Little's-law residual |C − λ·W| ÷ C: how far the requests in flight implied by throughput λ
 * (req/s) and mean latency W (s) are from the C connections of a closed loop. 0 means every
 * connection always had a request in flight. Null when it cannot be computed.
 */
export function littleResidual(connections: number, rps: number, meanLatencyMs: number | null | undefined): number | null {
  if (connections <= 0 || meanLatencyMs === null || meanLatencyMs === undefined || !(rps > 0)) return null;
  return Math.abs(connections - rps * (meanLatencyMs / 1000)) / connections;
}

/**
 * Open model: the throughput theory expects when requests arrive at ratePerS. A server that keeps
 * up serves the asked rate; one that cannot serves at most its ceiling (slots ÷ delay, with slots
 * capped by the requests allowed in flight), while the rest queue and then are dropped.
 */
export function expectedOpenRps(ratePerS: number, ceilingRps: number | null | undefined): number {
  return ceilingRps && ceilingRps > 0 ? Math.min(ratePerS, ceilingRps) : ratePerS;
}
