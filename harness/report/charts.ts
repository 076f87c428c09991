// The one chart builder behind the HTML and the PNGs: Results → ChartSpec[], pure JSON specs, in
// the order of the section registry (sections.ts), which also stamps each chart's section.
import type { Results } from '../types.js';
import { scenarioTitle } from './points.js';
import { SECTIONS, sectionContext } from './sections.js';
import type { ChartSpec } from './types.js';

export { scenarioTitle };

/** Every chart of the run, grouped by section in report order, scenarios in run order within each. */
export function buildCharts(results: Results): ChartSpec[] {
  const ctx = sectionContext(results);
  return SECTIONS.flatMap((s) => s.charts(ctx).flatMap((c) => (c ? [{ ...c, section: s.id }] : [])));
}
