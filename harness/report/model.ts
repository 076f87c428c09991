// The report's data, built once per report: points, scenario contexts, every chart, the headline,
// the sizing tables and which sections show. writeReport builds it once and hands it to the HTML,
// Markdown and PNG renderers (issue 24: buildCharts ran three times per report before).
import type { Results } from '../types.js';
import { targetColors } from './chart-kit.js';
import { buildHeadline } from './headline.js';
import { validityTable } from './table-views.js';
import { buildPoints, scenarioOrder, scenarioTitle, targetOrder, type Point } from './points.js';
import { SECTIONS } from './sections.js';
import { billTable, capacityTable, predictionsTable, sizingSentences } from './sizing.js';
import type { ChartSpec, MicroRow, ModelOption, ReportData, ReportModel, SectionContext, SizingView } from './types.js';

/** The Sizing section's sentences and tables, shared by the headline, the chart, HTML and Markdown. */
export function sizingView(results: Results): SizingView {
  return { sentences: sizingSentences(results), capacity: capacityTable(results), predictions: predictionsTable(results), bill: billTable(results) };
}

/** What the chart builders see: the run's points, per-scenario contexts and the sizing tables. */
export function sectionContext(results: Results): SectionContext {
  const points = buildPoints(results);
  const targets = targetOrder(results);
  const colors = targetColors(results);
  const make = (ps: Point[]) =>
    scenarioOrder(results)
      .map((scenario) => ({ results, scenario, title: scenarioTitle(results, scenario), points: ps.filter((p) => p.scenario === scenario), targets, colors }))
      .filter((s) => s.points.length > 0);
  return { results, points, targets, colors, scenarios: make(points), closed: make(points.filter((p) => p.ratePerS === null)), sizing: sizingView(results) };
}

/** Every chart of the run, grouped by section in registry order, each stamped with its section. */
export function chartsOf(ctx: SectionContext): ChartSpec[] {
  return SECTIONS.flatMap((s) => (s.charts?.(ctx) ?? []).flatMap((c) => (c ? [{ ...c, section: s.id }] : [])));
}

/** The report's data from its results (and micro-benchmark rows), built once and shared by every renderer. */
export function buildReportModel(results: Results, opts: { micro?: MicroRow[] | undefined } = {}): ReportModel {
  const ctx = sectionContext(results);
  const charts = chartsOf(ctx);
  const data: ReportData = {
    ...ctx,
    charts,
    headline: buildHeadline(results, ctx.points),
    validity: validityTable(results, ctx.points),
    micro: opts.micro ?? [],
  };
  const sections = SECTIONS.map((def) => ({ def, charts: charts.filter((c) => c.section === def.id) })).filter(
    (s) => s.charts.length > 0 || s.def.present?.(data) === true,
  );
  return { ...data, sections };
}

/** The model a renderer was handed, or one built from its results; a model of other results is a bug. */
export function modelFor(results: Results, opts: ModelOption & { micro?: MicroRow[] | undefined }): ReportModel {
  if (!opts.model) return buildReportModel(results, { micro: opts.micro });
  if (opts.model.results !== results) throw new Error('report: the model given to a renderer was built from other results');
  return opts.model;
}
