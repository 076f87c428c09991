// summary.md's text of the registry sections (sections.ts) that say more than their chart links:
// the headline, the compact throughput tables, the invalid cells and the micro-benchmarks. Pure
// lines; markdown.ts puts each under its section's heading.
import { escapeMarkdown as m, fmtCount, fmtMs, fmtRps, fmtTimes, fmtWorkers } from './format.js';
import { microTable } from './table-views.js';
import { markdownRows, markdownTable } from './markdown-tables.js';
import { scenarioOrder, scenarioTitle, uniqueSorted } from './points.js';
import type { ReportData } from './types.js';

const HEADLINE_COLUMNS = ['scenario', 'async', 'sync', 'workers', 'connections', 'async req/s', 'sync req/s', 'ratio', 'async p99', 'sync p99'];

/** The headline table and sentences (or why there is none), the sizing sentences, the gaps and the rule. */
export function headlineMarkdown({ results, headline: h, sizing }: ReportData): string[] {
  const out: string[] = [];
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
    out.push(...markdownRows(HEADLINE_COLUMNS, rows), '', ...h.pairs.map((x) => `- ${m(x.sentence)}`), '');
  } else {
    const capacityOnly = (results.capacity?.length ?? 0) > 0 && !results.cells.some((c) => !c.open);
    out.push(
      capacityOnly
        ? 'This run is a capacity search (--slo) with no closed-model cells: its answer is the sizing below.'
        : '**No valid async/sync pair in this run**, so there is no headline figure.',
      '',
    );
  }
  if (sizing.sentences.length > 0) out.push('**Sizing** (see the Sizing section below):', '', ...sizing.sentences.map((x) => `- ${m(x.sentence)}`), '');
  if (h.gaps.length > 0)
    out.push(
      ...h.gaps.map((g) => `- No headline for ${m(g.scenarioTitle)}, ${m(g.asyncTarget)}${g.syncTarget ? ` vs ${m(g.syncTarget)}` : ''}: ${m(g.reason)}.`),
      '',
    );
  out.push(`_${m(h.rule)}_`);
  if (h.pairing?.length) out.push('', 'How the targets were paired:', '', ...h.pairing.map((x) => `- ${m(x)}.`));
  return out;
}

/** Requests/s per target (rows) and workers (columns) at one connection count; ✕ marks invalid cells. */
function throughputTable(d: ReportData, scenario: string): string[] {
  const points = d.points.filter((p) => p.scenario === scenario && p.ratePerS === null);
  if (points.length === 0) return [];
  const conns = Math.max(...points.map((p) => p.connections));
  const at = points.filter((p) => p.connections === conns);
  const workers = uniqueSorted(at.map((p) => p.workers));
  const cols = workers.length > 0 ? workers : [null];
  const rows = d.targets
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
    `**${m(scenarioTitle(d.results, scenario))}**, requests/s at ${fmtCount(conns)} connections:`,
    '',
    ...markdownRows(['target', ...cols.map((w) => `${fmtWorkers(w)} workers`)], rows),
    '',
  ];
}

/** One compact table per scenario at its largest connection count, for a README or a pull request. */
export function throughputMarkdown(d: ReportData): string[] {
  return scenarioOrder(d.results).flatMap((s) => (d.results.cells.some((c) => c.scenario === s) ? throughputTable(d, s) : []));
}

/** The cells that are invalid, failed or carry a warning, shown in the charts and never in a headline. */
export function validityMarkdown({ validity: v }: ReportData): string[] {
  const out = ['**Invalid and failed cells**', ''];
  if (v.rows.length === 0) return [...out, 'Every cell passed every validity check.'];
  return [...out, 'Shown in the charts (✕), never used in a headline.', '', ...markdownTable(v)];
}

export const microMarkdown = (d: ReportData): string[] => markdownTable(microTable(d.micro));
