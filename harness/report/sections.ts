// The one registry of report sections: id, title, intro, the builder of their charts, and their
// HTML and Markdown. HTML (html.ts) and Markdown (markdown.ts) render every entry through one loop
// and the PNGs are its charts (charts.ts → png.ts), so a new section is one entry here and its
// renderers, nothing in html.ts or markdown.ts (issues 17 and 24).
import { figureCharts } from './charts-figures.js';
import { errorsChart, resourcesChart } from './charts-overview.js';
import { distributionChart, latencyChart, throughputChart, workersChart } from './charts-scenario.js';
import { sizingCharts } from './charts-sizing.js';
import { headlineHtml } from './html-headline.js';
import { provenanceHtml } from './html-provenance.js';
import { errorsExtra, microHtml, scenariosHtml, sizingHtml, targetNotesHtml } from './html-sections.js';
import { headlineMarkdown, microMarkdown, throughputMarkdown, validityMarkdown } from './markdown-sections.js';
import { sizingMarkdown } from './markdown-tables.js';
import { hasSizing } from './sizing.js';
import type { ChartDraft, ScenarioContext, SectionContext, SectionDef } from './types.js';

const perScenario = (build: (s: ScenarioContext) => ChartDraft | null | Array<ChartDraft | null>) => (ctx: SectionContext) =>
  ctx.closed.flatMap((s) => build(s));

const always = () => true;

export const SECTIONS: readonly SectionDef[] = [
  {
    id: 'headline',
    title: 'Headline',
    present: always,
    html: headlineHtml,
    markdown: headlineMarkdown,
  },
  {
    id: 'throughput',
    title: 'Throughput vs connections',
    intro:
      'Requests per second that passed verification, as connections grow. An async server can follow its ceiling (dashed) upward; a sync server stays flat at workers ÷ delay, however many clients wait.',
    charts: perScenario(throughputChart),
    markdown: throughputMarkdown,
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
    markdown: ({ results }) => results.targets.flatMap((t) => (t.notes ?? []).map((n) => `- **${t.name}**: ${n}`)),
  },
  {
    id: 'errors',
    title: 'Errors & validity',
    intro:
      'Non-2xx responses, timeouts, connection errors and failed body checks are counted apart and never enter requests/s. A cell that fails a validity check is still shown everywhere, marked ✕, and never enters a headline.',
    charts: (ctx) => [errorsChart(ctx.points, ctx.targets)],
    present: always,
    html: errorsExtra,
    markdown: validityMarkdown,
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
    present: (d) => hasSizing(d.results),
    html: sizingHtml,
    markdown: sizingMarkdown,
  },
  {
    id: 'micro',
    title: 'Micro-benchmarks',
    intro: 'In-process timings of single operations (tinybench), without the network or a load generator.',
    present: (d) => d.micro.length > 0,
    html: microHtml,
    markdown: microMarkdown,
  },
  {
    id: 'scenarios',
    title: 'Scenarios and targets',
    nav: 'Scenarios',
    intro:
      "What each scenario asks of a server, and how each target serves it. The ceiling of every cell follows Little's law: requests that can make progress at once ÷ the time each one takes.",
    present: always,
    html: scenariosHtml,
  },
  {
    id: 'provenance',
    title: 'Provenance',
    intro: 'Everything needed to judge and reproduce these figures.',
    present: always,
    html: provenanceHtml,
  },
];
