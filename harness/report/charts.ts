// The one chart builder behind the HTML and the PNGs: Results → ChartSpec[], pure JSON specs.
import type { Results } from '../types.js';
import { targetColors } from './chart-kit.js';
import { errorsChart, longpollChart, resourcesChart } from './charts-overview.js';
import { distributionChart, latencyChart, throughputChart, workersChart, type ScenarioContext } from './charts-scenario.js';
import { buildPoints, scenarioOrder, scenarioTitle, targetOrder } from './points.js';

export { scenarioTitle };
import type { ChartSpec, SectionId } from './types.js';

export const SECTION_ORDER: SectionId[] = ['throughput', 'workers', 'latency', 'resources', 'errors', 'longpoll'];

/** Every chart of the run, grouped by section in report order, scenarios in run order within each. */
export function buildCharts(results: Results): ChartSpec[] {
  const points = buildPoints(results);
  const targets = targetOrder(results);
  const colors = targetColors(results);
  const out: ChartSpec[] = [];
  for (const scenario of scenarioOrder(results)) {
    const ps = points.filter((p) => p.scenario === scenario);
    if (ps.length === 0) continue;
    const ctx: ScenarioContext = { results, scenario, title: scenarioTitle(results, scenario), points: ps, targets, colors };
    for (const spec of [throughputChart(ctx), workersChart(ctx), latencyChart(ctx), distributionChart(ctx), resourcesChart(ctx), longpollChart(ctx)]) {
      if (spec) out.push(spec);
    }
  }
  const errors = errorsChart(points, targets);
  if (errors) out.push(errors);
  // Stable sort: section order first, scenario order kept inside each section.
  return out
    .map((spec, i) => ({ spec, i }))
    .sort((a, b) => SECTION_ORDER.indexOf(a.spec.section) - SECTION_ORDER.indexOf(b.spec.section) || a.i - b.i)
    .map((x) => x.spec);
}
