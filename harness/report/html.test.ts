// index.html (html.ts): every section in order, one canvas and table view per chart, invalid cells
// marked, the headline's figures in the page text, nothing loaded from the network, hostile names inert.
import { describe, expect, it } from 'vitest';
import { buildCharts } from './charts.js';
import { fixture, HOSTILE, hostileFixture } from './fixtures/load-fixture.js';
import { escapeHtml, fmtMs, fmtRps, fmtTimes } from './format.js';
import { buildHeadline } from './headline.js';
import { renderHtml } from './html.js';
import { readChartJs } from './write.js';

const chartJs = readChartJs();
const sectionIds = (html: string) => [...html.matchAll(/<section id="([a-z]+)"/g)].map((m) => m[1]);

describe('index.html', () => {
  const results = fixture();
  const html = renderHtml(results, { chartJs });

  it('has every section, in order', () => {
    expect(sectionIds(html)).toEqual(['headline', 'throughput', 'workers', 'latency', 'resources', 'errors', 'figures', 'sizing', 'scenarios', 'provenance']);
    const withMicro = renderHtml(results, { chartJs, micro: [{ task: 'json parse', meanMs: 0.012, p99Ms: 0.05, rme: 1.2, samples: 1000 }] });
    expect(sectionIds(withMicro)).toEqual([
      'headline',
      'throughput',
      'workers',
      'latency',
      'resources',
      'errors',
      'figures',
      'sizing',
      'micro',
      'scenarios',
      'provenance',
    ]);
    expect(withMicro).toContain('<td>json parse</td><td>0.01 ms</td><td>0.05 ms</td>');
  });

  it('has one canvas and one table view per chart', () => {
    const charts = buildCharts(results);
    expect(charts.length).toBeGreaterThanOrEqual(17);
    expect(html.match(/<canvas /g)?.length).toBe(charts.length);
    for (const c of charts) {
      expect(html).toContain(`<canvas id="canvas-${c.id}"`);
      const card = html.slice(html.indexOf(`<figure class="chart" id="chart-${c.id}"`));
      expect(card.slice(0, card.indexOf('</figure>'))).toMatch(/<details><summary>Table view<\/summary><div class="table-wrap"><table>/);
    }
  });

  it('marks invalid cells with their reasons, and lists errored and aborted cells', () => {
    expect(html).toMatch(/<tr class="invalid"><td><span class="mark" title="invalid">✕<\/span>/);
    expect(html).toContain('the load generator used 93.4% of a core');
    expect(html).toContain('errored: gunicorn exited with code 1');
    expect(html).toContain('aborted: interrupted by SIGINT');
    expect(html).toContain('not measured');
  });

  it('shows the headline figures in the page text, formatted as everywhere else', () => {
    const first = buildHeadline(results).pairs[0];
    expect(first).toBeDefined();
    if (!first) return;
    expect(html).toContain(`<p class="ratio">${fmtTimes(first.ratio)}<small>the throughput</small>`);
    expect(html).toContain(fmtRps(first.asyncRps));
    expect(html).toContain(fmtMs(first.syncP99Ms));
    expect(html).toContain('share this machine&#39;s 2 cores');
  });

  it('loads nothing from the network', () => {
    expect(html).not.toMatch(/<script[^>]+src=|<link |@import|[^a-zA-Z]url\(|<img |<iframe/);
    expect(html.match(/<script/g)?.length).toBe(3);
  });

  it('embeds the run as JSON that parses back', () => {
    const m = html.match(/<script type="application\/json" id="asyncbench-data">([\s\S]*?)<\/script>/);
    const data = JSON.parse(m?.[1] ?? 'null') as { results: { cells: unknown[] }; charts: unknown[] };
    expect(data.results.cells.length).toBe(results.cells.length);
    expect(data.charts.length).toBe(buildCharts(results).length);
  });
});

describe('escaping hostile strings from config and servers', () => {
  const html = renderHtml(hostileFixture(), { chartJs });

  it('keeps a hostile target name inert everywhere', () => {
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b onmouseover');
    // Exactly the page's own three script elements close.
    expect(html.match(/<\/script>/gi)?.length).toBe(3);
    expect(html).toContain('&#60;/script&#62;&#60;img src=x onerror=alert(1)&#62;');
  });

  it('keeps the name intact in the embedded data', () => {
    const m = html.match(/<script type="application\/json" id="asyncbench-data">([\s\S]*?)<\/script>/);
    expect(m?.[1]).not.toContain('<');
    const data = JSON.parse(m?.[1] ?? 'null') as { results: { targets: Array<{ name: string }> } };
    expect(data.results.targets.map((t) => t.name)).toContain(HOSTILE);
  });
});

describe('threads and CPU per request (what async costs, per connection)', () => {
  it("shows each pair's threads per connection and CPU per request in its headline card", () => {
    const results = fixture();
    const pair = buildHeadline(results).pairs[0]!;
    const cell = results.cells.find(
      (c) => c.target === pair.asyncTarget && c.scenario === pair.scenario && c.workers === pair.workers && c.connections === pair.connections,
    )!;
    expect(pair.asyncThreads).toBe(cell.resources.threads);
    const html = renderHtml(results, { chartJs });
    const card = html.slice(html.indexOf(`<article class="verdict" data-scenario="${pair.scenario}">`));
    expect(card.slice(0, card.indexOf('</article>'))).toContain(
      `<dt>threads</dt><dd>${cell.resources.threads} (${(cell.resources.threads! / pair.connections).toFixed(2)}/conn)</dd>`,
    );
  });

  it("shows a target's own notes (TargetDef.notes) under the resources section, escaped", () => {
    const results = fixture();
    results.targets[0]!.notes = [`threads come from ${HOSTILE}`];
    const html = renderHtml(results, { chartJs });
    const resources = html.slice(html.indexOf('<section id="resources"'), html.indexOf('<section id="errors"'));
    expect(resources).toContain(`<b>${results.targets[0]!.name}</b>: threads come from ${escapeHtml(HOSTILE)}</li>`);
    expect(resources).not.toContain(HOSTILE);
  });
});
