// Markdown tables shared by summary.md's sections: a TableView as a GitHub table, and the Sizing
// section's tables and sentences (the same TableViews as the HTML).
import type { Results } from '../types.js';
import { escapeMarkdown as m } from './format.js';
import { billTable, capacityTable, predictionsTable, sizingSentences } from './sizing.js';
import type { TableView } from './types.js';

export function markdownTable(t: TableView): string[] {
  return [
    `| ${t.columns.map(m).join(' | ')} |`,
    `|${t.columns.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...t.rows.map((r) => `| ${r.cells.map((c, i) => (i === 0 && r.invalid ? `✕ ${m(c)}` : m(c))).join(' | ')} |`),
  ];
}

export function sizingMarkdown(results: Results): string[] {
  const out: string[] = [...sizingSentences(results).map((x) => `- ${m(x.sentence)}`), ''];
  for (const [title, t] of [
    ['Capacity at the goal', capacityTable(results)],
    ['Workers needed', predictionsTable(results)],
    ['The bill', billTable(results)],
  ] as const) {
    if (t.rows.length > 0) out.push(`**${title}**`, '', ...markdownTable(t), '');
  }
  return out;
}
