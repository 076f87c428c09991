// Capacity against workers (issue 12): per scenario, the highest arrival rate each target held at
// the latency goal, measured (solid), extrapolated to the predicted worker count (dashed), the rate
// to match (dotted, the goal line) and --slo-verify's runs (stars).
import type { CapacityRow, Results } from '../types.js';
import { INVALID_COLOR, axis, baseOptions, lighten } from './chart-kit.js';
import { fmtMs } from './format.js';
import { scenarioTitle } from './points.js';
import type { ChartDraft, Json, SectionContext, TableView } from './types.js';

/** A target's measured capacity per worker count; a gap where no probed rate met the goal. */
function measuredDataset(target: string, color: string, mine: CapacityRow[]): Json {
  return {
    label: `${target}`,
    data: mine.map((c) =>
      c.maxRatePerS === null ? { x: c.workers as number, y: null, note: 'no probed rate met the goal' } : { x: c.workers as number, y: c.maxRatePerS },
    ) as unknown as Json,
    borderColor: color,
    backgroundColor: color,
    borderWidth: 2,
    pointRadius: 4,
    tension: 0,
    spanGaps: true,
  };
}

/** Dashed: from the measured basis to the predicted worker count, at the per-worker rate. */
function extrapolatedDatasets(r: Results, scenario: string, target: string, color: string, mine: CapacityRow[]): Json[] {
  const out: Json[] = [];
  for (const p of (r.sizing?.predictions ?? []).filter((x) => x.scenario === scenario && x.target === target && x.extrapolated && x.workers !== null)) {
    const basis = mine.find((c) => c.workers === p.basisWorkers);
    if (!basis?.maxRatePerS) continue;
    out.push({
      label: `${target} extrapolated (${p.perWorkerRatePerS?.toFixed(1)} req/s per worker)`,
      data: [
        { x: p.basisWorkers as number, y: basis.maxRatePerS },
        { x: p.workers as number, y: (p.perWorkerRatePerS as number) * (p.workers as number), note: 'extrapolated, not measured' },
      ] as unknown as Json,
      borderColor: lighten(color, 0.2),
      backgroundColor: lighten(color, 0.2),
      borderDash: [6, 5],
      borderWidth: 1.5,
      pointRadius: [0, 4],
      pointStyle: 'circle',
    });
  }
  return out;
}

/** --slo-verify's runs of a target: ★ held, ✕ did not hold. */
function verifyDatasets(here: CapacityRow[], target: string, color: string): Json[] {
  const v = here.filter((c) => c.verify && c.target === target);
  if (v.length === 0) return [];
  return [
    {
      label: `${target} --slo-verify (★ held, ✕ did not hold)`,
      data: v.map((c) => ({
        x: c.workers as number,
        y: c.verify?.ratePerS ?? null,
        note: c.verify?.held ? 'verified: held the goal' : `verified: did not hold (${c.verify?.reason})`,
      })) as unknown as Json,
      showLine: false,
      pointStyle: v.map((c) => (c.verify?.held ? 'star' : 'crossRot')),
      pointRadius: 10,
      pointBorderWidth: 3,
      borderColor: v.map((c) => (c.verify?.held ? color : INVALID_COLOR)),
      backgroundColor: v.map((c) => (c.verify?.held ? color : INVALID_COLOR)),
    },
  ];
}

/** Dotted: the rate each reference target held, the one to match, across the worker axis. */
function rateToMatchDatasets(r: Results, scenario: string, here: CapacityRow[]): Json[] {
  return (r.sizing?.predictions ?? [])
    .filter((x) => x.scenario === scenario)
    .filter((x, i, a) => a.findIndex((y) => y.reference.target === x.reference.target) === i)
    .map((p) => {
      const maxW = Math.max(...here.map((c) => c.workers as number), ...(r.sizing?.predictions ?? []).map((x) => x.workers ?? 0));
      return {
        label: `rate to match: ${p.reference.target} · ${p.reference.workers}w`,
        data: [
          { x: 1, y: p.reference.ratePerS },
          { x: Math.max(2, maxW), y: p.reference.ratePerS },
        ] as unknown as Json,
        borderColor: '#111827',
        backgroundColor: '#111827',
        borderDash: [2, 3],
        borderWidth: 1.5,
        pointRadius: 0,
        pointStyle: 'line',
      };
    });
}

function sizingChart(ctx: SectionContext, scenario: string, table: TableView): ChartDraft | null {
  const r: Results = ctx.results;
  const here = (r.capacity ?? []).filter((c) => c.scenario === scenario && c.workers !== null);
  const searched = here.filter((c) => !c.verify);
  if (searched.length === 0) return null;
  const slo = (searched[0] as CapacityRow).slo;
  const datasets: Json[] = [];
  for (const target of [...new Set(searched.map((c) => c.target))]) {
    const color = ctx.colors.get(target) ?? '#6b7280';
    const mine = searched.filter((c) => c.target === target).sort((a, b) => (a.workers as number) - (b.workers as number));
    datasets.push(measuredDataset(target, color, mine), ...extrapolatedDatasets(r, scenario, target, color, mine), ...verifyDatasets(here, target, color));
  }
  datasets.push(...rateToMatchDatasets(r, scenario, here));
  return {
    id: `sizing-${scenario}`,
    title: `${scenarioTitle(r, scenario)}: capacity at p${slo.percentile} < ${fmtMs(slo.boundMs)} vs workers`,
    caption:
      'The highest arrival rate each target held at the latency goal with under 1% errors in a valid cell (open model). Dashed: extrapolated from the per-worker rate at the largest measured count. Dotted: the rate to match. --slo-verify runs at the rate to match: ★ held, ✕ did not hold.',
    config: {
      type: 'line',
      data: { datasets },
      options: baseOptions({ x: axis('worker processes (log scale)', 'logarithmic'), y: axis('requests/s at the goal (log scale)', 'logarithmic') }),
    },
    formats: { x: 'workers', y: 'rps' },
    table: { columns: table.columns, rows: table.rows.filter((_, i) => (r.capacity ?? []).filter((c) => !c.verify)[i]?.scenario === scenario) },
  };
}

/** One capacity chart per scenario of the run's capacity search, in the order the search ran them. */
export function sizingCharts(ctx: SectionContext): ChartDraft[] {
  const table = ctx.sizing.capacity;
  return [...new Set((ctx.results.capacity ?? []).map((c) => c.scenario))].flatMap((scenario) => sizingChart(ctx, scenario, table) ?? []);
}
