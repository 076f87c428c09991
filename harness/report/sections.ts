// The one registry of report sections: id, title, intro, and the builder of their charts. HTML
// (html.ts), Markdown (markdown.ts) and the PNGs (charts.ts → png.ts) all derive from it, so a new
// section is one entry here (issue 17).
import type { Results } from '../types.js';
import { targetColors } from './chart-kit.js';
import { figureCharts } from './charts-figures.js';
import { errorsChart, resourcesChart } from './charts-overview.js';
import { distributionChart, latencyChart, throughputChart, workersChart, type ScenarioContext } from './charts-scenario.js';
import { sizingCharts } from './charts-sizing.js';
import { errorsExtra, sizingHtml, targetNotesHtml } from './html-sections.js';
import { sizingMarkdown } from './markdown-tables.js';
import { hasSizing } from './sizing.js';
import { buildPoints, scenarioOrder, scenarioTitle, targetOrder, type Point } from './points.js';
import type { ChartDraft } from './types.js';

/** What a section's builder sees: the run, its points, and one context per scenario in run order. */
export interface SectionContext {
  results: Results;
  points: Point[];
  targets: string[];
  colors: Map<string, string>;
  /** Per scenario: every point (open-model ones included). */
  scenarios: ScenarioContext[];
  /** Per scenario: closed-model points only (C connections), for the charts whose x axis is connections. */
  closed: ScenarioContext[];
}

export interface SectionDef {
  id: string;
  title: string;
  intro: string;
  /** The section's charts, in report order; scenarios in run order within it. */
  charts(ctx: SectionContext): Array<ChartDraft | null>;
  /** Shown even when it has no chart (e.g. errors: it then says that nothing failed). */
  always?: boolean;
  /** Shown without charts when this says so (e.g. sizing, when the run has a capacity table). */
  present?(results: Results): boolean;
  /** HTML under the section's charts (tables, cards). */
  html?(results: Results): string;
  /** Markdown lines under the section's chart links in summary.md. */
  markdown?(results: Results): string[];
}

const perScenario = (build: (s: ScenarioContext) => ChartDraft | null | Array<ChartDraft | null>) => (ctx: SectionContext) =>
  ctx.closed.flatMap((s) => build(s));

export const SECTIONS: readonly SectionDef[] = [
  {
    id: 'throughput',
    title: 'Throughput vs connections',
    intro:
      'Requests per second that passed verification, as connections grow. An async server can follow its ceiling (dashed) upward; a sync server stays flat at workers ÷ delay, however many clients wait.',
    charts: perScenario(throughputChart),
  },
  {
    id: 'workers',
    title: 'Worker comparison',
    intro:
      'Worker processes are how a sync server scales: each adds one request at a time. An async worker holds many requests already, so more workers help only where CPU or a per-worker limit binds.',
    charts: perScenario(workersChart),
  },
  {
    id: 'latency',
    title: 'Latency',
    intro:
      "When requests queue, latency grows with connections: by Little's law, mean latency = connections ÷ throughput. The distribution charts stretch the tail, where sync and async differ most.",
    charts: perScenario((s) => [latencyChart(s), distributionChart(s)]),
  },
  {
    id: 'resources',
    title: 'Resources',
    intro:
      'What each target costs: mean CPU of the whole server process tree (100% = one core), its CPU per answered request, its resident memory and its threads (also per connection: an event loop should need few), sampled from /proc during the measurement.',
    charts: perScenario(resourcesChart),
    html: targetNotesHtml,
    markdown: (r) => r.targets.flatMap((t) => (t.notes ?? []).map((n) => `- **${t.name}**: ${n}`)),
  },
  {
    id: 'errors',
    title: 'Errors & validity',
    intro:
      'Non-2xx responses, timeouts, connection errors and failed body checks are counted apart and never enter requests/s. A cell that fails a validity check is still shown everywhere, marked ✕, and never enters a headline.',
    charts: (ctx) => [errorsChart(ctx.points, ctx.targets)],
    always: true,
    html: errorsExtra,
  },
  {
    id: 'figures',
    title: 'Scenario figures',
    intro:
      "Figures a scenario declares for itself, folded from every response's check (for example long-poll delivery lag and missed events, or a stream's time to first byte), and how many requests the server held at once.",
    charts: (ctx) => ctx.scenarios.flatMap(figureCharts),
  },
  {
    id: 'sizing',
    title: 'Sizing',
    intro:
      'How many workers a latency goal needs (--slo). Requests arrive at a fixed rate whatever the server does (open model, latency from each intended send time); for each target and worker count, a short search (exponential ramp, then bisection) finds the highest rate whose cell met the goal with under 1% errors and no validity error. Every probe is an ordinary cell. Beyond the measured worker counts the answer is extrapolated, and says so.',
    charts: sizingCharts,
    present: hasSizing,
    html: sizingHtml,
    markdown: sizingMarkdown,
  },
];

export function sectionContext(results: Results): SectionContext {
  const points = buildPoints(results);
  const targets = targetOrder(results);
  const colors = targetColors(results);
  const make = (ps: Point[]) =>
    scenarioOrder(results)
      .map((scenario) => ({ results, scenario, title: scenarioTitle(results, scenario), points: ps.filter((p) => p.scenario === scenario), targets, colors }))
      .filter((s) => s.points.length > 0);
  return { results, points, targets, colors, scenarios: make(points), closed: make(points.filter((p) => p.ratePerS === null)) };
}
