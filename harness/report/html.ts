// index.html: one self-contained page (Chart.js inlined, data as JSON, no network), the report
// users publish. Every section of the registry (sections.ts) in its order, through one loop. Pure:
// the writer reads chart.umd.js and passes it in.
import type { Results } from '../types.js';
import { WHITE_BACKGROUND_JS, HYDRATE_JS } from './chart-hydrate.js';
import { escapeHtml as e, fmtDate, jsonForScript, plural } from './format.js';
import { REPORT_CSS } from './html-style.js';
import { tableHtml } from './html-sections.js';
import { modelFor } from './model.js';
import { scenarioOrder, scenarioTitle, sideOf, targetOrder } from './points.js';
import type { ChartSpec, HtmlOptions, ReportData, ShownSection } from './types.js';

const CLIENT_JS = String.raw`
(function () {
  var data = JSON.parse(document.getElementById('asyncbench-data').textContent);
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
  Chart.defaults.color = '#374151';
  // Phones: smaller legend text, so long legends leave room for the plot.
  if (window.matchMedia && window.matchMedia('(max-width: 640px)').matches) {
    Chart.defaults.font.size = 11;
    Chart.defaults.plugins.legend.labels.padding = 7;
  }
  var drawn = 0;
  data.charts.forEach(function (spec) {
    var canvas = document.getElementById('canvas-' + spec.id);
    if (!canvas) return;
    try {
      new Chart(canvas, asyncbenchHydrate(spec, { png: false }));
      drawn++;
    } catch (err) {
      console.error('asyncbench: chart ' + spec.id + ' failed: ' + err);
      var p = document.createElement('p');
      p.className = 'note';
      p.textContent = 'This chart could not be drawn; its table view below has every figure.';
      canvas.parentNode.replaceWith(p);
    }
  });
  document.documentElement.setAttribute('data-charts-drawn', String(drawn));
})();
`;

/** Inlined script text must not contain a closing tag; `<\/` means the same inside JS strings and regexes. */
const inlineScript = (js: string) => js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

/** Legend entries of a chart: the canvas grows with them, so a long legend never squeezes the plot. */
function legendEntries(spec: ChartSpec): number {
  const data = spec.config.data as { datasets?: unknown[] } | null;
  return Array.isArray(data?.datasets) ? data.datasets.length : 0;
}

function chartCard(spec: ChartSpec): string {
  return `<figure class="chart" id="chart-${e(spec.id)}">
<figcaption><h3>${e(spec.title)}</h3><p>${e(spec.caption)}</p></figcaption>
<div class="canvas-wrap" style="--legend:${legendEntries(spec)}"><canvas id="canvas-${e(spec.id)}" role="img" aria-label="${e(spec.title)}"></canvas></div>
<details><summary>Table view</summary>${tableHtml(spec.table)}</details>
</figure>`;
}

/** One section: title, intro, its chart cards (a section with a chart builder has the slot), then its own HTML. */
function sectionHtml({ def, charts }: ShownSection, data: ReportData): string {
  const cards = charts.map(chartCard).join('\n');
  const intro = def.intro ? `<p class="intro">${e(def.intro)}</p>\n` : '';
  const slot = def.charts ? `${cards ? `<div class="charts">\n${cards}\n</div>` : ''}\n` : '';
  return `<section id="${e(def.id)}" class="wrap"><h2>${e(def.title)}</h2>\n${intro}${slot}${def.html?.(data) ?? ''}</section>`;
}

function header(results: Results): string {
  const r = results.run;
  const failed = results.cells.filter((c) => c.status !== 'completed');
  const banner =
    r.status !== 'completed' || failed.length > 0
      ? `<p class="banner">${r.status !== 'completed' ? `This run is <b>${e(r.status)}</b>. ` : ''}${
          failed.length > 0
            ? `${e(plural(failed.length, 'cell'))} did not complete (${e(
                failed
                  .map((c) => c.status)
                  .filter((s, i, a) => a.indexOf(s) === i)
                  .join(', '),
              )}); see <a href="#errors">Errors &amp; validity</a>.`
            : ''
        }</p>`
      : '';
  const chips = targetOrder(results)
    .map((t) => `<li class="chip ${sideOf(results, t) ?? ''}">${e(t)}</li>`)
    .join('');
  const scenarios = scenarioOrder(results)
    .map((s) => scenarioTitle(results, s))
    .join(', ');
  return `<header class="top"><div class="wrap">
<h1>Async vs sync servers: asyncbench report</h1>
<p class="sub">Run <span class="mono">${e(r.id)}</span> · ${e(fmtDate(r.startedAt))} · ${e(plural(results.cells.length, 'cell'))} · ${e(scenarios)}</p>
<ul class="chips">${chips}</ul>
</div></header>
${banner ? `<div class="wrap">${banner}</div>` : ''}`;
}

export function renderHtml(results: Results, options: HtmlOptions): string {
  const model = modelFor(results, options);
  const nav = model.sections.map(({ def }) => `<li><a href="#${e(def.id)}">${e(def.nav ?? def.title)}</a></li>`).join('');
  const sections = model.sections.map((s) => sectionHtml(s, model)).join('\n');
  const data = { schemaVersion: results.schemaVersion, headline: model.headline, charts: model.charts.map(({ table: _t, ...spec }) => spec), results };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="asyncbench">
<title>asyncbench: ${e(results.run.id)}</title>
<style>${REPORT_CSS}</style>
</head><body>
${header(results)}
<nav class="toc" aria-label="Sections"><ul>${nav}</ul></nav>
<main>
${sections}
</main>
<footer class="wrap">Generated by asyncbench from <code>results.json</code> (schema ${results.schemaVersion}) on ${e(fmtDate(options.generatedAt ?? results.run.endedAt ?? results.run.startedAt))}. Self-contained: Chart.js is inlined and nothing is loaded from the network. <noscript>Charts need JavaScript; every figure is in the table views.</noscript></footer>
<script type="application/json" id="asyncbench-data">${jsonForScript(data)}</script>
<script>${inlineScript(options.chartJs)}</script>
<script>${inlineScript(HYDRATE_JS + WHITE_BACKGROUND_JS + CLIENT_JS)}</script>
</body></html>
`;
}

export { renderHtml as render };
