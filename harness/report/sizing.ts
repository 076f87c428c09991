// The Sizing section's content (issue 12): the capacity table, the predicted worker counts, the
// bill, and one sentence per scenario. Pure TableViews and strings; HTML, Markdown and CSV render
// the same ones.
import type { BillRow, CapacityRow, Results, SizingPrediction } from '../types.js';
import { fmtCount, fmtMiB, fmtMs, fmtPct, fmtRps, fmtWorkers } from './format.js';
import { scenarioOrder, scenarioTitle } from './points.js';
import type { TableView } from './types.js';

const searched = (r: Results): CapacityRow[] => (r.capacity ?? []).filter((c) => !c.verify);
const verifies = (r: Results): CapacityRow[] => (r.capacity ?? []).filter((c) => c.verify);
const goal = (g: { percentile: number; boundMs: number }) => `p${g.percentile} < ${fmtMs(g.boundMs)}`;
const workersWord = (w: number | null) => `${fmtWorkers(w)} ${w === 1 ? 'worker' : 'workers'}`;

export function hasSizing(r: Results): boolean {
  return (r.capacity?.length ?? 0) > 0;
}

/** Each probe's rate, verdict and samples; a failure run once more reads "80 ✕ again". */
function probesText(c: CapacityRow): string {
  const each = c.probes.map(
    (p) => `${fmtRps(p.ratePerS)} ${p.passed ? '✓' : '✕'}${p.confirms ? ' again' : ''}${typeof p.samples === 'number' ? ` (${fmtCount(p.samples)})` : ''}`,
  );
  const k = c.confirmations;
  const confirmed = k && k.confirmed + k.overturned > 0 ? `; failures run once more: ${k.confirmed} confirmed, ${k.overturned} overturned` : '';
  return `${each.join(', ')}${confirmed}`;
}

export function capacityTable(r: Results): TableView {
  const rows = searched(r).map((c) => ({
    cells: [
      scenarioTitle(r, c.scenario),
      c.target,
      fmtWorkers(c.workers),
      c.threads === null ? '–' : fmtCount(c.threads),
      goal(c.slo),
      c.maxRatePerS === null ? 'none met the goal' : `${fmtRps(c.maxRatePerS)} req/s`,
      c.failedRatePerS === null ? '–' : `${fmtRps(c.failedRatePerS)} req/s`,
      fmtMs(c.at?.valueMs),
      fmtMs(c.at?.p99Ms),
      fmtCount(c.at?.samples),
      fmtPct(c.at?.cpuPct),
      fmtMiB(c.at?.rssMiB),
      probesText(c),
    ],
    invalid: c.maxRatePerS === null,
  }));
  return {
    columns: [
      'scenario',
      'target',
      'workers',
      'threads',
      'goal',
      'max rate at the goal',
      'failed at',
      'goal percentile there',
      'p99 there',
      'samples there',
      'server CPU',
      'server RSS',
      'probes (✓ met, ✕ missed; samples)',
    ],
    rows,
  };
}

function verifyOf(r: Results, p: SizingPrediction): CapacityRow | undefined {
  return verifies(r).find((v) => v.target === p.target && v.scenario === p.scenario && v.workers === p.workers);
}

export function predictionsTable(r: Results): TableView {
  const rows = (r.sizing?.predictions ?? []).map((p) => {
    const v = verifyOf(r, p);
    const how =
      p.workers === null
        ? (p.reason ?? 'no prediction')
        : p.extrapolated
          ? `extrapolated from ${fmtRps(p.perWorkerRatePerS)} req/s per worker measured at ${fmtWorkers(p.basisWorkers)} workers`
          : `measured: ${workersWord(p.workers)} held it`;
    const verified = v?.verify
      ? v.verify.held
        ? `held (p${p.slo.percentile} ${fmtMs(v.at?.valueMs)})`
        : `did not hold: ${v.verify.reason}`
      : p.extrapolated
        ? 'not run (--slo-verify runs it)'
        : '–';
    return {
      cells: [
        scenarioTitle(r, p.scenario),
        `${p.reference.target} · ${workersWord(p.reference.workers)}: ${fmtRps(p.reference.ratePerS)} req/s`,
        p.target,
        p.workers === null ? '–' : fmtCount(p.workers),
        how,
        verified,
      ],
      invalid: p.workers === null || (v?.verify ? !v.verify.held : false),
    };
  });
  return { columns: ['scenario', 'to match', 'target', 'workers needed', 'how', 'verified'], rows };
}

export function billTable(r: Results): TableView {
  const rows = (r.sizing?.bill ?? []).map((b: BillRow) => ({
    cells: [
      scenarioTitle(r, b.scenario),
      b.target,
      fmtCount(b.workers),
      b.kind === 'predicted' ? 'predicted (fitted to the measured counts)' : 'measured at capacity',
      fmtCount(b.processes),
      fmtCount(b.threads),
      fmtMiB(b.rssMiB),
      fmtMiB(b.rssPerWorkerMiB),
    ],
  }));
  return { columns: ['scenario', 'target', 'workers', 'figures', 'processes', 'threads', 'RSS total', 'RSS per worker'], rows };
}

const bytes = (mib: number | null | undefined) => (mib === null || mib === undefined ? '–' : mib >= 1024 ? `${(mib / 1024).toFixed(1)} GiB` : fmtMiB(mib));

/**
 * One sentence per scenario and prediction, e.g. "At p99 < 500 ms, 4 django-asgi-uvicorn workers
 * hold 590 req/s; django-wsgi-sync needs 63 workers for the same (extrapolated from 9.4 req/s per
 * worker measured at 4 workers; verified: it held). Bill: 63 workers × 44 MiB ≈ 2.7 GiB vs 254 MiB."
 */
export function sizingSentences(r: Results): Array<{ scenario: string; sentence: string }> {
  const out: Array<{ scenario: string; sentence: string }> = [];
  const bill = r.sizing?.bill ?? [];
  const billAt = (target: string, scenario: string, workers: number | null) =>
    bill.find((b) => b.target === target && b.scenario === scenario && b.workers === workers);
  for (const scenario of scenarioOrder(r)) {
    for (const p of (r.sizing?.predictions ?? []).filter((x) => x.scenario === scenario)) {
      const head = `At ${goal(p.slo)}, ${workersWord(p.reference.workers)} of ${p.reference.target} hold ${fmtRps(p.reference.ratePerS)} req/s`;
      if (p.workers === null) {
        out.push({ scenario, sentence: `${head}; ${p.target} met the goal at no measured worker count.` });
        continue;
      }
      const v = verifyOf(r, p)?.verify;
      const how = p.extrapolated
        ? `extrapolated from ${fmtRps(p.perWorkerRatePerS)} req/s per worker measured at ${fmtWorkers(p.basisWorkers)} workers${v ? `; verified: ${v.held ? 'it held' : 'it did not hold'}` : ''}`
        : 'measured';
      const mine = billAt(p.target, scenario, p.workers);
      const ref = billAt(p.reference.target, scenario, p.reference.workers);
      const cost =
        mine?.rssMiB !== null && mine?.rssMiB !== undefined && ref?.rssMiB !== null && ref?.rssMiB !== undefined
          ? ` Memory: ${bytes(mine.rssMiB)} (${fmtMiB(mine.rssPerWorkerMiB)} per worker) against ${bytes(ref.rssMiB)}.`
          : '';
      out.push({ scenario, sentence: `${head}; ${p.target} needs ${workersWord(p.workers)} for the same (${how}).${cost}` });
    }
  }
  return out;
}
