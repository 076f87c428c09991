// The one chart builder behind the HTML and the PNGs: Results → ChartSpec[], pure JSON specs, in
// the order of the section registry (sections.ts), which also stamps each chart's section. A report
// builds them once, in its model (model.ts); this is the entry point for a caller that wants only charts.
import type { Results } from '../types.js';
import { chartsOf, sectionContext } from './model.js';
import { scenarioTitle } from './points.js';
import type { ChartSpec } from './types.js';

export { scenarioTitle };

/** Every chart of the run, grouped by section in report order, scenarios in run order within each. */
export function buildCharts(results: Results): ChartSpec[] {
  return chartsOf(sectionContext(results));
}
