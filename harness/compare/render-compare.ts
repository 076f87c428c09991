// Pure renderers of a comparison: a terminal table and a small self-contained HTML page.
import type { CellComparison, Comparison, MetricChange } from './compare.js';

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

function metric(m: MetricChange | null, unit: (x: number) => string): string {
  if (!m) return '-';
  const ci = m.ci ? ` [${pct(m.ci[0])}, ${pct(m.ci[1])}]` : '';
  return `${unit(m.before)} → ${unit(m.after)} (${pct(m.change)}${ci}) ${m.verdict}`;
}

export function renderCompareText(cmp: Comparison): string {
  const lines = [`compare ${cmp.a.id} (A) → ${cmp.b.id} (B): ${cmp.cells.length} matching cells`, ''];
  for (const c of cmp.cells) {
    lines.push(`${c.key}  (repeats ${c.repeatsA} vs ${c.repeatsB})${c.caveat ? `  ⚠ ${c.caveat}` : ''}`);
    lines.push(`  req/s  ${metric(c.rps, (x) => x.toFixed(1))}`);
    lines.push(`  p99    ${metric(c.p99Ms, fmtMs)}`);
  }
  if (cmp.onlyInA.length) lines.push('', `only in A: ${cmp.onlyInA.join('; ')}`);
  if (cmp.onlyInB.length) lines.push('', `only in B: ${cmp.onlyInB.join('; ')}`);
  if (cmp.cells.some((c) => c.rps.ci === null)) lines.push('', "Cells without enough repeats for a 95% interval (4 on both sides, or 3 and 5) can't be judged significant: run both with --repeat 5.");
  return lines.join('\n');
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
${cmp.onlyInA.length ? `<p>Only in A: ${esc(cmp.onlyInA.join('; '))}</p>` : ''}${cmp.onlyInB.length ? `<p>Only in B: ${esc(cmp.onlyInB.join('; '))}</p>` : ''}
</body></html>
`;
}
