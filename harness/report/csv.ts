// results.csv: one row per cell (repeats included), RFC 4180 (CRLF, quotes doubled), units in the
// column names, raw numbers unformatted so spreadsheets and scripts can compute with them.
import type { CellResult, FigureSpec, Results } from '../types.js';

type Value = string | number | boolean | null | undefined;

type Column = [string, (c: CellResult, r: Results) => Value];

const HEAD: Column[] = [
  ['run_id', (_c, r) => r.run.id],
  ['target', (c) => c.target],
  ['scenario', (c) => c.scenario],
  [
    'params',
    (c) =>
      Object.entries(c.params)
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
  ],
  ['model', (c) => c.model],
  ['workers', (c) => c.workers],
  ['threads', (c) => c.threads],
  ['connections', (c) => c.connections],
  ['repeat', (c) => c.repeat],
  ['status', (c) => c.status],
  ['valid', (c) => c.valid],
  ['rps', (c) => c.rps],
  ['ceiling_rps', (c) => c.ceilingRps],
  ['efficiency_ratio', (c) => c.efficiency],
  ['little_residual_ratio', (c) => c.littleResidual],
  ['latency_p50_ms', (c) => c.latencyMs?.p50],
  ['latency_p90_ms', (c) => c.latencyMs?.p90],
  ['latency_p99_ms', (c) => c.latencyMs?.p99],
  ['latency_p999_ms', (c) => c.latencyMs?.p999],
  ['latency_max_ms', (c) => c.latencyMs?.max],
  ['latency_mean_ms', (c) => c.latencyMs?.mean],
  ['server_p50_ms', (c) => c.serverMsP50],
  ['queue_mean_ms', (c) => c.queueMsMean],
  ['ok_count', (c) => c.requests.ok],
  ['non2xx_count', (c) => c.requests.non2xx],
  ['timeouts_count', (c) => c.requests.timeouts],
  ['conn_errors_count', (c) => c.requests.connErrors],
  ['verify_failed_count', (c) => c.requests.verifyFailed],
  ['server_cpu_pct', (c) => c.resources.cpuPct],
  ['server_cpu_peak_pct', (c) => c.resources.cpuPeakPct],
  ['server_rss_mib', (c) => c.resources.rssMiB],
  ['server_rss_peak_mib', (c) => c.resources.rssPeakMiB],
  ['server_threads', (c) => c.resources.threads],
  ['server_fds', (c) => c.resources.fds],
  ['loadgen_cpu_pct', (c) => c.loadGenCpuPct],
  ['worker_pids', (c) => c.workerPids],
  ['connections_opened', (c) => c.connectionsOpened],
  ['keep_alive', (c) => c.keepAlive],
  ['rate_per_s', (c) => c.open?.ratePerS],
  ['open_dropped_count', (c) => c.open?.dropped],
  ['open_late_sends_count', (c) => c.open?.lateSends],
  ['open_arrivals_count', (c) => c.open?.arrivals],
  ['held_peak', (c) => c.held?.peak],
  ['held_mean', (c) => c.held?.mean],
  ['unfinished_count', (c) => c.unfinished?.count],
  ['engine', (c) => c.engine],
  ['loadgen_workers', (c) => c.loadgen?.workers],
  ['loadgen_cpus', (c) => c.loadgen?.cpus?.join(' ')],
  ['loadgen_cpu_pct_per_worker', (c) => c.loadgen?.cpuPct.map((x) => (x === null ? '' : x)).join(' ')],
  ['loadgen_req_per_cpu_s', (c) => c.loadgen?.reqPerCpuSecond],
  ['ceiling_basis', (c) => (c.ceilingRps === null ? undefined : (c.ceilingBasis ?? 'delay'))],
  ['cpu_ms_per_request', (c) => c.cpuMsPerRequest],
  ['beside_cpu_pct', (c) => c.beside?.resources.cpuPct],
  ['beside_cpu_ms_per_request', (c) => c.beside?.cpuMsPerRequest],
  ['cpu_ms_per_request_total', (c) => c.cpuMsPerRequestTotal],
  ['worker_connections', (c) => Object.values(c.workerSplit?.connections ?? {}).join(' ')],
];

/** After the figure columns. */
const TAIL: Column[] = [
  ['validity_codes', (c) => c.validity.map((v) => v.code).join(' ')],
  ['validity', (c) => c.validity.map((v) => `${v.severity}: ${v.message}`).join('; ')],
  ['error_code', (c) => c.error?.code],
  ['error_message', (c) => c.error?.message],
  ['started_at', (c) => c.startedAt],
  ['duration_s', (c) => c.durationS],
  ['warmup_s', (c) => c.warmupS],
];

const snake = (s: string) =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase();

/**
 * One column per scenario figure, whatever the scenario: a histogram gives p50, p99 and max in its
 * unit (`fig_delivery_lag_p99_ms`), a sum its total (`fig_missed_events_total`). Cells of other
 * scenarios leave them empty.
 */
function figureColumns(results: Results): Column[] {
  const seen = new Map<string, FigureSpec['kind']>();
  const unit = new Map<string, string>();
  for (const s of results.scenarios) {
    for (const [n, f] of Object.entries(s.figures ?? {}))
      if (!seen.has(n)) {
        seen.set(n, f.kind);
        unit.set(n, f.unit);
      }
  }
  for (const c of results.cells) {
    for (const [n, f] of Object.entries(c.figures ?? {}))
      if (!seen.has(n)) {
        seen.set(n, f.kind);
        unit.set(n, /Ms$/.test(n) ? 'ms' : 'count');
      }
  }
  const out: Column[] = [];
  for (const [n, kind] of seen) {
    const u = unit.get(n) ?? 'count';
    const base = `fig_${snake(u === 'ms' ? n.replace(/Ms$/, '') : n)}`;
    if (kind === 'sum')
      out.push([
        `${base}_total`,
        (c) => {
          const f = c.figures?.[n];
          return f?.kind === 'sum' ? f.total : null;
        },
      ]);
    else
      for (const k of ['p50', 'p99', 'max'] as const)
        out.push([
          `${base}_${k}_${u}`,
          (c) => {
            const f = c.figures?.[n];
            return f?.kind === 'histogram' ? f[k] : null;
          },
        ]);
  }
  return out;
}

const columnsOf = (results: Results): Column[] => [...HEAD, ...figureColumns(results), ...TAIL];

/** The fixed columns, before any scenario's figure columns are added. */
export const CSV_COLUMNS = [...HEAD, ...TAIL].map(([name]) => name);

/** Every column of this run's CSV, figure columns included. */
export function csvColumns(results: Results): string[] {
  return columnsOf(results).map(([name]) => name);
}

/** One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF; quotes doubled. Null is empty. */
export function csvField(v: Value): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderCsv(results: Results): string {
  const columns = columnsOf(results);
  const lines = [columns.map(([name]) => name).join(',')];
  for (const c of results.cells) lines.push(columns.map(([, get]) => csvField(get(c, results))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export { renderCsv as render };

/** capacity.csv (--slo runs): the same capacity table as the report, raw numbers, one row per target × scenario × workers. */
export function renderCapacityCsv(results: Results): string {
  const cols = [
    'run_id',
    'scenario',
    'target',
    'workers',
    'threads',
    'model',
    'goal',
    'goal_percentile',
    'goal_bound_ms',
    'kind',
    'max_rate_per_s',
    'failed_rate_per_s',
    'goal_percentile_ms',
    'p99_ms',
    'samples_count',
    'server_cpu_pct',
    'server_rss_mib',
    'processes',
    'server_threads',
    'probes',
    'confirmed_failures',
    'overturned_failures',
    'predicted_workers',
    'extrapolated',
    'per_worker_rate_per_s',
    'rss_per_worker_mib',
    'verified_held',
  ];
  const lines = [cols.join(',')];
  const predictions = results.sizing?.predictions ?? [];
  const bill = results.sizing?.bill ?? [];
  for (const c of results.capacity ?? []) {
    const p = predictions.find((x) => x.target === c.target && x.scenario === c.scenario);
    const b = bill.find((x) => x.target === c.target && x.scenario === c.scenario);
    const row: Value[] = [
      results.run.id,
      c.scenario,
      c.target,
      c.workers,
      c.threads,
      c.model,
      c.slo.text,
      c.slo.percentile,
      c.slo.boundMs,
      c.verify ? 'verify' : 'search',
      c.maxRatePerS,
      c.failedRatePerS,
      c.at?.valueMs,
      c.at?.p99Ms,
      c.at?.samples,
      c.at?.cpuPct,
      c.at?.rssMiB,
      c.at?.processes,
      c.at?.threads,
      c.probes
        .map((x) => `${x.ratePerS}:${x.passed ? 'met' : 'missed'}${x.confirms ? ':again' : ''}${typeof x.samples === 'number' ? `:${x.samples}` : ''}`)
        .join(' '),
      c.confirmations?.confirmed,
      c.confirmations?.overturned,
      c.verify ? null : p?.workers,
      c.verify ? null : p?.extrapolated,
      c.verify ? null : p?.perWorkerRatePerS,
      b?.rssPerWorkerMiB,
      c.verify ? c.verify.held : null,
    ];
    lines.push(row.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
