// Pure renderers of a comparison: a terminal table, Markdown (a pull-request comment, the job
// summary) and a small self-contained HTML page.
import type { CellComparison, Comparison, MetricChange } from './compare.js';
import { gateSentence, type GateVerdict } from './gate.js';
import { aSide, brokenLine, type BrokenCell } from './broken.js';
import { renderUnmatched, summariseUnmatched } from './unmatched.js';

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

function metric(m: MetricChange | null, unit: (x: number) => string): string {
  if (!m) return '-';
  const ci = m.ci ? ` [${pct(m.ci[0])}, ${pct(m.ci[1])}]` : '';
  return `${unit(m.before)} → ${unit(m.after)} (${pct(m.change)}${ci}) ${m.verdict}`;
}

const regressing = (cmp: Comparison) => cmp.broken.filter((c) => c.alsoInA === null);
const notes = (cmp: Comparison) => cmp.broken.filter((c) => c.alsoInA !== null);
const cellsText = (n: number) => `${n} cell${n > 1 ? 's' : ''}`;
const BROKE = 'broke in B (valid in A: a regression whatever the threshold)';
const NOTE = 'broken in B, but already in A (not a regression from that cell)';

/** The broken cells as text lines, one per cell with what went wrong. */
function brokenText(cmp: Comparison): string[] {
  const out: string[] = [];
  for (const [label, cells] of [
    [BROKE, regressing(cmp)],
    [NOTE, notes(cmp)],
  ] as const) {
    if (!cells.length) continue;
    out.push('', `${label}: ${cellsText(cells.length)}`, ...cells.map((c) => `  ${brokenLine(c)}`));
  }
  return out;
}

export function renderCompareText(cmp: Comparison): string {
  const lines = [`compare ${cmp.a.id} (A) → ${cmp.b.id} (B): ${cmp.cells.length} matching cells`, ''];
  for (const c of cmp.cells) {
    lines.push(`${c.key}  (repeats ${c.repeatsA} vs ${c.repeatsB})${c.caveat ? `  ⚠ ${c.caveat}` : ''}`);
    lines.push(`  req/s  ${metric(c.rps, (x) => x.toFixed(1))}`);
    lines.push(`  p99    ${metric(c.p99Ms, fmtMs)}`);
  }
  const gap = () => (lines.at(-1) === '' ? [] : ['']);
  const broken = brokenText(cmp);
  if (broken.length) lines.push(...(lines.at(-1) === '' ? broken.slice(1) : broken));
  if (cmp.onlyInA.length) lines.push(...gap(), ...renderUnmatched('only in A', cmp.onlyInA));
  if (cmp.onlyInB.length) lines.push(...gap(), ...renderUnmatched('only in B', cmp.onlyInB));
  if (cmp.cells.some((c) => c.rps.ci === null))
    lines.push('', "Cells without enough repeats for a 95% interval (4 on both sides, or 3 and 5) can't be judged significant: run both with --repeat 5.");
  return lines.join('\n');
}

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY: the gate's verdict first. */
export function renderCompareMarkdown(cmp: Comparison, verdict: GateVerdict = { state: 'off' }): string {
  const icon = verdict.state === 'passed' ? '✅' : verdict.state === 'off' ? 'ℹ️' : verdict.state === 'cant-tell' ? '⚠️' : '❌';
  const lines = [
    '## asyncbench comparison',
    '',
    `A (base): \`${cmp.a.id}\` → B (this change): \`${cmp.b.id}\`, ${cmp.cells.length} matching cell${cmp.cells.length === 1 ? '' : 's'}. Changes are B relative to A.`,
    '',
  ];
  const sentence = gateSentence(verdict);
  if (sentence) lines.push(`${icon} **${sentence.replace(/^gate (passed|failed|can't tell): /, 'Gate $1: ')}**`, '');
  if (cmp.cells.length) {
    const bad = new Set(verdict.state === 'regressed' ? verdict.cells.map((c) => c.key) : []);
    const unsure = new Set(
      verdict.state === 'regressed' ? verdict.unsure.map((c) => c.key) : verdict.state === 'cant-tell' ? verdict.cells.map((c) => c.key) : [],
    );
    const broke = new Set(regressing(cmp).map((c) => c.key));
    lines.push('| cell | repeats A / B | req/s | p99 | note |', '|---|---|---|---|---|');
    for (const c of cmp.cells) {
      const note = [
        bad.has(c.key) ? '**regressed**' : '',
        unsure.has(c.key) ? "**can't tell** (the interval reaches past the threshold)" : '',
        broke.has(c.key) ? '**broke in B**' : '',
        c.caveat ? `⚠ ${c.caveat}` : '',
      ]
        .filter(Boolean)
        .join(' ');
      lines.push(
        `| ${mdCell(c.key)} | ${c.repeatsA} / ${c.repeatsB} | ${mdCell(metric(c.rps, (x) => x.toFixed(1)))} | ${mdCell(metric(c.p99Ms, fmtMs))} | ${mdCell(note)} |`,
      );
    }
    lines.push('');
  }
  for (const [label, cells] of [
    [`**Broke in B** (valid in A: a regression whatever the threshold): ${cellsText(regressing(cmp).length)}`, regressing(cmp)],
    [`_Broken in B, but already in A: not a regression from that cell:_ ${cellsText(notes(cmp).length)}`, notes(cmp)],
  ] as const) {
    if (!cells.length) continue;
    // Only the notes have an A side to show.
    const withA = cells.some((c) => c.alsoInA !== null);
    lines.push(
      label,
      '',
      `| target | scenario | workers | connections | what went wrong in B |${withA ? ' in A |' : ''}`,
      `|---|---|---|---|---|${withA ? '---|' : ''}`,
    );
    for (const c of cells) lines.push(brokenRow(c));
    lines.push('');
  }
  for (const [label, keys] of [
    ['Only in A', cmp.onlyInA],
    ['Only in B', cmp.onlyInB],
  ] as const) {
    if (!keys.length) continue;
    lines.push(`**${label}:** ${keys.length} cell${keys.length > 1 ? 's' : ''}`, '', '| target | scenario | cells |', '|---|---|---|');
    for (const g of summariseUnmatched(keys)) lines.push(`| ${mdCell(g.target)} | ${mdCell(g.scenario)} | ${g.cells} |`);
    lines.push('');
  }
  if (cmp.cells.some((c) => c.rps.ci === null))
    lines.push("_Cells without enough repeats for a 95% interval can't be judged significant: run both sides with `--repeat 5`._", '');
  return `${lines.join('\n').trimEnd()}\n`;
}

function brokenRow(c: BrokenCell): string {
  const load = c.ratePerS === null ? String(c.connections) : `rate ${c.ratePerS}/s`;
  const cols = [c.target, c.scenario, String(c.workers ?? '?'), load, c.problems.join('; '), ...(c.alsoInA ? [aSide(c)] : [])];
  return `| ${cols.map(mdCell).join(' | ')} |`;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function row(c: CellComparison): string {
  const cls = (m: MetricChange | null) => (m?.verdict === 'slower' ? 'worse' : m?.verdict === 'faster' ? 'better' : '');
  return `<tr><td>${esc(c.key)}</td><td>${c.repeatsA} / ${c.repeatsB}</td><td class="${cls(c.rps)}">${esc(metric(c.rps, (x) => x.toFixed(1)))}</td><td class="${cls(c.p99Ms)}">${esc(metric(c.p99Ms, fmtMs))}</td><td>${esc(c.caveat ?? '')}</td></tr>`;
}

export function renderCompareHtml(cmp: Comparison): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>asyncbench compare ${esc(cmp.a.id)} → ${esc(cmp.b.id)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1f2328}table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}td,th{border-bottom:1px solid #d0d7de;padding:.4rem .5rem;text-align:left;vertical-align:top}.worse{color:#b42318;font-weight:600}.better{color:#1a7f37;font-weight:600}.wrap{overflow-x:auto}</style></head>
<body><h1>Run comparison</h1><p>A: <b>${esc(cmp.a.id)}</b> (${esc(cmp.a.startedAt)}) → B: <b>${esc(cmp.b.id)}</b> (${esc(cmp.b.startedAt)}). Changes are B relative to A, medians across repeats, with 95% bootstrap intervals where both runs have at least 3 repeats.</p>
<div class="wrap"><table><thead><tr><th>cell</th><th>repeats A / B</th><th>req/s</th><th>p99</th><th>caveat</th></tr></thead><tbody>
${cmp.cells.map(row).join('\n')}
</tbody></table></div>
${[brokenText(cmp).filter(Boolean), renderUnmatched('Only in A', cmp.onlyInA), renderUnmatched('Only in B', cmp.onlyInB)]
  .filter((l) => l.length)
  .map((l) => `<p>${l.map(esc).join('<br>')}</p>`)
  .join('')}
</body></html>
`;
}
