// Charts across cells: server resources and errors.
import type { CellResult } from '../types.js';
import { INVALID_COLOR, INVALID_MARK, alpha, axis, baseOptions, lighten, seriesLabel } from './chart-kit.js';
import { validityText } from './charts-scenario.js';
import { fmtCount, fmtMiB, fmtPct, fmtRatioPct, fmtWorkers } from './format.js';
import { hasFigures, sortPoints, type Point } from './points.js';
import type { ChartDraft, Json, ScenarioContext, TableView } from './types.js';

const NOT_MEASURED = 'not measured';
const barLabel = (p: Point, withConns = false) =>
  `${seriesLabel(p.target, p.workers)}${withConns ? ` · ${fmtCount(p.connections)}c` : ''}${p.valid ? '' : ` ${INVALID_MARK}`}`;

function bars(label: string, color: string, values: Array<number | null>, points: Point[], axisId: string): Json {
  return {
    label,
    // Objects throughout: Chart.js picks one parser per dataset from its first element.
    data: values.map((y, i) => {
      const p = points[i] as Point;
      return p.valid ? { x: barLabel(p), y } : { x: barLabel(p), y, note: `${INVALID_MARK} invalid: ${p.reasons.join('; ')}` };
    }) as unknown as Json,
    backgroundColor: points.map((p) => (p.valid ? color : alpha(color, 0.35))),
    borderColor: points.map((p) => (p.valid ? color : INVALID_COLOR)),
    borderWidth: points.map((p) => (p.valid ? 0 : 2)),
    yAxisID: axisId,
  };
}

/** (e) Server CPU (% of one core) and RSS per target and workers, at the largest connection count. */
export function resourcesChart(ctx: ScenarioContext): ChartDraft | null {
  const conns = Math.max(...ctx.points.map((p) => p.connections));
  const at = sortPoints(
    ctx.points.filter((p) => p.connections === conns && hasFigures(p.cell)),
    ctx.targets,
  );
  if (at.length === 0 || at.every((p) => p.cell.resources.cpuPct === null && p.cell.resources.rssMiB === null)) return null;
  return {
    id: `resources-${ctx.scenario}`,
    title: `${ctx.title}: server CPU and memory at ${fmtCount(conns)} connections`,
    caption: 'Mean CPU of the whole server process tree (100% = one core) and its resident memory. A missing bar was not measured. ✕ marks an invalid cell.',
    config: {
      type: 'bar',
      data: {
        labels: at.map((p) => barLabel(p)),
        datasets: [
          bars(
            'server CPU %',
            '#2563eb',
            at.map((p) => p.cell.resources.cpuPct),
            at,
            'y',
          ),
          bars(
            'server RSS MiB',
            '#f59e0b',
            at.map((p) => p.cell.resources.rssMiB),
            at,
            'y2',
          ),
        ],
      },
      options: baseOptions({
        x: axis('target · workers', 'category', { ticks: { autoSkip: false, maxRotation: 60 } }),
        y: axis('CPU, % of one core', 'linear', { beginAtZero: true, position: 'left' }),
        y2: axis('RSS, MiB', 'linear', { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false } }),
      }),
    },
    formats: { x: 'plain', y: 'pct', y2: 'mib' },
    table: resourcesTable(ctx),
  };
}

/** Every point's resources: CPU mean, peak and per request, RSS, threads (per connection), fds and the generator's CPU. */
function resourcesTable(ctx: ScenarioContext): TableView {
  return {
    columns: [
      'target',
      'workers',
      'connections',
      'CPU mean',
      'CPU peak',
      'CPU per request',
      'RSS',
      'RSS peak',
      'threads',
      'threads per connection',
      'open fds',
      'load generator CPU',
      'validity',
    ],
    rows: sortPoints(ctx.points, ctx.targets).map((p) => {
      const r = p.cell.resources;
      const m = (x: number | null, f: (v: number) => string) => (x === null ? NOT_MEASURED : f(x));
      return {
        cells: [
          p.target,
          fmtWorkers(p.workers),
          fmtCount(p.connections),
          m(r.cpuPct, fmtPct),
          m(r.cpuPeakPct, fmtPct),
          cpuPerRequest(p.cell),
          m(r.rssMiB, fmtMiB),
          m(r.rssPeakMiB, fmtMiB),
          m(r.threads, fmtCount),
          m(r.threads, (v) => (v / Math.max(1, p.connections)).toFixed(2)),
          m(r.fds, fmtCount),
          m(p.cell.loadGenCpuPct, fmtPct),
          validityText(p),
        ],
        invalid: !p.valid,
      };
    }),
  };
}

export const errorTotal = (c: CellResult): number => c.requests.non2xx + c.requests.timeouts + c.requests.connErrors + c.requests.verifyFailed;

/** (f) Failed requests by kind, for every cell that had any; never counted as throughput. */
export function errorsChart(points: Point[], targets: string[]): ChartDraft | null {
  const withErrors = sortPoints(
    points.filter((p) => errorTotal(p.cell) > 0),
    targets,
  ).sort((a, b) => a.scenario.localeCompare(b.scenario));
  if (withErrors.length === 0) return null;
  const kinds = [
    { key: 'non2xx', label: 'non-2xx responses', color: '#dc2626' },
    { key: 'timeouts', label: 'timeouts', color: '#d97706' },
    { key: 'connErrors', label: 'connection errors', color: '#7c3aed' },
    { key: 'verifyFailed', label: 'failed body checks', color: '#0891b2' },
  ] as const;
  const labels = withErrors.map((p) => `${p.scenario} · ${barLabel(p, true)}`);
  return {
    id: 'errors',
    title: 'Failed requests by kind',
    caption: 'Every cell with at least one failed request. Failures are counted apart and never enter requests/s. ✕ marks an invalid cell.',
    config: {
      type: 'bar',
      data: {
        labels,
        datasets: kinds.map((k) => ({
          label: k.label,
          data: withErrors.map((p) => p.cell.requests[k.key]),
          backgroundColor: withErrors.map((p) => (p.valid ? k.color : lighten(k.color, 0.45))),
          borderColor: withErrors.map((p) => (p.valid ? k.color : INVALID_COLOR)),
          borderWidth: withErrors.map((p) => (p.valid ? 0 : 1.5)),
        })) as unknown as Json,
      },
      options: baseOptions(
        {
          x: axis('cell', 'category', { stacked: true, ticks: { autoSkip: false, maxRotation: 60 } }),
          y: axis('requests', 'linear', { stacked: true, beginAtZero: true }),
        },
        { interaction: { mode: 'index', intersect: false } },
      ),
    },
    formats: { x: 'plain', y: 'count' },
    table: {
      columns: ['scenario', 'target', 'workers', 'connections', 'ok', 'non-2xx', 'timeouts', 'connection errors', 'failed checks', 'error rate', 'validity'],
      rows: withErrors.map((p) => {
        const q = p.cell.requests;
        const rate = errorTotal(p.cell) / Math.max(1, errorTotal(p.cell) + q.ok);
        return {
          cells: [
            p.scenario,
            p.target,
            fmtWorkers(p.workers),
            fmtCount(p.connections),
            fmtCount(q.ok),
            fmtCount(q.non2xx),
            fmtCount(q.timeouts),
            fmtCount(q.connErrors),
            fmtCount(q.verifyFailed),
            fmtRatioPct(rate),
            validityText(p),
          ],
          invalid: !p.valid,
        };
      }),
    },
  };
}

const msText = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`;

/** The server's CPU per request and, with a config's resources.also, what the processes beside it added (issue 23). */
function cpuPerRequest(c: Point['cell']): string {
  const own = c.cpuMsPerRequest ?? null;
  if (own === null) return NOT_MEASURED;
  const beside = c.beside?.cpuMsPerRequest ?? null;
  if (!c.beside || beside === null) return msText(own);
  return `${msText(own)} + ${msText(beside)} in ${c.beside.label} = ${msText(own + beside)}`;
}
