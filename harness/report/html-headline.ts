// The Headline section's HTML: the answer first, one verdict card per async/sync pair with the
// figures behind it. Every string from the run goes through escapeHtml.
import { escapeHtml as e, fmtCount, fmtMs, fmtRatioPct, fmtRps, fmtTimes } from './format.js';
import type { HeadlinePair } from './headline.js';
import type { ReportData } from './types.js';

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Threads of the server's process tree, and per connection: an event loop should need few. */
export function threadsText(threads: number | null, connections: number): string {
  if (threads === null) return '–';
  return `${fmtCount(threads)} (${(threads / Math.max(1, connections)).toFixed(2)}/conn)`;
}

const cpuText = (ms: number | null) => (ms === null || !Number.isFinite(ms) ? '–' : `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`);

const countCell = (n: number, of: number) => `${fmtCount(n)} of ${fmtCount(of)}`;

function verdictCard(p: HeadlinePair): string {
  const eff = (x: number | null) => (x === null ? '–' : fmtRatioPct(x));
  return `<article class="verdict" data-scenario="${e(p.scenario)}">
<p class="scn">${e(p.scenarioTitle)}${p.variant ? ` <small>${e(p.variant)}</small>` : ''}</p>
<p class="ratio">${e(fmtTimes(p.ratio))}<small>the throughput</small></p>
<p class="pair"><span class="a">${e(p.asyncTarget)}</span> vs <span class="s">${e(p.syncTarget)}</span></p>
<dl><dt></dt><dd><b>async</b></dd><dd><b>sync</b></dd>
<dt>req/s</dt><dd>${e(fmtRps(p.asyncRps))}</dd><dd>${e(fmtRps(p.syncRps))}</dd>
<dt>p99</dt><dd>${e(fmtMs(p.asyncP99Ms))}</dd><dd>${e(fmtMs(p.syncP99Ms))}</dd>
<dt>of ceiling</dt><dd>${e(eff(p.asyncEfficiency))}</dd><dd>${e(eff(p.syncEfficiency))}</dd>
<dt>threads</dt><dd>${e(threadsText(p.asyncThreads, p.connections))}</dd><dd>${e(threadsText(p.syncThreads, p.connections))}</dd>
<dt>CPU / request</dt><dd>${e(cpuText(p.asyncCpuMsPerRequest))}</dd><dd>${e(cpuText(p.syncCpuMsPerRequest))}</dd>${p.counts
    .map(
      (c) =>
        `\n<dt>${e(c.title.toLowerCase())}</dt><dd${c.async > 0 ? ' class="bad"' : ''}>${e(countCell(c.async, c.asyncOf))}</dd><dd${c.sync > 0 ? ' class="bad"' : ''}>${e(countCell(c.sync, c.syncOf))}</dd>`,
    )
    .join('')}</dl>
<p class="sentence">${e(p.sentence)}</p>
</article>`;
}

/** The Headline section: one card per async/sync pair, the pairs with no headline and why, and the sizing sentences. */
export function headlineHtml(d: ReportData): string {
  const { results, headline: h } = d;
  const cards = h.pairs.map(verdictCard).join('\n');
  const gaps = h.gaps
    .map((g) => `<li>${e(g.scenarioTitle)}: ${e(g.asyncTarget)}${g.syncTarget ? ` vs ${e(g.syncTarget)}` : ''}: no headline (${e(g.reason)}).</li>`)
    .join('\n');
  const sizing = d.sizing.sentences.map((x) => `<li>${e(x.sentence)}</li>`).join('\n');
  const capacityOnly = h.pairs.length === 0 && (results.capacity?.length ?? 0) > 0 && !results.cells.some((c) => !c.open);
  const none = capacityOnly
    ? '<p>This run is a capacity search (--slo) with no closed-model cells, so its answer is the sizing below, not a throughput ratio.</p>'
    : h.pairs.length === 0
      ? '<p><b>No valid async/sync pair in this run</b>, so there is no headline figure. The charts below show every cell, invalid ones marked.</p>'
      : '';
  return `${none}<div class="answer">
${cards}
</div>
<p class="note">${e(h.rule)} ${e(capitalize(results.run.provenance.sharedCores))}.</p>
${gaps ? `<ul class="gaps">\n${gaps}\n</ul>` : ''}
${h.pairing?.length ? `<details class="gaps"><summary>How the targets were paired</summary><ul>\n${h.pairing.map((x) => `<li>${e(x)}.</li>`).join('\n')}\n</ul></details>` : ''}
${sizing ? `<div class="card"><h3>Sizing: workers at the latency goal</h3><ul>\n${sizing}\n</ul><p class="note">See <a href="#sizing">Sizing</a> for the capacity table and the bill.</p></div>` : ''}
`;
}
