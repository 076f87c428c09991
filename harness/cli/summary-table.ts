// The table the terminal shows at the end of a run, per scenario (and the repeats' medians with
// their intervals): pure text from results.json, so it can be tested from a fixture.
import { loadLabel } from '../cell-key.js';
import type { CellResult, Results } from '../types.js';

function fmtMs(ms: number | undefined): string {
  if (ms === undefined) return '-';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

function row(c: CellResult): string[] {
  const errors = c.requests.non2xx + c.requests.timeouts + c.requests.connErrors + c.requests.verifyFailed;
  const status = c.status !== 'completed' ? c.status : c.valid ? (c.validity.length ? 'warn' : 'ok') : 'INVALID';
  return [
    c.target,
    String(c.workers ?? '?'),
    // An open cell's load is its arrival rate (its connections are only the in-flight bound).
    c.open ? `${c.open.ratePerS}/s` : String(c.connections),
    c.status === 'completed' ? c.rps.toFixed(1) : '-',
    fmtMs(c.latencyMs?.p50),
    fmtMs(c.latencyMs?.p99),
    String(errors),
    c.ceilingRps !== null ? `${c.ceilingRps.toFixed(0)}${c.ceilingBasis === 'cpu' ? ' cpu' : ''}` : '-',
    c.efficiency !== null ? `${(c.efficiency * 100).toFixed(0)}%` : '-',
    status,
  ];
}

/** The end-of-run table: for each scenario, target × workers × connections → figures. Pure. */
export function renderSummaryTable(results: Results): string {
  const head = ['target', 'workers', 'load', 'req/s', 'p50', 'p99', 'errors', 'ceiling', 'eff', 'status'];
  const out: string[] = [];
  for (const s of results.scenarios) {
    const cells = results.cells.filter((c) => c.scenario === s.id);
    if (cells.length === 0) continue;
    const rows = [head, ...cells.map(row)];
    const widths = head.map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length)));
    const fmt = (r: string[]) => r.map((v, i) => (i < 1 ? v.padEnd(widths[i] as number) : v.padStart(widths[i] as number))).join('  ');
    const params = Object.entries(s.params)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    // A config scenario has no parameters: "GET /json (json)", not "(json: )" (issue 23).
    out.push(
      `${s.title} (${s.id}${params ? `: ${params}` : ''})`,
      fmt(head),
      widths.map((w) => '-'.repeat(w)).join('  '),
      ...cells.map((c) => fmt(row(c))),
      '',
    );
    const notes = cells.flatMap((c) =>
      c.validity.map((v) => `  ${c.target} w=${c.workers ?? '?'} ${loadLabel(c)}: ${v.severity === 'error' ? 'INVALID' : 'warning'}: ${v.message}`),
    );
    if (notes.length) out.push(...notes, '');
  }
  if (results.summaries?.length) out.push(...renderRepeatSummaries(results), '');
  const cpu = results.cells.some((c) => c.ceilingBasis === 'cpu') ? '; "cpu": no delay declared, so cores ÷ CPU per request at the fewest connections' : '';
  out.push(`ceiling: Little's-law bound (concurrency ÷ delay)${cpu}; eff = req/s ÷ ceiling. ${results.run.provenance.sharedCores}.`);
  return out.join('\n');
}

// Below 6 repeats no interval reaches 95%: the range is shown as a range, marked with its level.
const ci = (e: { median: number; ci95: [number, number]; n: number; level?: number; reaches95?: boolean } | null, fmt: (x: number) => string) => {
  if (!e) return '-';
  if (e.n < 2) return fmt(e.median);
  const level = e.level !== undefined ? ` ${Math.round(e.level * 1000) / 10}%` : '';
  return e.reaches95 === false
    ? `${fmt(e.median)} (range ${fmt(e.ci95[0])}–${fmt(e.ci95[1])}${level})`
    : `${fmt(e.median)} [${fmt(e.ci95[0])}–${fmt(e.ci95[1])}]`;
};

/** Medians across repeats with their order-statistic intervals (the range, marked, below 6 repeats). */
export function renderRepeatSummaries(results: Results): string[] {
  const rows = (results.summaries ?? []).map((s) => [
    `${s.target} ${s.scenario}`,
    String(s.workers ?? '?'),
    loadLabel(s.ratePerS ? { connections: s.connections, open: { ratePerS: s.ratePerS } } : s),
    `${s.validRepeats}/${s.repeats}`,
    ci(s.rps, (x) => x.toFixed(1)),
    ci(s.p50Ms, (x) => fmtMs(x)),
    ci(s.p99Ms, (x) => fmtMs(x)),
  ]);
  const head = ['cell', 'workers', 'load', 'valid', 'req/s median [95% CI]', 'p50 median [95% CI]', 'p99 median [95% CI]'];
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => (r[i] as string).length)));
  const fmt = (r: string[]) => r.map((v, i) => (i === 0 ? v.padEnd(w[i] as number) : v.padStart(w[i] as number))).join('  ');
  const few = (results.summaries ?? []).some((x) => x.rps?.reaches95 === false && x.repeats > 1);
  const note = few
    ? ['(range a–b n%: too few repeats for a 95% interval; the range holds the median n% of the time. --repeat 6 or more gives a 95% interval.)']
    : [];
  return [
    'Medians across repeats, with 95% distribution-free (order-statistic) intervals',
    fmt(head),
    w.map((x) => '-'.repeat(x)).join('  '),
    ...rows.map(fmt),
    ...note,
  ];
}
