// summary.md: the headline and compact tables, with the PNG charts linked, for a README or a pull
// request comment. Invalid cells are marked ✕ and explained at the end.
import type { Results } from '../types.js';
import { buildCharts } from './charts.js';
import { escapeMarkdown as m, fmtCount, fmtDate, fmtMs, fmtRps, fmtTimes, fmtWorkers } from './format.js';
import { buildHeadline } from './headline.js';
import { validityTable } from './html-sections.js';
import { buildPoints, scenarioOrder, scenarioTitle, targetOrder, uniqueSorted } from './points.js';
import { SECTIONS } from './sections.js';
import { sizingSentences } from './sizing.js';
import type { MarkdownOptions } from './types.js';

function table(columns: string[], rows: string[][]): string[] {
  return [`| ${columns.map(m).join(' | ')} |`, `|${columns.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/** Requests/s per target (rows) and workers (columns) at one connection count; ✕ marks invalid cells. */
function throughputTable(results: Results, scenario: string): string[] {
  const points = buildPoints(results).filter((p) => p.scenario === scenario && p.ratePerS === null);
  if (points.length === 0) return [];
  const conns = Math.max(...points.map((p) => p.connections));
  const at = points.filter((p) => p.connections === conns);
  const workers = uniqueSorted(at.map((p) => p.workers));
  const cols = workers.length > 0 ? workers : [null];
  const rows = targetOrder(results)
    .filter((t) => at.some((p) => p.target === t))
    .map((t) => [
      m(t),
      ...cols.map((w) => {
        const p = at.find((q) => q.target === t && q.workers === w);
        if (!p) return '';
        if (p.cell.status !== 'completed') return `✕ ${p.cell.status}`;
        return `${p.valid ? '' : '✕ '}${fmtRps(p.cell.rps)} (p99 ${fmtMs(p.cell.latencyMs?.p99)})`;
      }),
    ]);
  return [
    `**${m(scenarioTitle(results, scenario))}**, requests/s at ${fmtCount(conns)} connections:`,
    '',
    ...table(['target', ...cols.map((w) => `${fmtWorkers(w)} workers`)], rows),
    '',
  ];
}

export function renderMarkdown(results: Results, options: MarkdownOptions = {}): string {
  const dir = (options.chartsDir ?? 'charts').replace(/\/+$/, '');
  const h = buildHeadline(results);
  const p = results.run.provenance;
  const out: string[] = [
    `# asyncbench: ${m(results.run.id)}`,
    '',
    `${fmtDate(results.run.startedAt)} · ${fmtCount(results.cells.length)} cells · ${m(p.cpuModel)}, ${p.cores} cores · node ${m(p.node)}${p.django ? ` · Django ${m(p.django)}` : ''}. ${m(p.sharedCores.charAt(0).toUpperCase() + p.sharedCores.slice(1))}.`,
    '',
    '## Headline',
    '',
  ];
  if (h.pairs.length > 0) {
    const rows = h.pairs.map((x) => [
      m(x.variant ? `${x.scenarioTitle} (${x.variant})` : x.scenarioTitle),
      m(x.asyncTarget),
      m(x.syncTarget),
      fmtWorkers(x.workers),
      fmtCount(x.connections),
      fmtRps(x.asyncRps),
      fmtRps(x.syncRps),
      `**${fmtTimes(x.ratio)}**`,
      fmtMs(x.asyncP99Ms),
      fmtMs(x.syncP99Ms),
    ]);
    out.push(...table(['scenario', 'async', 'sync', 'workers', 'connections', 'async req/s', 'sync req/s', 'ratio', 'async p99', 'sync p99'], rows), '');
    out.push(...h.pairs.map((x) => `- ${m(x.sentence)}`), '');
  } else {
    const capacityOnly = (results.capacity?.length ?? 0) > 0 && !results.cells.some((c) => !c.open);
    out.push(
      capacityOnly
        ? 'This run is a capacity search (--slo) with no closed-model cells: its answer is the sizing below.'
        : '**No valid async/sync pair in this run**, so there is no headline figure.',
      '',
    );
  }
  const sizing = sizingSentences(results);
  if (sizing.length > 0) out.push('**Sizing** (see the Sizing section below):', '', ...sizing.map((x) => `- ${m(x.sentence)}`), '');
  if (h.gaps.length > 0)
    out.push(
      ...h.gaps.map((g) => `- No headline for ${m(g.scenarioTitle)}, ${m(g.asyncTarget)}${g.syncTarget ? ` vs ${m(g.syncTarget)}` : ''}: ${m(g.reason)}.`),
      '',
    );
  out.push(`_${m(h.rule)}_`, '');
  if (h.pairing?.length) out.push('How the targets were paired:', '', ...h.pairing.map((x) => `- ${m(x)}.`), '');
  const tables = scenarioOrder(results).flatMap((s) => (results.cells.some((c) => c.scenario === s) ? throughputTable(results, s) : []));
  if (tables.length > 0) out.push('## Throughput', '', ...tables);

  out.push('## Charts', '');
  const charts = buildCharts(results);
  for (const section of SECTIONS) {
    const here = charts.filter((c) => c.section === section.id);
    const extra = section.markdown?.(results) ?? [];
    if (here.length === 0 && extra.length === 0) continue;
    out.push(`### ${m(section.title)}`, '');
    for (const c of here) out.push(`![${m(c.title)}](${dir}/${encodeURIComponent(c.id)}.png)`, '');
    if (extra.length > 0) out.push(...extra, '');
  }

  const v = validityTable(results);
  out.push('## Invalid and failed cells', '');
  if (v.rows.length === 0) out.push('Every cell passed every validity check.', '');
  else
    out.push(
      'Shown in the charts (✕), never used in a headline.',
      '',
      ...table(
        v.columns,
        v.rows.map((r) => r.cells.map((c, i) => (i === 0 && r.invalid ? `✕ ${m(c)}` : m(c)))),
      ),
      '',
    );
  out.push(`Full report: \`index.html\` · data: \`results.json\`, \`results.csv\`.`, '');
  return out.join('\n');
}

export { renderMarkdown as render };
