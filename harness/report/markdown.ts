// summary.md: the headline and compact tables, with the PNG charts linked, for a README or a pull
// request comment. Every section of the registry (sections.ts) in its order, through one loop; invalid
// cells are marked ✕ and explained in Errors & validity.
import type { Results } from '../types.js';
import { escapeMarkdown as m, fmtCount, fmtDate } from './format.js';
import { modelFor } from './model.js';
import type { MarkdownOptions, ReportModel, ShownSection } from './types.js';

/** The versions a run used, `name version` each, without the ones that were not installed. */
const installed = (versions: Record<string, string | null>) =>
  Object.entries(versions)
    .flatMap(([k, v]) => (v ? [`${k} ${v}`] : []))
    .join(', ');

function header(results: Results): string[] {
  const p = results.run.provenance;
  return [
    `# asyncbench: ${m(results.run.id)}`,
    '',
    `${fmtDate(results.run.startedAt)} · ${fmtCount(results.cells.length)} cells · ${m(p.cpuModel)}, ${p.cores} cores · ${m(installed(p.versions))}. ${m(p.sharedCores.charAt(0).toUpperCase() + p.sharedCores.slice(1))}.`,
    '',
  ];
}

/** One section: its heading, its chart PNGs, then its own lines; nothing when it has neither. */
function sectionMarkdown({ def, charts }: ShownSection, model: ReportModel, dir: string): string[] {
  const lines = [...(def.markdown?.(model) ?? [])];
  while (lines.at(-1) === '') lines.pop();
  if (charts.length === 0 && lines.length === 0) return [];
  return [
    `## ${m(def.title)}`,
    '',
    ...charts.flatMap((c) => [`![${m(c.title)}](${dir}/${encodeURIComponent(c.id)}.png)`, '']),
    ...(lines.length > 0 ? [...lines, ''] : []),
  ];
}

export function renderMarkdown(results: Results, options: MarkdownOptions = {}): string {
  const model = modelFor(results, options);
  const dir = (options.chartsDir ?? 'charts').replace(/\/+$/, '');
  return [
    ...header(results),
    ...model.sections.flatMap((s) => sectionMarkdown(s, model, dir)),
    `Full report: \`index.html\` · data: \`results.json\`, \`results.csv\`.`,
    '',
  ].join('\n');
}

export { renderMarkdown as render };
