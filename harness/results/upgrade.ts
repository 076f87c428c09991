// Readers accept schemas 1, 2 and 3 and upgrade them in place to 3, so every renderer, compare
// and --resume know one shape only. Schema 1 carried long-poll facts in `cell.longpoll` (2 has the
// generic `cell.figures` and `cell.held`); schema 2 named python, django, gunicorn, uvicorn and
// autocannon at the top of the provenance (3 has one `versions` map) and kept the Locust engine's
// options at the top of run.options, some of them optional (3: `engineOptions`, every field set).
import type { Results } from '../types.js';
import { DEFAULT_MAX_INFLIGHT } from '../config/defaults.js';

export const SCHEMA_VERSION = 3;

/** What a schema-1 cell carried in `longpoll` (schema 2 keeps it in `figures` and `held`). */
interface LongpollFactsV1 {
  deliveryLagMs: { p50: number; p99: number; max: number; mean: number } | null;
  missedEvents: number;
  timedOut: number;
  heldPeak: number;
  heldMean: number;
}

/** Fills the current schema's fields from older ones, in place; a schema-3 file is returned as it is. */
export function upgradeResults(r: Results): Results {
  if (r.schemaVersion === SCHEMA_VERSION) return r;
  if (r.schemaVersion === 1) upgradeFigures(r);
  upgradeProvenance(r);
  upgradeOptions(r);
  r.schemaVersion = SCHEMA_VERSION;
  return r;
}

function upgradeFigures(r: Results): void {
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
}

const NAMED_VERSIONS = ['python', 'django', 'gunicorn', 'uvicorn', 'autocannon', 'undici'] as const;

function upgradeProvenance(r: Results): void {
  const p = r.run.provenance as unknown as Record<string, unknown>;
  const versions: Record<string, string | null> = { node: r.run.provenance.node, ...((p.versions as Record<string, string | null> | undefined) ?? {}) };
  for (const k of NAMED_VERSIONS) {
    if (k in p && !(k in versions)) versions[k] = (p[k] as string | null) ?? null;
    delete p[k];
  }
  r.run.provenance.versions = versions;
}

const LOCUST_KEYS = ['remoteWorkers', 'masterBind', 'workersTimeoutS'] as const;

function upgradeOptions(r: Results): void {
  const o = r.run.options as unknown as Record<string, unknown>;
  const engineOptions: Record<string, unknown> = { ...((o.engineOptions as Record<string, unknown> | undefined) ?? {}) };
  for (const k of LOCUST_KEYS) {
    if (o.engine === 'locust' && o[k] !== undefined) engineOptions[k] = o[k];
    delete o[k];
  }
  o.engineOptions = engineOptions;
  o.rates ??= [];
  o.maxInflight ??= DEFAULT_MAX_INFLIGHT;
  o.slo ??= null;
  o.sloVerify ??= false;
}
