// Markdown tables shared by summary.md's sections: a TableView as a GitHub table, and the Sizing
// section's tables and sentences (the same TableViews as the HTML).
import { escapeMarkdown as m } from './format.js';
import type { ReportData, TableView } from './types.js';

/** A GitHub table of cells already escaped (they may carry Markdown, e.g. a bold ratio). */
export function markdownRows(columns: string[], rows: string[][]): string[] {
  return [`| ${columns.map(m).join(' | ')} |`, `|${columns.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

export function markdownTable(t: TableView): string[] {
  return [
    `| ${t.columns.map(m).join(' | ')} |`,
    `|${t.columns.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...t.rows.map((r) => `| ${r.cells.map((c, i) => (i === 0 && r.invalid ? `✕ ${m(c)}` : m(c))).join(' | ')} |`),
  ];
}

export function sizingMarkdown({ sizing }: ReportData): string[] {
  const out: string[] = [...sizing.sentences.map((x) => `- ${m(x.sentence)}`), ''];
  for (const [title, t] of [
    ['Capacity at the goal', sizing.capacity],
    ['Workers needed', sizing.predictions],
    ['The bill', sizing.bill],
  ] as const) {
    if (t.rows.length > 0) out.push(`**${title}**`, '', ...markdownTable(t), '');
  }
  return out;
}
