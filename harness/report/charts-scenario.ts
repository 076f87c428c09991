// Per-scenario charts: throughput vs connections, the worker sweep, latency percentiles and the
// percentile distribution.
import { alpha, axis, baseOptions, groupBy, lighten, lineDataset, markerFor, noteOf, seriesLabel, workerShade, type XY } from './chart-kit.js';
import { fmtCount, fmtMs, fmtRatioPct, fmtRps, fmtWorkers } from './format.js';
import { hasFigures, sideOf, sortPoints, uniqueSorted, type Point } from './points.js';
import type { ChartDraft, Json, ScenarioContext, TableView } from './types.js';

export function validityText(p: Point): string {
  if (!p.valid) return `✕ invalid: ${p.reasons.join('; ')}`;
  return p.warnings.length > 0 ? `valid (warning: ${p.warnings.join('; ')})` : 'valid';
}

const row = (p: Point, cells: string[]): TableView['rows'][number] => ({ cells, invalid: !p.valid, note: validityText(p) });

function shadeOf(ctx: ScenarioContext, p: Point): { color: string; marker: string } {
  const ws = uniqueSorted(ctx.points.filter((q) => q.target === p.target).map((q) => q.workers));
  const i = Math.max(0, ws.indexOf(p.workers ?? -1));
  return { color: workerShade(ctx.colors.get(p.target) ?? '#6b7280', i, ws.length), marker: markerFor(i) };
}

const xy = (x: number | string, y: number | null, p: Point): XY => {
  const note = noteOf(p);
  return note ? { x, y, note } : { x, y };
};

/** Names a shared ceiling by what its members have in common: "ceiling · sync 4w", "ceiling · async". */
function ceilingLabel(ctx: ScenarioContext, members: Point[]): string {
  const first = members[0] as Point;
  if (members.length === 1) return `ceiling · ${seriesLabel(first.target, first.workers)}`;
  const sides = new Set(members.map((p) => sideOf(ctx.results, p.target) ?? 'other'));
  const workers = new Set(members.map((p) => p.workers));
  if (sides.size > 1) {
    const names = members.map((p) => seriesLabel(p.target, p.workers));
    return `ceiling · ${names.slice(0, 2).join(', ')}${names.length > 2 ? ` +${names.length - 2}` : ''}`;
  }
  const side = [...sides][0] ?? '';
  return workers.size === 1 ? `ceiling · ${side} ${fmtWorkers(first.workers)}w` : `ceiling · ${side}`;
}

/** (a) Throughput vs connections, one line per target × workers, and the Little's-law ceilings dashed. */
export function throughputChart(ctx: ScenarioContext): ChartDraft {
  const plotted = sortPoints(
    ctx.points.filter((p) => hasFigures(p.cell)),
    ctx.targets,
  );
  const datasets: Json[] = [];
  const ceilings = new Map<string, { members: Point[]; color: string; data: XY[] }>();
  for (const [, ps] of groupBy(plotted, (p) => `${p.target}|${fmtWorkers(p.workers)}`)) {
    const first = ps[0] as Point;
    const { color, marker } = shadeOf(ctx, first);
    const label = seriesLabel(first.target, first.workers);
    datasets.push(
      lineDataset(
        label,
        color,
        marker,
        ps.map((p) => xy(p.connections, p.cell.rps, p)),
        ps.map((p) => !p.valid),
      ),
    );
    const ceil = ps.filter((p) => p.cell.ceilingRps !== null).map((p) => ({ x: p.connections, y: p.cell.ceilingRps }));
    if (ceil.length === 0) continue;
    // Targets with the same ceiling share one dashed line, so the chart shows each limit once.
    const key = JSON.stringify(ceil.map((c) => [c.x, Number((c.y ?? 0).toPrecision(4))]));
    const known = ceilings.get(key);
    if (known) known.members.push(first);
    else ceilings.set(key, { members: [first], color, data: ceil });
  }
  for (const c of ceilings.values()) {
    const names = c.members.map((p) => seriesLabel(p.target, p.workers));
    datasets.push({
      label: ceilingLabel(ctx, c.members),
      data: c.data.map((d) => ({ ...d, note: `Little's-law ceiling of ${names.join(', ')}` })) as unknown as Json,
      borderColor: lighten(c.color, 0.25),
      backgroundColor: lighten(c.color, 0.25),
      borderDash: [6, 5],
      borderWidth: 1.5,
      pointRadius: 0,
      pointHoverRadius: 3,
      pointStyle: 'line',
    });
  }
  return {
    id: `throughput-${ctx.scenario}`,
    title: `${ctx.title}: throughput vs connections`,
    caption: `Verified 2xx responses per second; one line per target and worker count (4w = 4 worker processes). Dashed: Little's-law ceilings. ✕ marks an invalid cell.`,
    config: {
      type: 'line',
      data: { datasets },
      options: baseOptions({ x: connectionsAxis(ctx.points), y: axis('requests/s (log scale)', 'logarithmic') }),
    },
    formats: { x: 'connections', y: 'rps' },
    table: {
      columns: ['target', 'workers', 'connections', 'req/s', 'ceiling req/s', 'efficiency', 'p50', 'p99', 'validity'],
      rows: sortPoints(ctx.points, ctx.targets).map((p) =>
        row(p, [
          p.target,
          fmtWorkers(p.workers),
          fmtCount(p.connections),
          hasFigures(p.cell) ? fmtRps(p.cell.rps) : '–',
          // A CPU ceiling (a scenario that declares no wait) is an estimate: it says so.
          p.cell.ceilingBasis === 'cpu' && p.cell.cpuCeiling
            ? `${fmtRps(p.cell.ceilingRps)} (CPU: ${p.cell.cpuCeiling.cores} core${p.cell.cpuCeiling.cores === 1 ? '' : 's'} ÷ ${p.cell.cpuCeiling.cpuMsPerRequest.toFixed(2)} ms per request at ${p.cell.cpuCeiling.fromConnections} connections)`
            : fmtRps(p.cell.ceilingRps),
          fmtRatioPct(p.cell.efficiency),
          fmtMs(p.cell.latencyMs?.p50),
          fmtMs(p.cell.latencyMs?.p99),
          validityText(p),
        ]),
      ),
    },
  };
}

/** (b) Worker sweep at the largest connection count: throughput (solid, left) and p99 (dashed, right). */
export function workersChart(ctx: ScenarioContext): ChartDraft | null {
  const workers = uniqueSorted(ctx.points.map((p) => p.workers));
  if (workers.length < 2) return null;
  const conns = Math.max(...ctx.points.map((p) => p.connections));
  const at = sortPoints(
    ctx.points.filter((p) => p.connections === conns && p.workers !== null && hasFigures(p.cell)),
    ctx.targets,
  );
  const datasets: Json[] = [];
  for (const [target, ps] of groupBy(at, (p) => p.target)) {
    const color = ctx.colors.get(target) ?? '#6b7280';
    const bad = ps.map((p) => !p.valid);
    datasets.push(
      lineDataset(
        `${target} req/s`,
        color,
        'circle',
        ps.map((p) => xy(String(p.workers), p.cell.rps, p)),
        bad,
        { yAxisID: 'y' },
      ),
    );
    datasets.push(
      lineDataset(
        `${target} p99`,
        alpha(color, 0.75),
        'triangle',
        ps.map((p) => xy(String(p.workers), p.cell.latencyMs?.p99 ?? null, p)),
        bad,
        { yAxisID: 'y2', borderDash: [5, 4] },
      ),
    );
  }
  return {
    id: `workers-${ctx.scenario}`,
    title: `${ctx.title}: workers at ${fmtCount(conns)} connections`,
    caption:
      'How each target scales with worker processes. Solid lines and circles: requests/s (left axis); dashed lines and triangles: p99 latency (right axis). ✕ marks an invalid cell.',
    config: {
      type: 'line',
      data: { labels: workers.map(String), datasets },
      options: baseOptions({
        x: axis('worker processes', 'category'),
        y: axis('requests/s (log scale)', 'logarithmic', { position: 'left' }),
        y2: axis('p99 latency (log scale)', 'logarithmic', { position: 'right', grid: { drawOnChartArea: false } }),
      }),
    },
    formats: { x: 'workers', y: 'rps', y2: 'ms' },
    table: {
      columns: ['target', 'connections', 'workers', 'req/s', 'p99', 'efficiency', 'validity'],
      rows: sortPoints(ctx.points, ctx.targets)
        .sort((a, b) => a.connections - b.connections || ctx.targets.indexOf(a.target) - ctx.targets.indexOf(b.target) || (a.workers ?? 0) - (b.workers ?? 0))
        .map((p) =>
          row(p, [
            p.target,
            fmtCount(p.connections),
            fmtWorkers(p.workers),
            hasFigures(p.cell) ? fmtRps(p.cell.rps) : '–',
            fmtMs(p.cell.latencyMs?.p99),
            fmtRatioPct(p.cell.efficiency),
            validityText(p),
          ]),
        ),
    },
  };
}

const PERCENTILES = [
  { key: 'p50', dash: [] as number[], hidden: false, marker: 'circle' },
  { key: 'p90', dash: [2, 3], hidden: true, marker: 'rect' },
  { key: 'p99', dash: [7, 4], hidden: false, marker: 'triangle' },
  { key: 'max', dash: [1, 4], hidden: true, marker: 'rectRot' },
] as const;

/** (c) Latency percentiles vs connections at the largest worker count (p90 and max start hidden). */
export function latencyChart(ctx: ScenarioContext): ChartDraft {
  const workers = uniqueSorted(ctx.points.map((p) => p.workers));
  const w = workers.length > 0 ? (workers[workers.length - 1] ?? null) : null;
  const at = sortPoints(
    ctx.points.filter((p) => p.workers === w && hasFigures(p.cell)),
    ctx.targets,
  );
  const datasets: Json[] = [];
  for (const [target, ps] of groupBy(at, (p) => p.target)) {
    const color = ctx.colors.get(target) ?? '#6b7280';
    for (const pc of PERCENTILES) {
      const data = ps.map((p) => xy(p.connections, p.cell.latencyMs?.[pc.key] ?? null, p));
      datasets.push(
        lineDataset(
          `${target} ${pc.key}`,
          color,
          pc.marker,
          data,
          ps.map((p) => !p.valid),
          { borderDash: [...pc.dash], hidden: pc.hidden },
        ),
      );
    }
  }
  return {
    id: `latency-${ctx.scenario}`,
    title: `${ctx.title}: latency vs connections (${fmtWorkers(w)} workers)`,
    caption: 'p50 solid, p99 dashed; p90 and max are in the legend (click to show). The table lists every worker count. ✕ marks an invalid cell.',
    config: {
      type: 'line',
      data: { datasets },
      options: baseOptions({ x: connectionsAxis(ctx.points), y: axis('latency (log scale)', 'logarithmic') }),
    },
    formats: { x: 'connections', y: 'ms' },
    table: {
      columns: ['target', 'workers', 'connections', 'p50', 'p90', 'p99', 'p99.9', 'max', 'mean', 'validity'],
      rows: sortPoints(ctx.points, ctx.targets).map((p) => {
        const l = p.cell.latencyMs;
        return row(p, [
          p.target,
          fmtWorkers(p.workers),
          fmtCount(p.connections),
          fmtMs(l?.p50),
          fmtMs(l?.p90),
          fmtMs(l?.p99),
          fmtMs(l?.p999),
          fmtMs(l?.max),
          fmtMs(l?.mean),
          validityText(p),
        ]);
      }),
    },
  };
}

/** Percentile → "nines" (50 → 0.3, 90 → 1, 99 → 2, 99.9 → 3); 100 is drawn at 5 and labelled max. */
export function nines(percentile: number): number {
  if (percentile >= 99.999) return 5;
  return Number((-Math.log10(1 - percentile / 100)).toFixed(4));
}

/** (d) Latency distribution of each cell at the largest connection count, tail stretched out. */
export function distributionChart(ctx: ScenarioContext): ChartDraft | null {
  const conns = Math.max(...ctx.points.map((p) => p.connections));
  const at = sortPoints(
    ctx.points.filter((p) => p.connections === conns && p.cell.latencyCurveMs.length > 0),
    ctx.targets,
  );
  if (at.length === 0) return null;
  const maxW = Math.max(...at.map((p) => p.workers ?? 0));
  const datasets = at.map((p) => {
    const { color, marker } = shadeOf(ctx, p);
    const data = p.cell.latencyCurveMs.map(([pc, ms]) => xy(nines(pc), ms, p));
    const label = `${seriesLabel(p.target, p.workers)}${p.valid ? '' : ' ✕ invalid'}`;
    return lineDataset(
      label,
      color,
      marker,
      data,
      data.map(() => false),
      {
        hidden: (p.workers ?? 0) !== maxW,
        pointRadius: 2,
        ...(p.valid ? {} : { borderDash: [2, 3] }),
      },
    );
  });
  return {
    id: `distribution-${ctx.scenario}`,
    title: `${ctx.title}: latency distribution at ${fmtCount(conns)} connections`,
    caption: `Latency at each percentile; the axis stretches the tail (90%, 99%, 99.9%…). The largest worker count is shown; others are in the legend. Dotted: invalid cell.`,
    config: {
      type: 'line',
      data: { datasets },
      options: baseOptions({
        x: axis('percentile', 'linear', { min: 0, max: 5, ticks: { stepSize: 1 } }),
        y: axis('latency (log scale)', 'logarithmic'),
      }),
    },
    formats: { x: 'nines', y: 'ms' },
    table: {
      columns: ['target', 'workers', ...(at[0]?.cell.latencyCurveMs.map(([pc]) => (pc === 100 ? 'max' : `p${pc}`)) ?? []), 'validity'],
      rows: at.map((p) => row(p, [p.target, fmtWorkers(p.workers), ...p.cell.latencyCurveMs.map(([, ms]) => fmtMs(ms)), validityText(p)])),
    },
  };
}

/** The connections axis, ticked at the swept values (16 and 64, not Chart.js's 20 and 50: issue 23); chart-hydrate.ts reads asyncbenchTicks. */
function connectionsAxis(points: Point[]): Json {
  return axis('connections (log scale)', 'logarithmic', { asyncbenchTicks: uniqueSorted(points.map((p) => p.connections)) });
}
