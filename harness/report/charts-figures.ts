// The scenario-figures charts: whatever figures a scenario declares for itself (ScenarioDef.figures,
// carried in results.json's scenarios[].figures), drawn from cell.figures with no scenario id in
// sight. A new scenario's figures show up here without a report edit.
import type { CellResult, FigureSpec, FigureSummary, Results } from '../types.js';
import { INVALID_COLOR, INVALID_MARK, alpha, axis, baseOptions, seriesLabel } from './chart-kit.js';
import { validityText } from './charts-scenario.js';
import { fmtCount, fmtMs, fmtWorkers } from './format.js';
import { hasFigures, sortPoints, type Point } from './points.js';
import type { ChartDraft as Draft, Json, ScenarioContext, TableView, ValueFormat } from './types.js';

const PALETTE = ['#1d4ed8', '#059669', '#7c3aed', '#d97706', '#db2777', '#0891b2'];

/** The spec of a figure: as the scenario declared it, else guessed from its name and summary. */
export function figureSpecOf(results: Results, scenario: string, name: string, sample?: FigureSummary): FigureSpec {
  const declared = results.scenarios.find((s) => s.id === scenario)?.figures?.[name];
  if (declared) return declared;
  const kind = sample?.kind ?? 'sum';
  return { kind, title: name, unit: /Ms$/.test(name) ? 'ms' : 'requests', description: '' };
}

/** Names of the figures a scenario's cells carry, in declaration order, then any others. */
export function figureNames(results: Results, scenario: string, cells: CellResult[]): string[] {
  const names = Object.keys(results.scenarios.find((s) => s.id === scenario)?.figures ?? {});
  for (const c of cells) for (const n of Object.keys(c.figures ?? {})) if (!names.includes(n)) names.push(n);
  return names.filter((n) => cells.some((c) => c.figures?.[n]));
}

const fmtValue = (unit: FigureSpec['unit'], v: number | null | undefined): string => (unit === 'ms' ? fmtMs(v) : fmtCount(v));
const formatOf = (unit: FigureSpec['unit']): ValueFormat => (unit === 'ms' ? 'ms' : 'count');

/** Table columns of one figure: p50, p99 and max of a histogram; the total of a sum. */
export function figureColumns(spec: FigureSpec): string[] {
  return spec.kind === 'histogram' ? [`${spec.title} p50`, `${spec.title} p99`, `${spec.title} max`] : [spec.title];
}

export function figureCells(spec: FigureSpec, f: FigureSummary | undefined): string[] {
  if (spec.kind === 'histogram') {
    const h = f?.kind === 'histogram' ? f : null;
    return [fmtValue(spec.unit, h?.p50), fmtValue(spec.unit, h?.p99), fmtValue(spec.unit, h?.max)];
  }
  return [fmtCount(f?.kind === 'sum' ? f.total : null)];
}

function bars(label: string, color: string, values: Array<number | null>, points: Point[], axisId: string): Json {
  const name = (p: Point) => `${seriesLabel(p.target, p.workers)}${p.valid ? '' : ` ${INVALID_MARK}`}`;
  return {
    label,
    data: values.map((y, i) => {
      const p = points[i] as Point;
      return p.valid ? { x: name(p), y } : { x: name(p), y, note: `${INVALID_MARK} invalid: ${p.reasons.join('; ')}` };
    }) as unknown as Json,
    backgroundColor: points.map((p) => (p.valid ? color : alpha(color, 0.35))),
    borderColor: points.map((p) => (p.valid ? color : INVALID_COLOR)),
    borderWidth: points.map((p) => (p.valid ? 0 : 2)),
    yAxisID: axisId,
  };
}

/** One chart's figures: histograms of one unit (left axis) and the scenario's sums (right axis, on the first chart only). */
interface FigureGroup {
  unit: FigureSpec['unit'] | null;
  hist: string[];
  sums: string[];
}

/** What a scenario's figure charts draw: its figures, their specs, and the points at the largest connection count. */
interface FigurePlan {
  names: string[];
  specs: Map<string, FigureSpec>;
  conns: number;
  at: Point[];
  groups: FigureGroup[];
}

function figurePlan(ctx: ScenarioContext): FigurePlan | null {
  const all = ctx.points.filter((p) => p.cell.figures && hasFigures(p.cell));
  const names = figureNames(
    ctx.results,
    ctx.scenario,
    all.map((p) => p.cell),
  );
  if (names.length === 0) return null;
  const specs = new Map(names.map((n) => [n, figureSpecOf(ctx.results, ctx.scenario, n, all.find((p) => p.cell.figures?.[n])?.cell.figures?.[n])]));
  const closed = all.filter((p) => p.ratePerS === null);
  const shown = closed.length > 0 ? closed : all;
  const conns = Math.max(...shown.map((p) => p.connections));
  const at = sortPoints(
    shown.filter((p) => p.connections === conns),
    ctx.targets,
  );
  const units = [...new Set(names.filter((n) => specs.get(n)?.kind === 'histogram').map((n) => (specs.get(n) as FigureSpec).unit))];
  const sums = names.filter((n) => specs.get(n)?.kind === 'sum');
  const groups: FigureGroup[] = units.map((u, i) => ({
    unit: u,
    hist: names.filter((n) => specs.get(n)?.kind === 'histogram' && specs.get(n)?.unit === u),
    sums: i === 0 ? sums : [],
  }));
  if (groups.length === 0) groups.push({ unit: null, hist: [], sums });
  return { names, specs, conns, at, groups };
}

/** Every cell of the scenario with all its figures and the requests the server held at once. */
function figureTable(ctx: ScenarioContext, { names, specs }: FigurePlan): TableView {
  const columns = ['target', 'workers', 'connections', ...names.flatMap((n) => figureColumns(specs.get(n) as FigureSpec)), 'held at once (peak)', 'validity'];
  const rows = sortPoints(
    ctx.points.filter((p) => p.cell.figures || !hasFigures(p.cell)),
    ctx.targets,
  ).map((p) => ({
    cells: [
      p.target,
      fmtWorkers(p.workers),
      p.ratePerS === null ? fmtCount(p.connections) : `${fmtCount(p.ratePerS)}/s (open)`,
      ...names.flatMap((n) => figureCells(specs.get(n) as FigureSpec, p.cell.figures?.[n])),
      fmtCount(p.cell.held?.peak),
      validityText(p),
    ],
    invalid: !p.valid,
  }));
  return { columns, rows };
}

/** p50 (light) and p99 bars of each histogram, then one bar per sum (on the right axis beside histograms). */
function groupDatasets(g: FigureGroup, { specs, at }: FigurePlan): Json[] {
  const datasets: Json[] = [];
  let color = 0;
  for (const n of g.hist) {
    const spec = specs.get(n) as FigureSpec;
    const c = PALETTE[color++ % PALETTE.length] as string;
    const h = (p: Point) => {
      const f = p.cell.figures?.[n];
      return f?.kind === 'histogram' ? f : null;
    };
    datasets.push(
      bars(
        `${spec.title} p50`,
        alpha(c, 0.55),
        at.map((p) => h(p)?.p50 ?? null),
        at,
        'y',
      ),
    );
    datasets.push(
      bars(
        `${spec.title} p99`,
        c,
        at.map((p) => h(p)?.p99 ?? null),
        at,
        'y',
      ),
    );
  }
  for (const n of g.sums) {
    const spec = specs.get(n) as FigureSpec;
    const c = PALETTE[color++ % PALETTE.length] as string;
    datasets.push(
      bars(
        spec.title,
        c,
        at.map((p) => {
          const f = p.cell.figures?.[n];
          return f?.kind === 'sum' ? f.total : null;
        }),
        at,
        g.hist.length > 0 ? 'y2' : 'y',
      ),
    );
  }
  return datasets;
}

/** The y axes of one group: its unit on the left (log for ms), counts on the right when sums sit beside histograms. */
function groupAxes(g: FigureGroup): { scales: Record<string, Json>; formats: Record<string, ValueFormat> } {
  const scales: Record<string, Json> = {};
  const formats: Record<string, ValueFormat> = { x: 'plain' };
  if (g.unit !== null) {
    scales.y = axis(g.unit === 'ms' ? `${g.unit} (log scale)` : g.unit, g.unit === 'ms' ? 'logarithmic' : 'linear', {
      position: 'left',
      ...(g.unit === 'ms' ? {} : { beginAtZero: true }),
    });
    formats.y = formatOf(g.unit);
    if (g.sums.length > 0) {
      scales.y2 = axis('count', 'linear', { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false } });
      formats.y2 = 'count';
    }
  } else {
    scales.y = axis('count', 'linear', { beginAtZero: true });
    formats.y = 'count';
  }
  return { scales, formats };
}

/**
 * One chart per unit of a scenario's histogram figures (p50 and p99 bars, left axis), with its sum
 * figures on the right axis of the first; at the largest connection count. The table lists every
 * cell with all its figures and the requests the server held at once.
 */
export function figureCharts(ctx: ScenarioContext): Draft[] {
  const plan = figurePlan(ctx);
  if (!plan) return [];
  const table = figureTable(ctx, plan);
  const described = plan.names
    .map((n) => plan.specs.get(n) as FigureSpec)
    .filter((s) => s.description)
    .map((s) => `${s.title}: ${s.description}.`)
    .join(' ');
  return plan.groups.map((g, gi) => {
    const titles = [...g.hist, ...g.sums].map((n) => (plan.specs.get(n) as FigureSpec).title.toLowerCase());
    const { scales, formats } = groupAxes(g);
    return {
      id: `figures-${ctx.scenario}${gi === 0 ? '' : `-${g.unit ?? 'count'}`}`,
      title: `${ctx.title}: ${titles.join(', ')} at ${fmtCount(plan.conns)} connections`,
      caption:
        `${described} Bars: p50 (light) and p99 of each distribution${g.sums.length > 0 && g.hist.length > 0 ? '; totals on the right axis' : ''}. ✕ marks an invalid cell.`.trim(),
      config: {
        type: 'bar',
        data: { labels: plan.at.map((p) => `${seriesLabel(p.target, p.workers)}${p.valid ? '' : ` ${INVALID_MARK}`}`), datasets: groupDatasets(g, plan) },
        options: baseOptions({ x: axis('target · workers', 'category', { ticks: { autoSkip: false, maxRotation: 60 } }), ...scales }),
      },
      formats,
      table,
    };
  });
}
