// Readers accept schema 1 and 2. A schema-1 file carried long-poll facts in `cell.longpoll`; schema
// 2 has the generic `cell.figures` and `cell.held`. Upgrading on read lets every renderer know one
// shape only.
import type { Results } from '../types.js';

/** What a schema-1 cell carried in `longpoll` (schema 2 keeps it in `figures` and `held`). */
interface LongpollFactsV1 {
  deliveryLagMs: { p50: number; p99: number; max: number; mean: number } | null;
  missedEvents: number;
  timedOut: number;
  heldPeak: number;
  heldMean: number;
}

export const SCHEMA_VERSION = 2;

/** Fills schema-2 fields from schema-1 ones, in place; a schema-2 file is returned as it is. */
export function upgradeResults(r: Results): Results {
  if (r.schemaVersion !== 1) return r;
  for (const c of r.cells) {
    const lp = (c as { longpoll?: LongpollFactsV1 }).longpoll;
    if (!lp || c.figures) continue;
    c.figures = {
      ...(lp.deliveryLagMs ? { deliveryLagMs: { kind: 'histogram' as const, count: c.requests.ok, p90: lp.deliveryLagMs.p99, ...lp.deliveryLagMs } } : {}),
      missedEvents: { kind: 'sum', total: lp.missedEvents },
      timedOut: { kind: 'sum', total: lp.timedOut },
    };
    c.held ??= { peak: lp.heldPeak, mean: lp.heldMean };
  }
  return r;
}
