// results.csv: one row per cell (repeats included), RFC 4180 (CRLF, quotes doubled), units in the
// column names, raw numbers unformatted so spreadsheets and scripts can compute with them.
import type { CellResult, Results } from '../types.js';

type Value = string | number | boolean | null | undefined;

const COLUMNS: Array<[string, (c: CellResult, r: Results) => Value]> = [
  ['run_id', (_c, r) => r.run.id],
  ['target', (c) => c.target],
  ['scenario', (c) => c.scenario],
  ['params', (c) => Object.entries(c.params).map(([k, v]) => `${k}=${v}`).join(' ')],
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
  ['longpoll_lag_p50_ms', (c) => c.longpoll?.deliveryLagMs?.p50],
  ['longpoll_lag_p99_ms', (c) => c.longpoll?.deliveryLagMs?.p99],
  ['longpoll_missed_events', (c) => c.longpoll?.missedEvents],
  ['longpoll_timed_out', (c) => c.longpoll?.timedOut],
  ['longpoll_held_peak', (c) => c.longpoll?.heldPeak],
  ['validity_codes', (c) => c.validity.map((v) => v.code).join(' ')],
  ['validity', (c) => c.validity.map((v) => `${v.severity}: ${v.message}`).join('; ')],
  ['error_code', (c) => c.error?.code],
  ['error_message', (c) => c.error?.message],
  ['started_at', (c) => c.startedAt],
  ['duration_s', (c) => c.durationS],
  ['warmup_s', (c) => c.warmupS],
];

export const CSV_COLUMNS = COLUMNS.map(([name]) => name);

/** One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF; quotes doubled. Null is empty. */
export function csvField(v: Value): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderCsv(results: Results): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const c of results.cells) lines.push(COLUMNS.map(([, get]) => csvField(get(c, results))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export { renderCsv as render };
